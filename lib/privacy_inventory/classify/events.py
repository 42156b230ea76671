"""When a person's event happened (a call, a meeting, a login): their behaviour, unlike the times the record was kept.

A record of one person (classify/ownership.py) whose table is named after an event, and whose domain nothing else
decides (not clinical, not an employment or education record), holds what the person did: the day they called, met,
logged in or tried to. Its record-keeping times (created, updated, posted, `date_add`, `date_upd`), the dates the
application plans by (due, scheduled, reminder, expiry) and the schedules and templates many people share stay
not personal.
"""

from __future__ import annotations

from privacy_inventory.classify.context import Candidate, Context
from privacy_inventory.classify.knowledge import active
from privacy_inventory.classify.tables import head_noun, record_words, table_words
from privacy_inventory.classify.tokens import tokenize

_DATE_LABELS = frozenset({"timestamp or date", "record timestamp"})
EVENT_BEHAVIOUR = "user.behavior"
_TIME_WORDS = frozenset({"at", "on", "date", "time", "timestamp", "datetime", "ts", "when"})
_MARK_WORDS = frozenset({"status", "state", "type", "kind", "code"})  # what a row's mark is called
_EPOCH = (1_000_000_000, 4_102_444_800)  # Unix seconds of 2001-09-09 and 2100-01-01


def event_record(table: str) -> bool:
    """The table is named after events a person takes part in (`calls`, `login_records`, `life_events`)."""
    k = active()
    nouns, words = k.words("event_record_nouns"), table_words(table)
    if not (head_noun(table) in nouns or " ".join(words[-2:]) in nouns):
        return False
    # `order_events`, `invoice_activity`, `webhook_events`: the life of a business or system record, not a person's
    return not set(words[:-1]) & (k.words("transaction_nouns") | k.words("system_table_nouns")) - nouns


def presence_mark(table: str, words: set[str]) -> bool:
    """`status` or `type` of a row that marks a person present or absent (`attendance.status` = Absent, a check-in's
    `log_type` = IN): the mark itself, not a workflow state. Not on a request or an application to be approved."""
    k = active()
    if not words <= _MARK_WORDS or head_noun(table) in k.words("request_nouns"):
        return False
    text = f" {' '.join(table_words(table))} "
    return any(f" {w} " in text for w in k.words("presence_record_nouns"))


def record_keeping_time(tokens: tuple[str, ...]) -> bool:
    """Created, changed or filed in an abbreviation or a noun (`date_add`, `date_upd`, `posting_date`, `last_update`),
    or a date the application plans by (due, scheduled, reminder, expiry): not when the person's event happened."""
    k = active()
    words = k.words("record_keeping_time_words") | k.words("record_time_words") | k.words("planned_time_words")
    text = " ".join(tokens)
    return bool(set(tokens) & words) or any(" " in w and f" {w} " in f" {text} " for w in words)


def event_date(c: Context, chosen: Candidate, label: str | None) -> Candidate | None:
    """A date of the event a person's record is, in a record no domain claims: `user.behavior`, else None.

    Only on a record of one person over the reference graph, named after an event, for a column the name rules
    called a date and whose values or type are dates; never a record-keeping or planning time."""
    record = c.ctx.record_of
    if len(record) < 3 or record[2] or chosen.category is not None or chosen.source == "key" or label not in _DATE_LABELS:
        return None
    dtype = c.ctx.data_type.lower()
    if not event_record(c.ctx.table) or not ("date" in dtype or "time" in dtype or c.prepared.dates or _epoch_seconds(c)):
        return None
    if record_keeping_time(c.tokens):
        if not _written_by_the_sign_in(c):
            return None
        return Candidate(EVENT_BEHAVIOUR, 0.5, f"'{c.ctx.column}' is when the row was written, and a row of "
                         f"'{c.ctx.table}' is written when the person signs in and holds no other time: when they "
                         f"signed in (what the person did): {record_words(record)}", "context")
    return Candidate(EVENT_BEHAVIOUR, 0.55, f"'{c.ctx.column}' is when the {head_noun(c.ctx.table)} in "
                     f"'{c.ctx.table}' happened (what the person did, not a record-keeping time): "
                     f"{record_words(record)}", "context")


def _written_by_the_sign_in(c: Context) -> bool:
    """A sign-in log's creation time, when the row has no time of its own: the row is the sign-in (`last_logins`)."""
    k = active()
    if head_noun(c.ctx.table) not in k.words("sign_in_nouns") or not set(c.tokens) & k.words("creation_words"):
        return False
    for sibling in c.ctx.sibling_columns:
        toks = tuple(tokenize(sibling))
        if sibling != c.ctx.column and set(toks) & _TIME_WORDS and not record_keeping_time(toks):
            return False  # `login_time` beside `created_at`: the sign-in has its own time
    return True


def _epoch_seconds(c: Context) -> bool:
    """Integer Unix times (2001-2100, in seconds or milliseconds) in every sampled value: a date stored as a number
    (`attempt_time` = 1700000000)."""
    texts = c.prepared.texts
    return bool(texts) and all(t.isdigit() and (_EPOCH[0] <= int(t) <= _EPOCH[1] or
                                                _EPOCH[0] * 1000 <= int(t) <= _EPOCH[1] * 1000) for t in texts)
