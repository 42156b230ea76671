"""Build the IMVBox demo database: a realistic, reproducible organisation with known privacy problems to find."""

from __future__ import annotations

import argparse
import sqlite3
import sys
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from random import Random

from privacy_inventory.demo import activity, people, vocab
from privacy_inventory.demo.fake import Fake, epoch, iso
from privacy_inventory.demo.people import Clock, Rows
from privacy_inventory.demo.schema import PLANTED_SQL, TABLES
from privacy_inventory.demo.sqlite_file import count_queries, write_database
from privacy_inventory.errors import InventoryError

REFERENCE_DATE = date(2026, 6, 30)  # "today" for the demo: every date is computed from it, never the clock
DEFAULT_SEED = 2018  # the year of the IMVBox privacy policy
ACCOUNTS_PER_SCALE = 1500
LEGACY_USERS_PER_SCALE = 250
MAX_SCALE = 1000
CLOSED_RETENTION_YEARS = 3  # closed accounts older than this are "kept for years"
STALE_IP_DAYS = 365  # session IPs older than this are kept "far beyond need"


@dataclass
class DemoSummary:
    """What was built: the file, row counts per table and the count of each planted problem."""

    path: Path
    tables: dict[str, int]
    planted: dict[str, int]


def planted_sql(clock: Clock | None = None) -> dict[str, str]:
    """The counting queries of the planted problems with their cutoffs filled in (also used by the tests)."""
    clock = clock or Clock(REFERENCE_DATE)
    stale = datetime.combine(clock.today - timedelta(days=STALE_IP_DAYS), datetime.min.time())
    health = " OR ".join(f"lower(subject || ' ' || body) LIKE '%{word}%'" for word in vocab.HEALTH_KEYWORDS)
    fills = {
        "children": clock.years_ago(13).isoformat(),
        "closed": clock.years_ago(CLOSED_RETENTION_YEARS).isoformat(),
        "old_ip": str(epoch(stale)),
        "health": f"({health})",
    }
    return {key: sql.format(**fills) for key, sql in PLANTED_SQL.items()}


def _catalogue(fk: Fake) -> dict[str, Rows]:
    """films, genres, film_genres, subtitle_files: the non-personal catalogue."""
    rng = fk.rng
    genre_ids = {name: i + 1 for i, name in enumerate(vocab.GENRES)}
    films: Rows = []
    film_genres: Rows = []
    subtitle_files: Rows = []
    for film_id, (title, year, director, runtime, genres) in enumerate(vocab.FILMS, start=1):
        city = rng.choice(vocab.COUNTRIES["IR"][2])
        synopsis = f"{rng.choice(vocab.SYNOPSIS_OPENERS).format(city=city)} {rng.choice(vocab.SYNOPSIS_ENDINGS)}"
        films.append((film_id, title, year, director, synopsis, runtime, "fa"))
        film_genres.extend((film_id, genre_ids[g]) for g in sorted(genres))
        for lang in sorted(rng.sample(vocab.SUBTITLE_LANGS, rng.randint(2, 5))):
            subtitle_files.append((len(subtitle_files) + 1, film_id, lang, f"subs/{film_id:04d}/{lang}.srt", "srt"))
    return {
        "films": films,
        "genres": [(i, name) for name, i in genre_ids.items()],
        "film_genres": film_genres,
        "subtitle_files": subtitle_files,
    }


def _system(fk: Fake, clock: Clock) -> dict[str, Rows]:
    """app_settings and feature_flags: configuration of the system itself, including two system secrets."""
    when = iso(datetime.combine(clock.today - timedelta(days=40), datetime.min.time()))
    settings = [
        ("cdn.base_url", "https://cdn.imvbox.com", when),
        ("player.default_quality", "720p", when),
        ("site.maintenance_mode", "false", when),
        ("site.name", "IMVBox", when),
        ("smtp.host", "smtp.mailgun.org", when),
        ("smtp.password", fk.token("", 32), when),
        ("smtp.port", "587", when),
        ("smtp.user", "postmaster@mg.imvbox.com", when),
        ("support.email", "support@imvbox.com", when),
        ("webhooks.signing_secret", fk.token("whsec_", 32), when),
    ]
    flags = [
        ("autoplay_next", 1, 100, "Start the next episode automatically"),
        ("dark_mode", 1, 100, "Dark theme in the web player"),
        ("download_offline", 0, 0, "Offline downloads in the mobile apps"),
        ("new_checkout", 1, 25, "Redesigned checkout page"),
        ("persian_ui", 1, 100, "Right-to-left Persian interface"),
        ("recommendations_v2", 1, 50, "Second-generation recommendation model"),
        ("sdh_subtitles", 1, 100, "Subtitles for the deaf and hard of hearing"),
        ("watch_party", 0, 5, "Watch together with friends"),
    ]
    return {"app_settings": settings, "feature_flags": flags}


