"""Compare what a policy declares with what the organisation was found doing: pure functions, counts only."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from privacy_inventory.jurisdiction import Regime, regime_for
from privacy_inventory.policy.declarations import PolicyDeclarations, PolicyStatement, RetentionStatement
from privacy_inventory.policy.lexicon import Lexicon, load_lexicon, period_days

SEVERITY_RANK = {"high": 0, "medium": 1, "low": 2}
RELATIONSHIP_GRACE_DAYS = 30  # data kept this long after the relationship ends is not yet a contradiction
CONTINGENT_RECIPIENTS = {"public_authority", "acquirer", "public"}  # disclosed "in case", never seen in configs
SHARING_DENIED_TYPES = {"ad_network", "data_broker", "business_partner", "social_network"}


@dataclass(frozen=True)
class FoundRecipient:
    """A third party found receiving personal data (from a config file or a declaration)."""

    name: str
    role: str
    categories: tuple[str, ...] = ()
    country: str = ""  # ISO 3166-1 alpha-2
    origin: str = "config"  # "config" | "declared"


@dataclass(frozen=True)
class RetentionFact:
    """Records found kept for some time, e.g. rows of closed accounts still held (counts only)."""

    where: str  # e.g. "imvbox.accounts"
    count: int
    kept_days: int  # longest time kept, in days, after the event below
    after_end: bool = True  # kept after the relationship ended (account closed, subscription ended)
    description: str = ""  # e.g. "rows kept after account closure"


@dataclass
class PracticeFacts:
    """What the scan and declarations show the organisation does, as plain data."""

    categories_found: dict[str, list[str]] = field(default_factory=dict)  # category -> where
    recipients_found: list[FoundRecipient] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)  # where data is stored or sent (ISO codes)
    children_under_age: dict[int, int] = field(default_factory=dict)  # age -> people found under it
    retention_periods_found: list[RetentionFact] = field(default_factory=list)
    special_categories_found: dict[str, int] = field(default_factory=dict)  # category -> count found
    purposes_found: dict[str, list[str]] = field(default_factory=dict)  # data use -> where
    home_country: str | None = None  # the controller's country; None means "somewhere in the EEA"


@dataclass(frozen=True)
class PolicyGap:
    """One difference between policy and practice, in a sentence a DPO can act on."""

    kind: str  # "undisclosed" | "contradicted" | "unsupported"
    subject: str  # category key, "recipient: <name>", "children", "retention", "transfer: <country>", ...
    severity: str  # "high" | "medium" | "low"
    detail: str
    policy_sentence: str | None = None  # the sentence that says it, quoted (trimmed)
    evidence: str = ""
    policy_where: str = ""  # where that sentence stands: section heading and sentence number


def _gap(kind: str, subject: str, severity: str, detail: str, said: PolicyStatement | None, evidence: str) -> PolicyGap:
    """A gap quoting the one sentence that makes the claim, with its place in the policy."""
    if said is None:
        return PolicyGap(kind, subject, severity, detail, None, evidence)
    return PolicyGap(kind, subject, severity, detail, said.quote, evidence, said.where)


def covers(disclosed: str, found: str) -> bool:
    """True when a disclosed key covers a found one: the same key or one of its ancestors."""
    return found == disclosed or found.startswith(disclosed + ".")


def _related(a: str, b: str) -> bool:
    """True when two keys are on one branch of the taxonomy (either covers the other)."""
    return covers(a, b) or covers(b, a)


def _special_root(key: str, lex: Lexicon) -> str | None:
    """The special category (Art. 9/10) a key belongs to, if any."""
    inside = [r for r in lex.special_categories if covers(r, key)]
    return max(inside, key=len) if inside else None


def _evidence(places: list[str], limit: int = 5) -> str:
    """A short, sorted list of where something was found."""
    uniq = sorted(set(places))
    more = f" (+{len(uniq) - limit} more)" if len(uniq) > limit else ""
    return "; ".join(uniq[:limit]) + more


def _first(statements: list[PolicyStatement]) -> PolicyStatement | None:
    return statements[0] if statements else None


def _category_places(practice: PracticeFacts) -> dict[str, list[str]]:
    """All personal-data categories found, with where: sources, special categories and recipients."""
    places: dict[str, list[str]] = {k: list(v) for k, v in practice.categories_found.items() if k.startswith("user")}
    for key in practice.special_categories_found:
        places.setdefault(key, [])
    for rec in practice.recipients_found:
        for key in rec.categories:
            if key.startswith("user"):
                places.setdefault(key, []).append(f"sent to {rec.name}")
    return places


def _category_gaps(policy: PolicyDeclarations, practice: PracticeFacts, lex: Lexicon) -> list[PolicyGap]:
    """Undisclosed, contradicted (said not collected) and unsupported data categories."""
    gaps: list[PolicyGap] = []
    places = _category_places(practice)
    disclosed = sorted(policy.categories)
    for key in sorted(places):
        where, n_special = places[key], practice.special_categories_found.get(key, 0)
        count = f"{len(set(where))} place(s)" if where else f"{n_special} item(s)"
        denied = [s for d, sts in policy.not_collected.items() if _related(d, key) for s in sts]
        if denied:
            gaps.append(_gap("contradicted", key, "high", f"The policy says {key} is not collected, but it was found in {count}.", denied[0], _evidence(where)))
            continue
        root = _special_root(key, lex)
        if root:
            ok = any(covers(root, d) and _related(d, key) for d in disclosed)
            if not ok:
                gaps.append(_gap("undisclosed", key, "high", f"Special-category data ({key}) was found in {count} but the policy does not mention it.", None, _evidence(where)))
        elif not any(_related(d, key) for d in disclosed):
            gaps.append(_gap("undisclosed", key, "medium", f"Personal data of category {key} was found in {count} but the policy does not mention it.", None, _evidence(where)))
    if places:
        for d in disclosed:
            if not any(_related(d, f) for f in places):
                st = policy.categories[d]
                gaps.append(_gap("unsupported", d, "low", f"The policy declares {d} (\"{st[0].term}\") but no scanned source or recipient holds it.", _first(st), ""))
    return gaps


def _recipient_gaps(policy: PolicyDeclarations, practice: PracticeFacts, lex: Lexicon) -> list[PolicyGap]:
    """Undisclosed recipients, recipients contradicting a "we do not sell/share" promise, and unused types."""
    gaps: list[PolicyGap] = []
    declared = policy.recipient_types
    absolute = {k: [s for s in policy.denials.get(k, []) if not s.condition] for k in ("sell", "share")}
    seen_types: set[str] = set()
    for rec in sorted(practice.recipients_found, key=lambda r: (r.name, r.role, r.country)):
        subject, where = f"recipient: {rec.name}", f"{rec.origin}: {rec.name} ({rec.role or 'no role'}{', ' + rec.country if rec.country else ''})"
        n_cat = len(set(rec.categories))
        rtype = lex.recipient_type_for_role(rec.role) if rec.role else None
        if rtype is None:
            gaps.append(_gap("undisclosed", subject, "medium", f"{rec.name} receives {n_cat} data categories in a role the lexicon cannot match to a recipient type; check the policy names it.", None, where))
            continue
        seen_types.update(lex.covering_types(rtype))
        covering = sorted(lex.covering_types(rtype) & set(declared))
        if not covering:
            gaps.append(_gap("undisclosed", subject, "high", f"{rec.name} ({rtype}) receives {n_cat} data categories, but the policy names no recipients of this type.", None, where))
        order = ("sell", "share") if rtype == "data_broker" else ("share", "sell")
        denial = next((absolute[k][0] for k in order if absolute[k]), None)
        if denial is not None and rtype in SHARING_DENIED_TYPES:
            verb = "sold" if denial.key == "sell" else "shared"
            gaps.append(_gap("contradicted", subject, "high", f"The policy says personal data is not {verb}, but {rec.name} ({rtype}) receives {n_cat} data categories.", denial, where))
    if practice.recipients_found:
        for rtype in sorted(set(declared) - seen_types - CONTINGENT_RECIPIENTS):
            gaps.append(_gap("unsupported", f"recipient type: {rtype}", "low", f"The policy says data is shared with recipients of type {rtype}, but no such recipient was found.", _first(declared[rtype]), ""))
    return gaps


def _children_gaps(policy: PolicyDeclarations, practice: PracticeFacts) -> list[PolicyGap]:
    """Children found against the age the policy promises (or its silence about children)."""
    found = {age: n for age, n in practice.children_under_age.items() if n > 0}
    if not found:
        return []
    where = "; ".join(f"{n} under {age}" for age, n in sorted(found.items()))
    promises = [c for c in policy.children if c.min_age is not None and (c.not_knowingly or c.not_directed)]
    if not promises:
        if policy.children:
            return []
        age = max(found)
        return [_gap("undisclosed", "children", "high", f"{found[age]} people under {age} were found, but the policy says nothing about children.", None, where)]
    best = sorted(promises, key=lambda c: (not c.not_knowingly, -(c.min_age or 0)))[0]
    limit = best.min_age or 0
    below = [a for a in found if a <= limit]
    if not below:
        return []
    age = max(below)
    said = "does not knowingly collect data from" if best.not_knowingly else "is not directed to"
    return [_gap("contradicted", "children", "high", f"The policy says the service {said} children under {limit}, but {found[age]} people under {age} were found.", best.statement, where)]


def _retention_gaps(policy: PolicyDeclarations, practice: PracticeFacts, lex: Lexicon) -> list[PolicyGap]:
    """Records kept longer than the policy's stated retention (or retention the policy never states)."""
    facts = [f for f in practice.retention_periods_found if f.count > 0]
    if not facts:
        return []
    if not policy.retention:
        total = sum(f.count for f in facts)
        return [_gap("undisclosed", "retention", "medium", f"{total} records are kept for a time the policy never states (it has no retention statement).", None, _evidence([f.where for f in facts]))]
    gaps: list[PolicyGap] = []
    for fact in sorted(facts, key=lambda f: (f.where, f.kept_days)):
        what = fact.description or "records"
        for st in _retention_for(fact, policy.retention, lex):
            days = period_days(st.period)
            if st.period == "relationship" and fact.after_end and fact.kept_days > RELATIONSHIP_GRACE_DAYS:
                detail = f"The policy says data is kept only while the relationship lasts, but {fact.count} {what} in {fact.where} were kept up to {fact.kept_days} days after it ended."
            elif days is not None and fact.kept_days >= days:  # the fact counts rows kept longer than kept_days
                detail = f"The policy says data is kept for {st.period}, but {fact.count} {what} in {fact.where} were kept up to {fact.kept_days} days."
            else:
                continue
            gaps.append(_gap("contradicted", "retention", "high", detail, st.statement, fact.where))
            break
    return gaps


