"""Combine the key, name and value signals into one verdict, deterministically, with readable evidence."""

from __future__ import annotations

from typing import Callable

from privacy_inventory.classify import links, special
from privacy_inventory.classify import values as v
from privacy_inventory.classify.authored import nobodys_text
from privacy_inventory.classify.choices import choice_evidence
from privacy_inventory.classify.context import ref_noun
from privacy_inventory.classify.contexts import context_candidate
from privacy_inventory.classify.hidden import sparse_candidates
from privacy_inventory.classify.id_values import bare_digits_fit
from privacy_inventory.classify.images import picture_candidate
from privacy_inventory.classify.messages import message_text
from privacy_inventory.classify.scopes import scope_ok
from privacy_inventory.classify.shapes import json_candidate, key_value_candidate, secret_candidate
from privacy_inventory.classify.names import NameRule
from privacy_inventory.classify.row_settings import chosen_option, presented_option
from privacy_inventory.classify.people_refs import person_reference, refine_reference
from privacy_inventory.classify.signals import (
    STRICT,
    Candidate,
    Context,
    build_context,
    confirm,
    key_candidate,
    name_candidate,
    value_candidates,
)
from privacy_inventory.classify.table_secrets import table_secret
from privacy_inventory.classify.vetoes import veto_note
from privacy_inventory.classify.tables import head_noun, table_words
from privacy_inventory.classify.text import template_count
from privacy_inventory.classify.tokens import singular
from privacy_inventory.models import Classification, ColumnContext

Strong = Callable[[], list[Candidate]]

# Categories whose values are words worth scanning for Art. 9 keywords (friend lists and ids are not).
_TEXT_SCANNED = ("user.content", "user.health_and_medical", "user.criminal_history", "user.demographic.profile",
                 "user.behavior.search_history")
# Categories a yes/no column cannot hold (an email, a name, a number), only a flag about one.
_NOT_FLAGS = ("user.contact", "user.name", "user.account", "user.authorization", "user.financial", "user.government_id",
              "user.device", "user.unique_id", "user.location", "user.content", "user.job_title", "user.workplace",
              "user.behavior.purchase_history", "user.demographic.date_of_birth")
# Names of the text itself (a post's body), never a pick from a list however repetitive the sample.
_BODY_WORDS = frozenset({"body", "text", "content", "message", "comment", "review", "post", "note", "notes", "answer"})
# Nouns that say a record (a table, an event sent to a third party) is about children; public for scan/flow_classify.
CHILD_NOUNS = frozenset({"child", "kid", "minor", "pupil", "junior", "teen", "teenager"})


def _best(candidates: list[Candidate]) -> Candidate | None:
    """Highest score first; ties broken by category key so the choice never depends on order."""
    if not candidates:
        return None
    return sorted(candidates, key=lambda k: (-k.score, k.category or ""))[0]


def _with(cand: Candidate, *, category: str | None = None, score: float | None = None, reason: str | None = None,
          flags: tuple[str, ...] = ()) -> Candidate:
    return Candidate(
        category if category is not None else cand.category,
        cand.score if score is None else score,
        cand.reason if reason is None else reason,
        cand.source,
        tuple(cand.flags) + flags,
    )


def _password_evidence(c: Context, cand: Candidate) -> Candidate:
    """Hashes confirm a password column; short non-hash strings are flagged as plaintext passwords."""
    texts = c.prepared.texts
    if not texts:
        return _with(cand, reason=cand.reason + "; no sampled values")
    hashed = [v.is_password_hash(t) for t in texts]
    hashes = sum(hashed)
    plain = 0 if "salt" in c.tokens else sum(1 for t, h in zip(texts, hashed) if v.is_plaintext_password(t, h))
    c.facts["password_hashes"] = float(hashes)
    reason = f"{cand.reason}; {hashes}/{len(texts)} sampled values are password hashes"
    if plain:
        c.facts["plaintext_passwords"] = float(plain)
        c.flags.add("plaintext_password")
        reason += f"; {plain}/{len(texts)} look like plaintext passwords"
    score = min(0.98, cand.score + 0.1) if hashes >= 0.5 * len(texts) else cand.score
    return _with(cand, score=score, reason=reason)


