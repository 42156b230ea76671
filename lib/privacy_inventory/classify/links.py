"""Names and values that point at another record or a setting (`payroll_period`, `cost_center`): links, not a person's facts."""

from __future__ import annotations

from privacy_inventory.classify import values as v
from privacy_inventory.classify.context import Candidate, Context, ref_noun
from privacy_inventory.classify.knowledge import NameRule, active
from privacy_inventory.classify.names import match_name, person_ref_nouns
from privacy_inventory.classify.plumbing import range_definition, shared_by_every_row
from privacy_inventory.classify.tables import head_noun, table_words
from privacy_inventory.classify.tokens import phrase, singular, tokenize

# Categories of a person's record (pay, employment, conduct, purchases) whose words also name that record's settings.
_RECORD_CATEGORIES = ("user.financial", "user.job_title", "user.behavior")
_SUBTYPED = ("user.financial.",)  # a bank account or card keeps its own rules
_ID_WORDS = frozenset({"identifier", "reference", "ref"})
_ORDER_WORDS = frozenset({"sort", "ordering", "display", "rank", "sequence", "seq"})
_SOUGHT = frozenset({"for", "target", "desired", "open", "vacant", "sought"})


# Table nouns that, heading a column, are part of a person's fact: the unit or code of a measurement, the status of an
# attendance, the variable part of a salary, the role or job someone holds.
_FACT_HEADS = frozenset({"unit", "code", "status", "state", "type", "kind", "category", "variable", "parameter", "role",
                         "job", "flag", "feature", "grade", "level", "capability", "permission"})


def _link_heads() -> frozenset[str]:
    """Nouns that name a kind of record or a setting: the table nouns (facts' own parts aside), then words for links."""
    k = active()
    return (k.words("reference_table_nouns") | k.words("system_table_nouns") | k.words("org_table_nouns")
            | k.words("link_head_nouns")) - _FACT_HEADS


def head_word(tokens: tuple[str, ...]) -> str:
    """The noun a name is about: the last word, or the first of `mode of payment`."""
    if "of" in tokens[1:-1]:
        return singular(tokens[tokens.index("of") - 1])
    return singular(tokens[-1]) if tokens else ""


def names_a_record(tokens: tuple[str, ...], table: str = "") -> str | None:
    """The word that makes a column a link to another record or a bookkeeping field of the document, else None."""
    if not tokens:
        return None
    head = head_word(tokens)
    if head in _link_heads():
        return head
    if tokens[-1] in _ID_WORDS and singular(tokens[-1]) not in table_words(table):  # (`patient_identifier.identifier`)
        return tokens[-1]  # `identifier`, `reference`: the record's own id in words
    k = active()
    setting = {_base_word(t, k.words("record_setting_words")) for t in tokens} - {""}
    if setting:
        return sorted(setting)[0]  # `per_weightage`, `expected_rating`: how the record is weighed or planned
    if set(tokens) & k.words("bound_words") and set(tokens) & k.words("reference_range_words"):
        return "range bound"  # `hi_normal`, `low_critical`: the bounds a value is read against, not the value
    text = phrase(tokens)
    for words in sorted(k.words("bookkeeping_words")):
        if f" {words} " in text:
            return words
    return None


_DERIVING = ("", "s", "age", "ing", "ed")  # `weight`, `weightage`, `weighting`, `weighted`: one word's forms


def _base_word(token: str, words: frozenset[str]) -> str:
    """The word of `words` the token is a form of (`weightage` -> `weight`), else ''."""
    return next((token[:len(token) - len(end)] for end in _DERIVING
                 if token.endswith(end) and token[:len(token) - len(end)] in words), "")


def modifier_of_a_record(c: Context, cand: Candidate, rule: NameRule | None) -> Candidate | None:
    """`salary_currency`, `payroll_period`: the personal word only qualifies a head that names a setting or record."""
    category = cand.category or ""
    if rule is None or not category.startswith(_RECORD_CATEGORIES) or category.startswith(_SUBTYPED):
        return None
    text = phrase(c.tokens)
    match = rule.pattern.search(text)
    if match is None or match.end() >= len(text):
        return None  # the rule's words are the head of the name (`basic_salary`, `leave_period` as a rule word)
    tail = tuple(text[match.end():].split())
    head = head_word(tail) if tail else ""
    if head not in _link_heads():
        return None
    return Candidate(None, 0.6, f"{cand.reason}, but the name is about its '{head}' (a setting or a link to "
                     "another record), not the value itself", "name")


def vacancy_position(c: Context, cand: Candidate) -> Candidate | None:
    """A designation or department of a job opening, a referral `for_designation`: the position filled, not the person's."""
    if cand.category != "user.job_title":
        return None
    toks, vacancy = c.tokens, active().words("vacancy_words")
    words = table_words(c.ctx.table)
    if toks and toks[0] in _SOUGHT:
        why = f"'{toks[0]}' says it is the position sought"
    elif _beside_vacancy(c):
        why = f"'{c.ctx.table}' links to a vacancy"
    elif set(words) & vacancy or " ".join(words) in vacancy:
        why = f"'{c.ctx.table}' is about a vacancy"
    else:
        return None
    return Candidate(None, 0.6, f"{cand.reason}, but it is the position being filled ({why}), not a person's "
                     "employment", "name")


