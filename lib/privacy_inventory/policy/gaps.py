"""Compare what a policy declares with what the organisation was found doing: pure functions, counts only."""

from __future__ import annotations

from dataclasses import dataclass, field

from privacy_inventory.jurisdiction import Regime, regime_for
from privacy_inventory.policy.declarations import PolicyDeclarations, PolicyStatement
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
    policy_sentence: str | None = None
    evidence: str = ""


def covers(disclosed: str, found: str) -> bool:
    """True when a disclosed key covers a found one: the same key or one of its ancestors."""
    return found == disclosed or found.startswith(disclosed + ".")


def _related(a: str, b: str) -> bool:
    """True when two keys are on one branch of the taxonomy (either covers the other)."""
    return covers(a, b) or covers(b, a)


def _kin(a: str, b: str) -> bool:
    """True when two purposes say the same thing in other words (policy_lexicon.yaml `purpose_kin`), e.g. fraud detection and security."""
    for group in load_lexicon().purpose_kin:
        if any(_related(a, g) for g in group) and any(_related(b, g) for g in group):
            return True
    return False


def _special_root(key: str, lex: Lexicon) -> str | None:
    """The special category (Art. 9/10) a key belongs to, if any."""
    inside = [r for r in lex.special_categories if covers(r, key)]
    return max(inside, key=len) if inside else None


def _evidence(places: list[str], limit: int = 5) -> str:
    """A short, sorted list of where something was found."""
    uniq = sorted(set(places))
    more = f" (+{len(uniq) - limit} more)" if len(uniq) > limit else ""
    return "; ".join(uniq[:limit]) + more


def _first(statements: list[PolicyStatement]) -> str | None:
    return statements[0].text if statements else None


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
            gaps.append(PolicyGap("contradicted", key, "high", f"The policy says {key} is not collected, but it was found in {count}.", denied[0].text, _evidence(where)))
            continue
        root = _special_root(key, lex)
        if root:
            ok = any(covers(root, d) and _related(d, key) for d in disclosed)
            if not ok:
                gaps.append(PolicyGap("undisclosed", key, "high", f"Special-category data ({key}) was found in {count} but the policy does not mention it.", None, _evidence(where)))
        elif not any(_related(d, key) for d in disclosed):
            gaps.append(PolicyGap("undisclosed", key, "medium", f"Personal data of category {key} was found in {count} but the policy does not mention it.", None, _evidence(where)))
    if places:
        for d in disclosed:
            if not any(_related(d, f) for f in places):
                st = policy.categories[d]
                gaps.append(PolicyGap("unsupported", d, "low", f"The policy declares {d} (\"{st[0].term}\") but no scanned source or recipient holds it.", _first(st), ""))
    return gaps


def _recipient_gaps(policy: PolicyDeclarations, practice: PracticeFacts, lex: Lexicon) -> list[PolicyGap]:
    """Undisclosed recipients, recipients contradicting a "we do not sell/share" promise, and unused types."""
    gaps: list[PolicyGap] = []
    declared = policy.recipient_types
    denial = policy.denials.get("sell", []) + policy.denials.get("share", [])
    seen_types: set[str] = set()
    for rec in sorted(practice.recipients_found, key=lambda r: (r.name, r.role, r.country)):
        subject, where = f"recipient: {rec.name}", f"{rec.origin}: {rec.name} ({rec.role or 'no role'}{', ' + rec.country if rec.country else ''})"
        n_cat = len(set(rec.categories))
        rtype = lex.recipient_type_for_role(rec.role) if rec.role else None
        if rtype is None:
            gaps.append(PolicyGap("undisclosed", subject, "medium", f"{rec.name} receives {n_cat} data categories in a role the lexicon cannot match to a recipient type; check the policy names it.", None, where))
            continue
        seen_types.update(lex.covering_types(rtype))
        covering = sorted(lex.covering_types(rtype) & set(declared))
        if not covering:
            gaps.append(PolicyGap("undisclosed", subject, "high", f"{rec.name} ({rtype}) receives {n_cat} data categories, but the policy names no recipients of this type.", None, where))
        if denial and rtype in SHARING_DENIED_TYPES:
            gaps.append(PolicyGap("contradicted", subject, "high", f"The policy says personal data is not sold or shared, but {rec.name} ({rtype}) receives {n_cat} data categories.", denial[0].text, where))
    if practice.recipients_found:
        for rtype in sorted(set(declared) - seen_types - CONTINGENT_RECIPIENTS):
            gaps.append(PolicyGap("unsupported", f"recipient type: {rtype}", "low", f"The policy says data is shared with recipients of type {rtype}, but no such recipient was found.", _first(declared[rtype]), ""))
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
        return [PolicyGap("undisclosed", "children", "high", f"{found[age]} people under {age} were found, but the policy says nothing about children.", None, where)]
    best = sorted(promises, key=lambda c: (not c.not_knowingly, -(c.min_age or 0)))[0]
    limit = best.min_age or 0
    below = [a for a in found if a <= limit]
    if not below:
        return []
    age = max(below)
    said = "does not knowingly collect data from" if best.not_knowingly else "is not directed to"
    return [PolicyGap("contradicted", "children", "high", f"The policy says the service {said} children under {limit}, but {found[age]} people under {age} were found.", best.statement.text, where)]