def _birth_evidence(c: Context, cand: Candidate) -> Candidate:
    """Plausible ages confirm a date of birth; ages under 13/16/18 become facts and a `children` flag."""
    stats = v.birth_stats(c.prepared)
    if not stats.sampled_dates:
        return cand
    c.facts.update({"sampled_dates": float(stats.sampled_dates), "under_13": float(stats.under_13),
                    "under_16": float(stats.under_16), "under_18": float(stats.under_18)})
    if stats.under_13 or stats.under_16:
        c.flags.add("children")
    reason = f"{cand.reason}; {stats.plausible}/{stats.sampled_dates} sampled dates are plausible birth dates"
    if stats.under_16:
        reason += f" ({stats.under_16} under 16)"
    if stats.plausible >= 0.5 * stats.sampled_dates and stats.recent < 0.9 * max(stats.plausible, 1):
        return _with(cand, score=min(0.97, cand.score + 0.1), reason=reason)
    return _with(cand, score=max(0.35, cand.score - 0.3), reason=reason + ", most are recent or implausible")


def _age_evidence(c: Context, cand: Candidate) -> Candidate:
    """Numeric ages: how many are plausible and how many belong to children."""
    ages, u13, u16, u18 = v.count_minor_ages(c.prepared)
    if not ages:
        return cand
    c.facts.update({"sampled_ages": float(ages), "under_13": float(u13), "under_16": float(u16),
                    "under_18": float(u18)})
    if u13 or u16:
        c.flags.add("children")
    return _with(cand, score=min(0.95, cand.score + 0.1), reason=f"{cand.reason}; {ages} sampled values are ages")


def _confirm_name(c: Context, cand: Candidate, rule: NameRule | None, strong: Strong, sparse: Strong) -> Candidate:
    """Name and values agreeing raise confidence; values contradicting the name win when they are strong."""
    assert cand.category is not None
    if rule is not None and rule.scope == "choice":
        return choice_evidence(c, cand, rule)
    if c.stored_as_flag() and cand.category.startswith(_NOT_FLAGS) and \
            cand.category != "user.account.settings":  # a yes/no preference is the setting itself
        return Candidate(None, 0.7, f"{cand.reason}, but stored as {c.ctx.data_type}: a yes/no flag about it, not the "
                         "value itself", "name")  # (`user_pass_convert`, `birthdate_estimated`)
    if cand.category == "user.authorization.password":
        return _password_evidence(c, cand)
    if cand.category == "user.demographic.date_of_birth":
        return _birth_evidence(c, cand)
    if cand.category == "user.demographic.age_range":
        return _age_evidence(c, cand)
    needs_values = rule is not None and rule.needs_values
    if not c.prepared.non_null:
        if needs_values:
            return Candidate(None, 0.5, f"{cand.reason}, but no sampled values say so (an id of something else?)",
                             "name")
        return _with(cand, reason=cand.reason + "; no sampled values (name only)")
    if cand.category.startswith("user.content.") and c.tokens and singular(c.tokens[-1]) != c.tokens[-1] \
            and _numbers_only(c):
        return Candidate(None, 0.6, f"{cand.reason}, but its {c.prepared.non_null} sampled values are all numbers (a "
                         f"count of {c.tokens[-1]}, not text someone wrote)", "name")
    if cand.category == "user.authorization.credentials":
        plain = _not_a_secret(c, cand)
        if plain is not None:
            return plain
    checked = confirm(cand.category, c)
    if checked is None:
        return cand
    hits, total, counted = checked
    texts = c.prepared.texts
    templates = template_count(texts) if cand.category.startswith("user.content.") and total >= 5 else 0
    if templates >= max(1, 0.5 * total):
        return Candidate(None, 0.6, f"{cand.reason}, but {templates}/{total} sampled values are templates with "
                         "placeholders ({{ name }}, {EVENT}): text the application fills in, not a person's words",
                         "name")
    if cand.category.startswith("user.content.") and total >= 10 and not hits and \
            2 <= len(set(texts)) <= 5 and sum(len(t.split()) for t in texts) <= 3 * len(texts) and \
            not set(c.tokens) & _BODY_WORDS:
        return Candidate(None, 0.6, f"{cand.reason}, but its {total} sampled values are {len(set(c.prepared.texts))} "
                         "repeated choices (a list of reasons or states, not text a person wrote)", "name")
    nobody = nobodys_text(c) if cand.category.startswith("user.content.") and total >= 10 and not hits else None
    if nobody is not None:
        return Candidate(None, 0.55, f"{cand.reason}, but only {counted} and {nobody}", "name")
    if total and hits >= 0.5 * total:
        return _with(cand, score=round(min(0.98, cand.score + 0.1 + 0.1 * hits / total), 3),
                     reason=f"{cand.reason}; {counted}")
    if needs_values:
        return Candidate(None, 0.6, f"{cand.reason}, but only {counted} (an id of something else)", "name")
    if rule is not None and rule.scope == "about" and not c.person_table and hits < 0.2 * total:
        # Only the table's link to a person made the name personal: values must not contradict it.
        return Candidate(None, 0.55, f"{cand.reason}, but only {counted} in '{c.ctx.table}', which is not itself "
                         "a person table", "name")
    contenders = strong() + (sparse() if cand.category.startswith("user.content.") else [])
    other = _best([s for s in contenders
                   if s.category != cand.category and not bare_digits_fit(cand.category, s.category, c)])
    if other is not None:
        return _with(other, reason=f"name '{c.ctx.column}' hides it: {other.reason} (the name suggests "
                     f"{cand.reason.split('-> ', 1)[-1]})", flags=("hidden_by_name",))
    return _with(cand, score=round(max(0.3, cand.score - 0.25), 3), reason=f"{cand.reason}; only {counted}")