def _words(text: str) -> set[str]:
    """Lower-case words without a plural "s", for matching a table to the sentence about it."""
    return {w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w for w in re.findall(r"[a-z]+", text.lower())}


def _retention_for(fact: RetentionFact, statements: list[RetentionStatement], lex: Lexicon) -> list[RetentionStatement]:
    """The retention sentences that speak of this fact's records: those naming its table's subject (policy_lexicon
    `retention_subjects`), else those naming no particular records, else only the most lenient period stated."""
    table = fact.where.rsplit(".", 1)[-1].replace("_", " ")
    groups = [set(g) for g in lex.retention_subjects]
    own = _words(table)
    kin = {w for g in groups if g & own for w in g}
    subject_words = {w for g in groups for w in g}
    statements = [s for s in statements if s.period == "relationship" or period_days(s.period) is not None]
    scores = {id(s): 10 * len(_words(s.statement.text) & own) + len(_words(s.statement.text) & kin) for s in statements}
    best = max(scores.values(), default=0)
    if best > 0:  # the sentences that name these records most closely
        return [s for s in statements if scores[id(s)] == best]
    generic = [s for s in statements if not _words(s.statement.text) & subject_words]
    if generic:
        return generic
    lenient = sorted(statements, key=lambda s: (-(period_days(s.period) or 0), s.statement.index))
    return lenient[:1]