def _retention_gaps(policy: PolicyDeclarations, practice: PracticeFacts) -> list[PolicyGap]:
    """Records kept longer than the policy's stated retention (or retention the policy never states)."""
    facts = [f for f in practice.retention_periods_found if f.count > 0]
    if not facts:
        return []
    if not policy.retention:
        total = sum(f.count for f in facts)
        return [PolicyGap("undisclosed", "retention", "medium", f"{total} records are kept for a time the policy never states (it has no retention statement).", None, _evidence([f.where for f in facts]))]
    gaps: list[PolicyGap] = []
    for fact in sorted(facts, key=lambda f: (f.where, f.kept_days)):
        what = fact.description or "records"
        for st in policy.retention:
            days = period_days(st.period)
            if st.period == "relationship" and fact.after_end and fact.kept_days > RELATIONSHIP_GRACE_DAYS:
                detail = f"The policy says data is kept only while the relationship lasts, but {fact.count} {what} in {fact.where} were kept up to {fact.kept_days} days after it ended."
            elif days is not None and fact.kept_days > days:
                detail = f"The policy says data is kept for {st.period}, but {fact.count} {what} in {fact.where} were kept up to {fact.kept_days} days."
            else:
                continue
            gaps.append(PolicyGap("contradicted", "retention", "high", detail, st.statement.text, fact.where))
            break
    return gaps


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
            gaps.append(PolicyGap("undisclosed", f"transfer: {c}", "medium" if c in unsafe else "low", f"Personal data goes to {c}, outside {regime.home_label} ({_status(regime, c)}; {len(set(where[c]))} recipient(s) or store(s)), but the policy has no international-transfer statement.", None, _evidence(where[c])))
        return gaps
    named = {d for t in policy.transfers for d in t.destinations}
    sentence = policy.transfers[0].statement.text
    for c in unsafe:
        if named and c not in named and not (c in eea and "EU" in named):
            gaps.append(PolicyGap("undisclosed", f"transfer: {c}", "medium", f"Personal data goes to {c} ({_status(regime, c)}), which the policy's transfer statements do not name.", sentence, _evidence(where[c])))
    if unsafe and not any(t.safeguards for t in policy.transfers):
        gaps.append(PolicyGap("undisclosed", "transfer safeguards", "medium", f"Personal data goes to {len(unsafe)} countries outside {regime.home_label} without an adequacy finding under {regime.name}, but the policy names no transfer safeguard (e.g. {_example(regime)}).", sentence, ", ".join(unsafe)))
    if known and not foreign:
        gaps.append(PolicyGap("unsupported", "transfers", "low", f"The policy speaks of international transfers, but no recipient or store outside {regime.home_label} was found.", sentence, ""))
    return gaps


def _purpose_gaps(policy: PolicyDeclarations, practice: PracticeFacts) -> list[PolicyGap]:
    """Data uses found in practice against the purposes the policy states (hierarchy-aware)."""
    if not practice.purposes_found:
        return []
    gaps: list[PolicyGap] = []
    for use in sorted(practice.purposes_found):
        if not any(_related(d, use) or _kin(d, use) for d in policy.purposes):
            gaps.append(PolicyGap("undisclosed", use, "medium", f"Data is used for {use} ({len(set(practice.purposes_found[use]))} place(s)), a purpose the policy does not state.", None, _evidence(practice.purposes_found[use])))
    for d in sorted(policy.purposes):
        if not any(_related(d, u) or _kin(d, u) for u in practice.purposes_found):
            gaps.append(PolicyGap("unsupported", d, "low", f"The policy states the purpose {d}, but no processing for it was found.", _first(policy.purposes[d]), ""))
    return gaps


def compare_policy(policy: PolicyDeclarations, practice: PracticeFacts, lexicon: Lexicon | None = None) -> list[PolicyGap]:
    """Every gap between policy and practice, most severe first, in a stable order."""
    lex = lexicon or load_lexicon()
    gaps = (
        _category_gaps(policy, practice, lex)
        + _recipient_gaps(policy, practice, lex)
        + _children_gaps(policy, practice)
        + _retention_gaps(policy, practice)
        + _transfer_gaps(policy, practice, lex)
        + _purpose_gaps(policy, practice)
    )
    return sorted(gaps, key=lambda g: (SEVERITY_RANK.get(g.severity, 9), g.kind, g.subject, g.detail))
