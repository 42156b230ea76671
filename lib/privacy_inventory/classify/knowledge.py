"""The knowledge the classifier uses right now: the package's lexicon, a DPO's additions, minus held-out fits."""

from __future__ import annotations

import re
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Callable, Iterator, Sequence

from privacy_inventory.classify import lexicon as _lexicon


@dataclass(frozen=True)
class NameRule:
    """One compiled rule: a whole-word pattern over the tokenised name and what it means."""

    pattern: re.Pattern[str]
    category: str | None
    score: float
    label: str
    scope: str
    flag: str | None = None
    needs_values: bool = False  # ambiguous name (`ad_id`): personal only when the values confirm it


@dataclass(frozen=True)
class TableContext:
    """Tables about a person's events of one kind, whose descriptive columns take one category."""

    label: str
    category: str
    pattern: re.Pattern[str]  # over ` table words `
    owners: frozenset[str]
    records_of: frozenset[str] = frozenset()  # every record of a person of these kinds (no table words needed)
    columns: re.Pattern[str] | None = None  # over ` column words `: the record's columns must say one of these


@dataclass(frozen=True)
class Knowledge:
    """Compiled rules, abbreviations and word sets (frozen, shared by every column of a scan)."""

    rules: tuple[NameRule, ...]
    id_rules: tuple[NameRule, ...]
    abbreviations: dict[str, tuple[str, ...]]
    sets: dict[str, frozenset[str]]
    files: tuple[str, ...]
    excluded: tuple[str, ...]
    contexts: tuple[TableContext, ...] = ()

    def words(self, name: str) -> frozenset[str]:
        """A named word set (empty when no file defines it)."""
        return self.sets.get(name, frozenset())


def _compile(lex: _lexicon.Lexicon, files: tuple[str, ...], excluded: tuple[str, ...]) -> Knowledge:
    def rules(entries: list[_lexicon.RuleEntry]) -> tuple[NameRule, ...]:
        return tuple(NameRule(re.compile(e.pattern), e.category, e.score, e.label, e.scope, e.flag, e.needs_values)
                     for e in entries)

    def phrases(words: tuple[str, ...]) -> re.Pattern[str]:
        return re.compile(" (" + "|".join(re.escape(w) for w in words) + ") " if words else "(?!)")

    contexts = tuple(TableContext(e.label, e.category, phrases(e.words), frozenset(e.owners), frozenset(e.records_of),
                                  phrases(e.columns) if e.columns else None) for e in lex.contexts)
    return Knowledge(rules(lex.rules), rules(lex.id_rules), dict(lex.abbreviations),
                     {k: frozenset(v) for k, v in lex.word_sets.items()}, files, excluded, contexts)


_ACTIVE: list[Knowledge] = []
_CACHES: list[Callable[[], None]] = []


def active() -> Knowledge:
    """The knowledge in force (the package's alone until configure() or using() says otherwise)."""
    if not _ACTIVE:
        _ACTIVE.append(_compile(_lexicon.load(), (), ()))
    return _ACTIVE[-1]


def register_cache(clear: Callable[[], None]) -> Callable[[], None]:
    """Caches of results that depend on the knowledge are cleared whenever it changes."""
    _CACHES.append(clear)
    return clear


def clear_caches() -> None:
    """Forget every result that depends on the knowledge or on the schema being scanned."""
    for clear in _CACHES:
        clear()


def _set(knowledge: Knowledge) -> None:
    if _ACTIVE and _ACTIVE[-1] is knowledge:
        return
    _ACTIVE[:] = [knowledge]
    clear_caches()


def configure(files: Sequence[str] = (), exclude_fitted_on: Sequence[str] = ()) -> Knowledge:
    """Use the package's knowledge plus `files` (a DPO's lexicons), leaving out entries fitted on those applications."""
    files_t, excluded_t = tuple(str(f) for f in files), tuple(sorted(exclude_fitted_on))
    current = _ACTIVE[-1] if _ACTIVE else None
    if current is not None and current.files == files_t and current.excluded == excluded_t:
        return current
    knowledge = _compile(_lexicon.load(files_t, excluded_t), files_t, excluded_t)
    _set(knowledge)
    return knowledge


@contextmanager
def using(files: Sequence[str] = (), exclude_fitted_on: Sequence[str] = ()) -> Iterator[Knowledge]:
    """configure() for the duration of a block, then back to what was in force before."""
    before = active()
    knowledge = configure(files, exclude_fitted_on)
    try:
        yield knowledge
    finally:
        _set(before)