def _beside_vacancy(c: Context) -> bool:
    """A sibling column links to a job opening (`job_opening`, `vacancy_id`, `requisition`)."""
    vacancy = active().words("vacancy_words")
    for sibling in c.ctx.sibling_columns:
        if sibling == c.ctx.column:
            continue
        words = tuple(singular(t) for t in tokenize(sibling) if t not in ("id", "ids"))
        if " ".join(words) in vacancy:
            return True
    return False


_SERIES_CHECKED = ("user.job_title", "user.behavior", "user.workplace")


def not_the_value(c: Context, cand: Candidate, rule: NameRule | None) -> Candidate | None:
    """A personal name rule that holds here, contradicted by what the name is about or by the values."""
    found = modifier_of_a_record(c, cand, rule) or vacancy_position(c, cand) or _sort_number(c, cand) \
        or _secret_of_a_thing(c, cand) or _time_about_a_secret(c, cand) or _secret_of_an_organisation(c, cand) \
        or _numbers_not_words(c, cand) or _not_a_device(c, cand, rule) or _row_number_not_identity(c, cand) \
        or _range_bound(c, cand) or _shared_label(c, cand)
    if found is not None:
        return found
    category = cand.category or ""
    names_someone = ref_noun(c.tokens) or c.tokens[-1:] in (("to",), ("by",))  # `reports_to`: a person's id
    if (category.startswith(_SERIES_CHECKED) or category == "user.financial") and not names_someone:
        series = series_of_documents(c)
        if series is not None:
            return Candidate(None, 0.65, f"{cand.reason}, but {series}: links to another record", "name")
    return None


def _sort_number(c: Context, cand: Candidate) -> Candidate | None:
    """`position` is a job or a place in a list, `sort_weight` a sort key: numbers say it is the list's order."""
    ordering = len(c.tokens) > 1 and c.tokens[0] in _ORDER_WORDS  # `sort_weight`, `display_rank`
    listed = "position" in c.tokens or any(r.category is None for r in match_name(c.ctx.column))
    if not ordering and (cand.category != "user.job_title" or not listed):
        return None  # a job position is words: a number named `position`, `position_s` or `queue_position` is a place
    p = c.prepared
    if p.non_null and (p.dates or not all(v.is_number(t, whole=not ordering) for t in p.texts)):
        return None
    if not (c.stored_as_number() or p.non_null):
        return None
    what = "a sort key" if ordering else "a place in a list or a count, not a job title"
    return Candidate(None, 0.65, f"{cand.reason}, but it holds numbers ({c.ctx.data_type}): {what}", "name")


def _range_bound(c: Context, cand: Candidate) -> Candidate | None:
    """`hi_normal_pulse`, `low_critical_glucose`: the bounds a reading is judged against, set for everyone."""
    k = active()
    if not (cand.category or "").startswith("user.health_and_medical") or not (
            set(c.tokens) & k.words("bound_words") and set(c.tokens) & k.words("reference_range_words")
            or range_definition(c)):
        return None
    return Candidate(None, 0.65, f"{cand.reason}, but it is a bound of a reference range (what a reading is judged "
                     "against), not a reading", "name")


def _shared_label(c: Context, cand: Candidate) -> Candidate | None:
    """`salary_component` = 'Gratuity' on every gratuity row: the kind of record, the same for everyone it is about."""
    category = cand.category or ""
    if not category.startswith(_RECORD_CATEGORIES) or category.startswith(_SUBTYPED) or c.person_table:
        return None
    why = shared_by_every_row(c)
    return Candidate(None, 0.6, f"{cand.reason}, but {why}", "name") if why is not None else None


_SECRET_WORDS = frozenset({"password", "passwd", "pass", "pwd", "passcode", "passphrase", "pin", "secret"})
# Words before a secret that still make it the person's own (`new_password`, `app_password`, `user_pin`).
_OWN_SECRET = frozenset({"new", "old", "current", "temp", "temporary", "one", "time", "initial", "default", "hashed",
                         "encrypted", "plain", "app", "account", "login", "last", "reset", "previous", "confirm",
                         "confirmation", "my", "personal", "private", "master", "backup", "recovery", "otp", "totp"})


def _secret_of_a_thing(c: Context, cand: Candidate) -> Candidate | None:
    """`forum_password`, `meetingPassword`: the password of the thing the row describes, not a person's login."""
    toks = c.tokens
    if not (cand.category or "").startswith("user.authorization") or c.person_table or len(toks) < 2:
        return None
    at = next((i for i, t in enumerate(toks) if t in _SECRET_WORDS), 0)
    thing = toks[at - 1] if at else ""
    if not thing or thing in _OWN_SECRET or singular(thing) in person_ref_nouns() or thing in person_ref_nouns():
        return None
    described = sum(1 for s in c.ctx.sibling_columns if s != c.ctx.column and tokenize(s)[:1] == (thing,))
    if singular(thing) != head_noun(c.ctx.table) and described < 2:
        return None
    return Candidate(None, 0.65, f"{cand.reason}, but it protects the {thing} this row describes (its columns name "
                     f"'{thing}'), not a person's login", "name")


