"""Rows about what people do and what others send about them: usage, free text, marketing, partners, legacy."""

from __future__ import annotations

from datetime import datetime, timedelta

from privacy_inventory.demo import vocab
from privacy_inventory.demo.fake import INTERNATIONAL_FORMATS, Fake, epoch, iso
from privacy_inventory.demo.people import Clock, Person, Rows, pick_country, pick_name


def viewing(fk: Fake, people: list[Person], n_films: int) -> tuple[Rows, Rows, Rows, Rows]:
    """watch_history, watch_later, subtitle_settings and ratings: usage the service records automatically."""
    rng = fk.rng
    history: Rows = []
    later: Rows = []
    subtitles: Rows = []
    ratings: Rows = []
    films = list(range(1, n_films + 1))
    for p in people:
        for _ in range(rng.choice((0, 1, 1, 2, 3, 4, 5))):
            device = rng.choice(p.devices) if p.devices and rng.random() < 0.9 else None
            history.append((len(history) + 1, p.id, rng.choice(films), device, iso(fk.moment(p.created, p.end)),
                            rng.randint(0, 7200), int(rng.random() < 0.55)))
        if rng.random() < 0.4:
            for film in sorted(rng.sample(films, rng.randint(1, 4))):
                later.append((p.id, film, iso(fk.moment(p.created, p.end))))
        if rng.random() < 0.6:
            subtitles.append((p.id, rng.choice(vocab.SUBTITLE_LANGS), rng.choice(("small", "medium", "large")),
                              rng.choice(("#FFFFFF", "#FFFF00", "#00FFFF")), rng.choice((0.0, 0.5, 0.75)),
                              int(rng.random() < 0.05)))
        if rng.random() < 0.5:
            for film in sorted(rng.sample(films, rng.randint(1, 3))):
                ratings.append((p.id, film, rng.randint(1, 5), iso(fk.moment(p.created, p.end))))
    return history, later, subtitles, ratings


def searches(fk: Fake, people: list[Person], clock: Clock, anonymous: int) -> Rows:
    """searches: the query text people typed (members and anonymous visitors)."""
    rng = fk.rng
    terms = vocab.SEARCH_TERMS + tuple(f[0].lower() for f in vocab.FILMS) + tuple(sorted({f[2] for f in vocab.FILMS}))
    who: list[Person | None] = [p for p in people for _ in range(rng.choice((0, 0, 1, 1, 2, 3)))] + [None] * anonymous
    rows: Rows = []
    for p in who:
        when = fk.moment(p.created, p.end) if p else fk.moment(datetime(2018, 1, 1), clock.now)
        rows.append((len(rows) + 1, p.id if p else None, rng.choice(terms), rng.randint(0, 40), iso(when)))
    return rows


def reviews(fk: Fake, people: list[Person], n_films: int) -> Rows:
    """reviews: free-text opinions, public by default."""
    rng = fk.rng
    rows: Rows = []
    for p in people:
        if rng.random() < 0.15:
            body = f"{rng.choice(vocab.REVIEW_OPENERS)} {rng.choice(vocab.REVIEW_CLOSERS)}"
            rows.append((len(rows) + 1, p.id, rng.randint(1, n_films), rng.choice(vocab.REVIEW_TITLES), body,
                         int(rng.random() < 0.9), iso(fk.moment(p.created, p.end))))
    return rows


def referrals(fk: Fake, people: list[Person]) -> Rows:
    """referrals: Invite-a-Friend, i.e. emails and names of people who never signed up themselves."""
    rng = fk.rng
    rows: Rows = []
    for p in people:
        if rng.random() >= 0.1:
            continue
        for _ in range(rng.randint(1, 3)):
            first, last, _ = pick_name(fk, p.country)
            joined = rng.choice(people).id if rng.random() < 0.3 else None
            rows.append((len(rows) + 1, p.id, fk.email(first, last, vocab.EMAIL_DOMAINS),
                         rng.choice((f"{first} {last}", first, None)), iso(fk.moment(p.created, p.end)),
                         joined, int(joined is not None)))
    return rows


def surveys(fk: Fake, people: list[Person]) -> Rows:
    """survey_answers: free-text answers to research surveys."""
    rng = fk.rng
    rows: Rows = []
    for p in people:
        if rng.random() >= 0.12:
            continue
        for code, question in rng.sample(vocab.SURVEY_QUESTIONS, rng.randint(1, 2)):
            rows.append((len(rows) + 1, code, p.id, question, rng.choice(vocab.SURVEY_ANSWERS),
                         iso(fk.moment(p.created, p.end))))
    return rows