def generate(seed: int = DEFAULT_SEED, scale: int = 1) -> dict[str, Rows]:
    """All rows of the demo database, per table, in a fixed order from one seeded RNG."""
    fk = Fake(Random(seed))
    clock = Clock(REFERENCE_DATE)
    n = ACCOUNTS_PER_SCALE * scale
    quota = {
        "children": round(n * 0.02), "old_closed": round(n * 0.04), "recent_closed": round(n * 0.03),
        "phones": round(n * 0.04), "health": round(n * 0.01), "memo_emails": round(n * 0.02), "religion": round(n * 0.03),
    }
    rows = _catalogue(fk) | _system(fk, clock)
    folks = people.make_people(fk, clock, n, quota)
    rows["accounts"] = people.accounts(fk, folks)
    rows["profiles"] = people.profiles(fk, folks, quota["phones"])
    rows["subscriptions"], rows["payments"] = people.billing(fk, folks, clock, quota["memo_emails"])
    rows["devices"], rows["sessions"] = people.devices_and_sessions(fk, folks)
    rows["cookies"] = people.cookies(fk, folks, clock, anonymous=200 * scale)
    n_films = len(vocab.FILMS)
    history, later, subtitles, ratings = activity.viewing(fk, folks, n_films)
    rows |= {"watch_history": history, "watch_later": later, "subtitle_settings": subtitles, "ratings": ratings}
    rows["searches"] = activity.searches(fk, folks, clock, anonymous=300 * scale)
    rows["reviews"] = activity.reviews(fk, folks, n_films)
    rows["referrals"] = activity.referrals(fk, folks)
    rows["survey_answers"] = activity.surveys(fk, folks)
    rows["support_requests"] = activity.support(fk, folks, quota["health"])
    rows["facebook_logins"] = people.facebook_logins(fk, folks)
    rows["newsletter_subscriptions"] = activity.newsletter(fk, folks, clock, outsiders=150 * scale)
    rows["ad_events"] = activity.ad_events(fk, folks, clock)
    rows["partner_demographics"] = activity.partner_demographics(fk, folks, quota["religion"])
    rows["law_enforcement_requests"] = activity.law_enforcement(fk, folks, 6 * scale)
    rows["legacy_users_2015"] = activity.legacy_users(fk, LEGACY_USERS_PER_SCALE * scale)
    return rows


def count_planted(conn: sqlite3.Connection) -> dict[str, int]:
    """Count each planted problem in a built database with the documented queries."""
    return count_queries(conn, planted_sql())


def build_imvbox(path: Path, *, scale: int = 1, seed: int = DEFAULT_SEED) -> DemoSummary:
    """Write the demo SQLite database at path atomically (temp file in the same folder, then os.replace)."""
    path = Path(path)
    if isinstance(scale, bool) or not isinstance(scale, int) or not 1 <= scale <= MAX_SCALE:
        raise InventoryError("scale", f"must be a whole number from 1 to {MAX_SCALE}, got {scale!r}")
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise InventoryError("seed", f"must be a whole number, got {seed!r}")
    if path.is_dir():
        raise InventoryError(str(path), "is a directory; give a file path such as imvbox.sqlite")
    if not path.parent.is_dir():
        raise InventoryError(str(path), "the folder does not exist")
    rows = generate(seed, scale)
    tables, (planted,) = write_database(path, TABLES, rows, [planted_sql()])
    return DemoSummary(path=path, tables=tables, planted=planted)


def main(argv: list[str] | None = None) -> int:
    """Command line: build the demo database and print what was built and planted."""
    parser = argparse.ArgumentParser(prog="privacy-inventory demo", description="Build the IMVBox demo SQLite database.")
    parser.add_argument("--out", required=True, type=Path, help="path of the SQLite file to write (replaced)")
    parser.add_argument("--scale", type=int, default=1, help="multiply row counts (default 1: 1,500 accounts)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default {DEFAULT_SEED})")
    args = parser.parse_args(argv)
    try:
        summary = build_imvbox(args.out, scale=args.scale, seed=args.seed)
    except InventoryError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"wrote {summary.path} ({sum(summary.tables.values())} rows in {len(summary.tables)} tables)")
    for name, count in summary.tables.items():
        print(f"  {name:<26} {count:>7}")
    print("planted problems:")
    for key, count in summary.planted.items():
        print(f"  {key:<32} {count:>5}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