def _status(regime: Regime, country: str) -> str:
    """`adequacy under UK GDPR`, `adequacy for certified recipients only` or `third country`: the same judgement as the data map."""
    found = regime.adequacy.get(country)
    if found is None:
        return f"third country under {regime.name}"
    return f"adequacy under {regime.name}" + (" for certified recipients only" if found.requires else "")


def _example(regime: Regime) -> str:
    """A safeguard that regime recognises, for the gap's wording."""
    return next(iter(regime.safeguards.values()), "standard contractual clauses")


def _country_code(code: str) -> str:
    return code.strip().upper()


def _transfer_gaps(policy: PolicyDeclarations, practice: PracticeFacts, lex: Lexicon) -> list[PolicyGap]:
    """Countries outside the controller's home area (its regime: see jurisdiction) against the policy's transfer statements."""
    eea = set(lex.eea)
    home = _country_code(practice.home_country) if practice.home_country else None
    regime = regime_for(home)
    where: dict[str, list[str]] = {}
    for c in practice.countries:
        where.setdefault(_country_code(c), []).append("declared country")
    for rec in practice.recipients_found:
        if rec.country:
            where.setdefault(_country_code(rec.country), []).append(rec.name)
    known = {c for c in where if c and c != "ZZ"}
    foreign = sorted(c for c in known if not regime.is_home(c))
    unsafe = [c for c in foreign if c not in regime.adequacy or regime.adequacy[c].requires]  # no adequacy covers every recipient
    gaps: list[PolicyGap] = []
    if not policy.transfers:
        for c in foreign:
            gaps.append(_gap("undisclosed", f"transfer: {c}", "medium" if c in unsafe else "low", f"Personal data goes to {c}, outside {regime.home_label} ({_status(regime, c)}; {len(set(where[c]))} recipient(s) or store(s)), but the policy has no international-transfer statement.", None, _evidence(where[c])))
        return gaps
    named = {d for t in policy.transfers for d in t.destinations}
    said = policy.transfers[0].statement
    safeguards = sorted({g for t in policy.transfers for g in t.safeguards})
    naming = ", ".join(g.replace("_", " ") for g in safeguards)
    for c in unsafe:
        if named and c not in named and not (c in eea and "EU" in named):
            where_said = next((t.statement for t in policy.transfers if t.destinations), said)
            also = f"; it names {naming} as safeguards" if naming else ""
            gaps.append(_gap("undisclosed", f"transfer: {c}", "medium", f"Personal data goes to {c} ({_status(regime, c)}), which the policy's transfer statements do not name{also}.", where_said, _evidence(where[c])))
    if unsafe and not safeguards:
        gaps.append(_gap("undisclosed", "transfer safeguards", "medium", f"Personal data goes to {len(unsafe)} countries outside {regime.home_label} without an adequacy finding under {regime.name}, but the policy names no transfer safeguard (e.g. {_example(regime)}).", said, ", ".join(unsafe)))
    if known and not foreign:
        gaps.append(_gap("unsupported", "transfers", "low", f"The policy speaks of international transfers, but no recipient or store outside {regime.home_label} was found.", said, ""))
    return gaps