def support(fk: Fake, people: list[Person], health_planted: int) -> Rows:
    """support_requests: subject and body free text; a planted few reveal health conditions (Art. 9 data)."""
    rng = fk.rng
    askers = [p for p in people if rng.random() < 0.12]
    health = set(rng.sample(range(len(askers)), min(health_planted, len(askers))))
    rows: Rows = []
    for i, p in enumerate(askers):
        film, director = rng.choice(vocab.FILMS)[0], rng.choice(vocab.FILMS)[2]
        if i in health:
            subject, body, _ = rng.choice(vocab.HEALTH_SUPPORT)
        else:
            subject, body = rng.choice(vocab.SUPPORT_SUBJECTS)
        body = body.format(film=film, director=director, ref=fk.upper_token("ORD-", 8))
        phone = fk.phone(p.country, rng.choice(INTERNATIONAL_FORMATS)) if rng.random() < 0.3 else None
        opened = fk.moment(p.created, p.end)
        closed = opened + timedelta(hours=rng.randint(1, 240))
        status = "open" if closed > p.end else rng.choice(("closed", "closed", "resolved"))
        rows.append((i + 1, p.id, p.email, phone, subject, body, status, iso(opened),
                     None if status == "open" else iso(closed)))
    return rows


def newsletter(fk: Fake, people: list[Person], clock: Clock, outsiders: int) -> Rows:
    """newsletter_subscriptions: members and non-members who left an email for marketing."""
    rng = fk.rng
    entries: list[tuple[str, int | None, datetime]] = []
    for p in people:
        if rng.random() < 0.4:
            entries.append((p.email, p.id, fk.moment(p.created, p.end)))
    for _ in range(outsiders):
        first, last, _ = pick_name(fk, pick_country(fk))
        entries.append((fk.email(first, last, vocab.EMAIL_DOMAINS), None, fk.moment(datetime(2015, 1, 1), clock.now)))
    rows: Rows = []
    for email, account, when in entries:
        unsub = iso(fk.moment(when, clock.now)) if rng.random() < 0.2 else None
        rows.append((len(rows) + 1, email, account, rng.choice(("weekly", "new-releases", "offers")),
                     rng.choice(("signup", "footer", "facebook", "promo-2019")), int(rng.random() < 0.7), iso(when), unsub))
    return rows


def ad_events(fk: Fake, people: list[Person], clock: Clock) -> Rows:
    """ad_events: impressions and clicks reported by ad networks, with cookie, advertising id and IP."""
    rng = fk.rng
    rows: Rows = []
    start = datetime.combine(clock.years_ago(3), datetime.min.time())
    for p in people:
        for _ in range(rng.choice((0, 1, 2, 3, 4))):
            when = fk.moment(max(p.created, start), max(p.end, start))
            rows.append((len(rows) + 1, "click" if rng.random() < 0.1 else "impression", rng.choice(vocab.AD_NETWORKS),
                         f"cmp-{rng.randint(100, 140)}", p.id if rng.random() < 0.7 else None, p.cookie,
                         p.adid if p.devices else None, fk.ip(0.15), epoch(when)))
    return rows


def partner_demographics(fk: Fake, people: list[Person], religion_planted: int) -> Rows:
    """partner_demographics: bought-in profiles; a planted few carry religion (special category, not in the policy)."""
    rng = fk.rng
    chosen = [p for p in people if rng.random() < 0.2]
    religious = set(rng.sample(range(len(chosen)), min(religion_planted, len(chosen))))
    rows: Rows = []
    for i, p in enumerate(chosen):
        rows.append((i + 1, p.id, rng.choice(vocab.PARTNERS), rng.choice(vocab.AGE_RANGES), rng.choice("FMU"),
                     rng.choice(vocab.INCOME_BANDS), ", ".join(sorted(rng.sample(vocab.INTERESTS, 3))),
                     rng.choice(vocab.RELIGIONS) if i in religious else None,
                     fk.day(p.created.date(), p.end.date()).isoformat()))
    return rows


def law_enforcement(fk: Fake, people: list[Person], count: int) -> Rows:
    """law_enforcement_requests: which authority asked about whom, and what was disclosed."""
    rng = fk.rng
    rows: Rows = []
    for i in range(count):
        p = rng.choice(people)
        authority, code = rng.choice(vocab.AUTHORITIES)
        received = fk.day(p.created.date(), p.end.date())
        disclosed = rng.choice(vocab.DISCLOSED)
        rows.append((i + 1, authority, f"{code}-{received.year}-{fk.digits(6)}", p.id, received.isoformat(),
                     rng.choice(("Court order", "Investigatory Powers Act 2016", "Production order", "Voluntary request")),
                     disclosed, None if disclosed.startswith("none") else (received + timedelta(days=rng.randint(3, 40))).isoformat()))
    return rows


def legacy_users(fk: Fake, count: int) -> Rows:
    """legacy_users_2015: the old site's user table, migrated but never dropped, passwords in plain text."""
    rng = fk.rng
    rows: Rows = []
    for i in range(count):
        country = pick_country(fk)
        first, last, _ = pick_name(fk, country)
        password = rng.choice(vocab.WEAK_PASSWORD_WORDS) + rng.choice(("", "123", "1360", "!", "2015", str(rng.randint(1, 99))))
        if rng.random() < 0.3:
            password = password.capitalize()
        signup = fk.day(datetime(2011, 1, 1).date(), datetime(2015, 12, 31).date())
        rows.append((i + 1, f"{first.lower()}{rng.randint(1, 999)}", fk.email(first, last, vocab.EMAIL_DOMAINS), password,
                     fk.phone(country, rng.choice(INTERNATIONAL_FORMATS)) if rng.random() < 0.6 else None,
                     signup.strftime("%d/%m/%Y"), fk.ipv4()))
    return rows