def _time_about_a_secret(c: Context, cand: Candidate) -> Candidate | None:
    """`last_passwd_gen`, `reset_password_validity` as dates: when a secret changed or expires, not the secret."""
    dtype = c.ctx.data_type.lower()
    if not (cand.category or "").startswith("user.authorization") or not ("date" in dtype or "time" in dtype):
        return None
    return Candidate(None, 0.65, f"{cand.reason}, but stored as {c.ctx.data_type}: a time about the secret, not the "
                     "secret itself", "name")


def _secret_of_an_organisation(c: Context, cand: Candidate) -> Candidate | None:
    """`company_tokens.token`, `tenant_keys.secret`: a table named after an organisation holds that party's secrets."""
    if not (cand.category or "").startswith("user.authorization") or c.person_table:
        return None
    k, words = active(), set(table_words(c.ctx.table))
    org = sorted(words & k.words("org_table_nouns"))
    if not org or words & (k.words("person_table_nouns") | person_ref_nouns()):
        return None
    return Candidate(None, 0.65, f"{cand.reason}, but '{c.ctx.table}' is named after the {org[0]} it belongs to: that "
                     "party's credential, not a person's", "name")


_WORD_CATEGORIES = ("user.account.username", "user.name")


def _numbers_not_words(c: Context, cand: Candidate) -> Candidate | None:
    """`failed_login`, `nb_login` as INTEGER: a login or a name is a word; whole numbers are a count of them."""
    dtype = c.ctx.data_type.lower()
    if not (cand.category or "").startswith(_WORD_CATEGORIES) or not ("int" in dtype or dtype.startswith("num")):
        return None
    p = c.prepared
    if p.texts and not all(t.lstrip("-").isdigit() for t in p.texts) or p.dates:
        return None
    return Candidate(None, 0.65, f"{cand.reason}, but stored as {c.ctx.data_type} with whole numbers: a count or a "
                     "number, not a name", "name")


def _not_a_device(c: Context, cand: Candidate, rule: NameRule | None) -> Candidate | None:
    """`device_id` holding `Gate-2` or row numbers: a terminal of the organisation or a record, not a phone's id."""
    if cand.category != "user.device.device_id" or c.ctx.references or rule is not None and rule.needs_values:
        return None
    texts = c.prepared.texts
    if len(texts) < 10 or any(v.is_device_id(t) or v.is_random_token(t) for t in texts):
        return None
    distinct = len(set(texts))
    if all(t.isdigit() and len(t) <= 6 for t in texts):
        what = "row numbers"
    elif distinct <= 5 and all(len(t) <= 24 for t in texts):
        what = f"{distinct} short names"
    else:
        return None
    return Candidate(None, 0.6, f"{cand.reason}, but its {len(texts)} sampled values are {what} (a terminal or a "
                     "record of the organisation, not a device identifier)", "name")


def _row_number_not_identity(c: Context, cand: Candidate) -> Candidate | None:
    """`products.tax_id` = 3: identity and tax numbers run to eight digits or more; small whole numbers are row ids."""
    if not (cand.category or "").startswith("user.government_id"):
        return None
    p = c.prepared
    values = list(p.texts) or [str(int(n)) for n in p.numbers if float(n).is_integer()]
    if len(values) < 5 or p.dates or not all(t.isdigit() and len(t) <= 5 for t in values):
        return None
    return Candidate(None, 0.6, f"{cand.reason}, but its {len(values)} sampled values are numbers of at most five "
                     "digits (ids of another row, such as a tax rate, not identity numbers)", "name")


def series_of_documents(c: Context) -> str | None:
    """Every sampled value is a number of one document series (`HR-LPR-2024-0001`): ids of another record."""
    texts = c.prepared.texts
    if len(texts) < 3 or c.prepared.numbers and not texts:
        return None
    prefix = v.series_prefix(texts)
    if prefix is None:
        return None
    return f"its {len(texts)} sampled values are numbers of one document series ({prefix}-...)"


def flag_not_a_reference(c: Context, key: Candidate | None) -> Candidate | None:
    """A yes/no column named like a person link (`create_new_employee_id`) holds a flag, not anyone's id."""
    if key is None or key.category is None or c.ctx.reference_declared or c.ctx.primary_key:
        return None
    if not (c.stored_as_flag() or c.ctx.data_type.lower().startswith("tinyint(1)")):
        return None
    return Candidate(None, 0.7, f"{key.reason}, but stored as {c.ctx.data_type}: a yes/no flag, not a reference to "
                     "anyone", "key")