_LISTED = ("user.demographic", "user.health_and_medical", "user.job_title", "user.behavior")


def _list_of_values(c: Context, name: Candidate) -> Candidate | None:
    """`ethnicity.ethnicity_name`, `countries.citizenship`: the options a person may have, listed in a lookup table."""
    if not (name.category or "").startswith(_LISTED) or c.person_table or c.belongs or c.owned:
        return None
    words = set(table_words(c.ctx.table))
    named_after = bool(words & {singular(t) for t in c.tokens if t not in ("name", "id", "code", "title", "label")})
    if not (named_after or c.ctx.table_role == "reference"):
        return None
    return Candidate(None, 0.65, f"{name.reason}, but '{c.ctx.table}' lists the values people may have (a lookup "
                     "table that belongs to nobody), not a person's", "name")


def _not_a_secret(c: Context, cand: Candidate) -> Candidate | None:
    """A credential's name over row numbers (`credential_id` = 3) or a handful of words (`oauth_provider` = google)."""
    texts = c.prepared.texts
    if len(texts) < 5 or any(v.is_random_token(t) for t in texts):
        return None
    if all(t.isdigit() for t in texts) and c.tokens and c.tokens[-1] in ("id", "ids"):
        if ref_noun(c.tokens[:-1]):
            return Candidate("user.unique_id", 0.6, f"{cand.reason}, but its sampled values are numbers: the "
                             "person's id in that system, not a secret", "name")
        return Candidate(None, 0.6, f"{cand.reason}, but its sampled values are row numbers (an id of a credential "
                         "record, not the secret)", "name")
    distinct = len(set(texts))
    if distinct <= 5 and len(texts) >= 10 and all(len(t) <= 20 for t in texts):
        return Candidate(None, 0.6, f"{cand.reason}, but its {len(texts)} sampled values are {distinct} short words "
                         "(a type or provider, not a secret)", "name")
    return None


def _numbers_only(c: Context) -> bool:
    """Every sampled value is a number (`comments` holding a count of comments)."""
    p = c.prepared
    if p.dates or not p.non_null:
        return False
    return all(t.lstrip("-").replace(".", "", 1).isdigit() for t in p.texts) and bool(p.numbers or p.texts)


# Name words that already say what the values are: in a table of organisations, `support_email` holding e-mail
# addresses is the organisation's mailbox as its name says (issue 11 class 5), not personal data it hides.
_SAYS = {"user.contact.email": frozenset({"email", "mail", "emails", "mailbox", "inbox"}),
         "user.financial.bank_account": frozenset({"iban", "bank", "account"}),
         "user.financial.credit_card": frozenset({"card", "pan"})}


def _unclaimed_name(c: Context, name: Candidate, rule: NameRule | None, strong: Strong, sparse: Strong) -> Candidate:
    """A name that is not personal here: values of another kind than the name said still win."""
    col = c.ctx.column
    explicit = rule is not None and rule.scope == "none"
    if explicit:
        # Strict validators (emails, IBANs, cards) passing on most values beat a name that only says "not personal".
        best = _best(value_candidates(c, STRICT))
        said = c.org_table and bool(set(c.tokens) & _SAYS.get(str(best.category) if best else "", frozenset()))
        if best is not None and best.score >= 0.8 and not said:
            return _with(best, reason=f"name '{col}' hides it: {best.reason}", flags=("hidden_by_name",))
        return presented_option(c) or name
    if c.org_table or rule is None:
        return name
    said = rule.category
    best = _best([s for s in strong() if s.category != said])
    if best is not None:
        return _with(best, reason=f"name '{col}' hides it: {best.reason}", flags=("hidden_by_name",))
    hidden = _best([s for s in sparse() if s.category != said])
    return _with(hidden, reason=f"name '{col}' hides it: {hidden.reason}") if hidden is not None else name