def _kin(a: str, b: str, lex: Lexicon) -> bool:
    """True when two purposes say the same thing in other words (policy_lexicon.yaml `purpose_kin`), e.g. fraud detection and security."""
    return any(any(_related(a, g) for g in group) and any(_related(b, g) for g in group) for group in lex.purpose_kin)


def _states(declared: str, found: str, lex: Lexicon) -> bool:
    """A stated purpose covers a found one on the same taxonomy branch, or when both mean the same (kin)."""
    return _related(declared, found) or _kin(declared, found, lex)


def _purpose_gaps(policy: PolicyDeclarations, practice: PracticeFacts, lex: Lexicon) -> list[PolicyGap]:
    """Data uses found in practice against the purposes the policy states or denies (hierarchy and meaning aware)."""
    if not practice.purposes_found:
        return []
    gaps: list[PolicyGap] = []
    for use in sorted(practice.purposes_found):
        places = practice.purposes_found[use]
        # "we never use your personal data for advertising": a denial about personal data in general, unconditional
        denied = [s for d, sts in sorted(policy.denied_purposes.items()) if covers(d, use) for s in sts if not s.related]
        if denied:
            gaps.append(_gap("contradicted", use, "high", f"The policy says personal data is not used for {denied[0].key}, but {len(set(places))} activit(y/ies) use it for {use}.", denied[0], _evidence(places)))
        elif not any(_states(d, use, lex) for d in policy.purposes):
            gaps.append(_gap("undisclosed", use, "medium", f"Data is used for {use} ({len(set(places))} place(s)), a purpose the policy does not state.", None, _evidence(places)))
    for d in sorted(policy.purposes):
        if not any(_states(d, u, lex) for u in practice.purposes_found):
            gaps.append(_gap("unsupported", d, "low", f"The policy states the purpose {d}, but no processing for it was found.", _first(policy.purposes[d]), ""))
    return gaps


def compare_policy(policy: PolicyDeclarations, practice: PracticeFacts, lexicon: Lexicon | None = None) -> list[PolicyGap]:
    """Every gap between policy and practice, most severe first, in a stable order."""
    lex = lexicon or load_lexicon()
    gaps = (
        _category_gaps(policy, practice, lex)
        + _recipient_gaps(policy, practice, lex)
        + _children_gaps(policy, practice)
        + _retention_gaps(policy, practice, lex)
        + _transfer_gaps(policy, practice, lex)
        + _purpose_gaps(policy, practice, lex)
    )
    return sorted(gaps, key=lambda g: (SEVERITY_RANK.get(g.severity, 9), g.kind, g.subject, g.detail))