def choose(c: Context, key: Candidate | None, name: Candidate | None, rule: NameRule | None,
           strong: Strong, sparse: Strong) -> Candidate:
    """Pick one verdict: keys first, then the name checked against the values, then the values alone."""
    if key is not None:
        return links.flag_not_a_reference(c, key) or key
    col = c.ctx.column
    if name is not None and name.category is not None:
        listed = _list_of_values(c, name) or links.not_the_value(c, name, rule)
        return listed if listed is not None else _confirm_name(c, name, rule, strong, sparse)
    if name is not None:
        return _unclaimed_name(c, name, rule, strong, sparse)
    best = _best(strong()) if not c.org_table else None
    if best is not None:
        return _with(best, reason=f"name '{col}' hides it: {best.reason}", flags=("hidden_by_name",))
    for shape in (json_candidate, key_value_candidate, picture_candidate, secret_candidate):
        found = shape(c)
        if found is not None:
            return found
    hidden = _best(sparse())
    if hidden is not None:
        return _with(hidden, reason=f"{hidden.reason} (name '{col}' does not say so)")
    if c.prepared.texts and (c.owned or c.content) and not c.org_table:
        free = v.human_text_count(c.prepared)
        if free >= max(2, 0.6 * len(c.prepared.texts)):
            category = "user.content.public" if c.content == "public" else "user.content.private"
            return Candidate(category, 0.5, f"{free}/{len(c.prepared.texts)} sampled values are varied sentences "
                             "in a table that belongs to people", "values")
    if c.prepared.non_null:
        return chosen_option(c) or Candidate(None, 0.5, f"no personal-data signal in name '{col}' or its sampled "
                                             "values", "values")
    return Candidate(None, 0.4, f"no personal-data signal in name '{col}' (no sampled values)", "name")


def _option_not_the_thing(c: Context, chosen: Candidate) -> Candidate | None:
    """A personal name whose scope failed on a person's login row, holding option words: the person's setting."""
    option = chosen_option(c)
    if option is None:
        return None
    return _with(option, reason=f"{chosen.reason}; {option.reason}")


def _special_flags(c: Context, chosen: Candidate) -> None:
    """Special-category and children keywords in the free text of a personal column."""
    category = chosen.category or ""
    if not category.startswith(_TEXT_SCANNED) or not c.prepared.texts:
        return
    flags, facts = special.flags_and_facts(special.scan_texts(c.prepared.texts))
    c.flags.update(flags)
    c.facts.update(facts)


def classify(ctx: ColumnContext) -> Classification:
    """Classify one column from its key, name, table and sampled values."""
    c = build_context(ctx)
    key = refine_reference(c, person_reference(c) or key_candidate(c))
    name, rule = (None, None) if key is not None else name_candidate(c)
    cache: dict[str, list[Candidate]] = {}

    def strong() -> list[Candidate]:
        if "strong" not in cache:
            cache["strong"] = value_candidates(c)
        return cache["strong"]

    def sparse() -> list[Candidate]:
        if "sparse" not in cache:
            cache["sparse"] = sparse_candidates(c)
        return cache["sparse"]

    chosen = choose(c, key, name, rule, strong, sparse)
    if chosen.category is None:
        chosen = table_secret(c) or chosen  # `user_passwords.hash`, `access_codes.code`: the table's secret
    elif chosen.source == "name" and (note := veto_note(c, chosen.category)):
        chosen = _with(chosen, reason=f"{chosen.reason}; {note}")  # why the table's 'not people' did not veto it
    chosen = message_text(c, chosen) or chosen
    failed_scope = (rule is not None and rule.category is not None and chosen.category is None
                    and chosen.source == "name" and not scope_ok(rule, c)[0])
    event = context_candidate(c, chosen, rule.label if rule is not None else None, failed_scope)
    if event is None and failed_scope:
        event = _option_not_the_thing(c, chosen)  # `temperature_scale` = celsius on a login row: no vital sign
    if event is not None:
        chosen = event
    c.flags.update(f for f in chosen.flags if f)
    if chosen.category is not None:
        _special_flags(c, chosen)
        if head_noun(ctx.table) in CHILD_NOUNS:
            c.flags.add("children")
    score = max(0.0, min(1.0, round(chosen.score, 3)))
    facts = {k: c.facts[k] for k in sorted(c.facts)}
    return Classification(chosen.category, score, chosen.reason, tuple(sorted(c.flags)), facts)
