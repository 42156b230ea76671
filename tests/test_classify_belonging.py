"""Tables that belong to a person, hidden identifiers, tracking ids and behaviour logs: positive and negative cases."""

from __future__ import annotations

import random

import pytest

from privacy_inventory.classify import classify_column
from privacy_inventory.classify import special
from privacy_inventory.classify.hidden import sparse_candidates
from privacy_inventory.classify.context import build_context
from privacy_inventory.classify.text import human_text_count, is_sentence, looks_like_person_name
from privacy_inventory.classify.tokens import tokenize
from privacy_inventory.classify import values as v
from privacy_inventory.models import ColumnContext

_R = random.Random(7)
_FIRST = ["Ann", "Bob", "Cyrus", "Dana", "Eve", "Farid", "Gita", "Hugo", "Ines", "Jamal", "Kira", "Leyla", "Maryam",
          "Nima", "Omid", "Parisa", "Reza", "Sara", "Taha", "Vida"]
_LAST = ["Smith", "Jones", "Ahmadi", "Garcia", "Novak", "Okafor", "Rossi", "Tanaka", "Moradi", "Brown", "Karimi",
         "Hosseini", "Rahimi", "Lee", "Nasser"]


def ctx(table: str, column: str, values: tuple = (), siblings: tuple[str, ...] = (), **kw) -> ColumnContext:
    """A column context; siblings default to the column alone."""
    return ColumnContext(table=table, column=column, data_type=kw.pop("data_type", "varchar"),
                         sibling_columns=siblings or (column,), values=values, **kw)


def phones(n: int) -> list[str]:
    """n distinct numbers that phonenumbers holds valid, written in two common ways."""
    r, out = random.Random(n), []
    while len(out) < n:
        number = f"+44 7911 {r.randint(100000, 999999)}" if len(out) % 2 else f"07911 {r.randint(100000, 999999)}"
        if v.is_phone(number) and number not in out:
            out.append(number)
    return out


def emails(n: int) -> list[str]:
    return [f"{_R.choice(_FIRST).lower()}.{i}@example.org" for i in range(n)]


def full_names(n: int) -> tuple[str, ...]:
    return tuple(f"{_R.choice(_FIRST)} {_R.choice(_LAST)}" for _ in range(n))


def mixed(hidden: list[str], fill: tuple[str, ...], total: int = 200) -> tuple[str, ...]:
    out = [fill[i % len(fill)] for i in range(total - len(hidden))] + hidden
    random.Random(3).shuffle(out)
    return tuple(out)


# ------------------------------------------------------------------------------------------------ tokens
@pytest.mark.parametrize("name,expected", [
    ("device_uid", ("device", "id")), ("uid", ("user", "id")), ("fbName", ("facebook", "name")),
    ("adid", ("advertising", "id")), ("q", ("query",)), ("acct_id", ("account", "id")),
    ("extern_uid", ("extern", "id")),
])
def test_tokens_for_the_new_names(name: str, expected: tuple[str, ...]) -> None:
    assert tokenize(name) == expected


# ------------------------------------------------------------------------------------------------ 1. belonging
_DEMOGRAPHICS = ("id", "account_id", "partner", "age_range", "gender", "interests", "received_on")


@pytest.mark.parametrize("column,values,category", [
    ("gender", ("F", "M", "U") * 20, "user.demographic.gender"),
    ("age_range", ("18-24", "25-34", "35-44") * 20, "user.demographic.age_range"),
    ("interests", ("cooking, politics", "fashion, fitness", "cinema, travel") * 20, "user.demographic.profile"),
])
def test_person_attributes_in_a_table_that_belongs_to_a_person(column: str, values: tuple, category: str) -> None:
    linked = classify_column(ctx("partner_demographics", column, values, _DEMOGRAPHICS, table_references_person=True))
    assert linked.category == category, linked
    by_sibling = classify_column(ctx("partner_demographics", column, values, ("id", "user_id", column)))
    assert by_sibling.category == category, by_sibling
    unlinked = classify_column(ctx("partner_demographics", column, values, ("id", "partner", column)))
    assert unlinked.category is None and "does not belong to a person" in unlinked.evidence


def test_language_of_a_session_is_personal_but_not_of_a_file_or_a_post() -> None:
    langs = ("ar-AE", "fr-FR", "en-GB", "fa-IR") * 30
    sessions = ("id", "account_id", "ip_address", "lang", "started_at")
    r = classify_column(ctx("sessions", "lang", langs, sessions, table_references_person=True))
    assert r.category == "user.demographic.language" and r.confidence >= 0.75
    r = classify_column(ctx("subtitle_settings", "sub_lang", ("en", "fa") * 40, ("account_id", "sub_lang"),
                            table_references_person=True))
    assert r.category == "user.demographic.language"
    assert classify_column(ctx("subtitle_files", "lang", ("en", "fa") * 40, ("id", "film_id", "lang"))).category is None
    post = classify_column(ctx("posts", "locale", ("en", "fa") * 40, ("id", "user_id", "raw", "locale"),
                               table_references_person=True))
    assert post.category is None and "language of a text" in post.evidence


def test_system_settings_stay_organisational_even_with_an_editor_column() -> None:
    r = classify_column(ctx("app_settings", "language", ("en", "fa") * 10, ("key", "language", "updated_by")))
    assert r.category is None


# ------------------------------------------------------------------------------------------------ 2. partner
def test_partner_with_company_names_is_not_a_persons_name() -> None:
    companies = ("Oracle Data Cloud", "Acxiom", "DiasporaInsights Ltd", "Experian Marketing Services") * 50
    r = classify_column(ctx("partner_demographics", "partner", companies, _DEMOGRAPHICS, table_references_person=True))
    assert r.category is None and "person or an organisation" in r.evidence


def test_partner_with_varied_personal_names_is_a_name_and_owner_stays_a_name() -> None:
    r = classify_column(ctx("marriages", "partner", full_names(60), ("id", "user_id", "partner")))
    assert r.category == "user.name"
    r = classify_column(ctx("pets", "owner", ("Acme Ltd", "Ann Lee") * 20, ("id", "owner")))
    assert r.category == "user.name"  # `owner` is not ambiguous: words are names


def test_person_name_heuristic() -> None:
    assert looks_like_person_name("Roya Hosseini") and looks_like_person_name("Jean de la Croix")
    for text in ("Oracle Data Cloud", "Acxiom", "DiasporaInsights Ltd", "Experian Marketing Services", "renewal",
                 "National Crime Agency", "a b c d e"):
        assert not looks_like_person_name(text), text


# ------------------------------------------------------------------------------------------------ 3. hidden values
_TAGS = ("vip", "beta-tester", "migrated")


def test_a_few_phone_numbers_hidden_among_tags_are_found() -> None:
    values = mixed(phones(9), _TAGS)
    siblings = ("profileId", "account_id", "fullName", "extra")
    r = classify_column(ctx("profiles", "extra", values, siblings, table_references_person=True))
    assert r.category == "user.contact.phone_number" and "hidden_by_name" in r.flags
    assert r.evidence == "9/200 sampled values are valid phone numbers (name 'extra' does not say so)"
    assert 0.5 < r.confidence < 0.7
    more = classify_column(ctx("profiles", "extra", mixed(phones(40), _TAGS), siblings, table_references_person=True))
    assert more.confidence > r.confidence


def test_emails_hidden_in_payment_memos_win_over_the_memo_name() -> None:
    memos = ("renewal", "promo NOWRUZ", "proration")
    siblings = ("id", "subscription_id", "acct_id", "amount", "memo")
    r = classify_column(ctx("payments", "memo", mixed(emails(6), memos), siblings, table_references_person=True))
    assert r.category == "user.contact.email" and "hidden_by_name" in r.flags
    assert "6/200 sampled values are valid email addresses" in r.evidence


def test_too_few_hidden_values_or_org_tables_are_not_flagged() -> None:
    siblings = ("profileId", "account_id", "extra")
    two = classify_column(ctx("profiles", "extra", mixed(phones(2), _TAGS), siblings, table_references_person=True))
    assert two.category is None
    settings = ("https://cdn.example.com", "720p", "false", "Example", "smtp.example.org", "support@example.com", "587")
    r = classify_column(ctx("app_settings", "value", settings * 3, ("key", "value", "updated_at")))
    assert r.category is None
    kv = classify_column(ctx("imports", "value", mixed(emails(4), _TAGS), ("k", "value")))
    assert kv.category is None  # no person nearby: 4 values are not enough
    far = classify_column(ctx("imports", "value", mixed(emails(20), _TAGS), ("k", "value")))
    assert far.category == "user.contact.email"  # many values are enough anywhere


def test_chance_matches_in_numeric_codes_are_not_hidden_cards_or_phones() -> None:
    r = random.Random(11)
    refs = tuple(str(r.randint(10**15, 10**16 - 1)) for _ in range(200))
    assert sum(v.is_card_number(x) for x in refs) >= 1  # some pass Luhn and the issuer check by chance
    res = classify_column(ctx("payments", "processor_ref", refs, ("id", "acct_id", "processor_ref"),
                              table_references_person=True))
    assert res.category is None
    ints = tuple(r.randint(2_000_000_000, 9_999_999_999) for _ in range(200))
    res = classify_column(ctx("events", "payload", ints, ("id", "user_id", "payload"), data_type="bigint"))
    assert res.category is None
    dates = tuple(f"20{r.randint(10, 24)}-0{r.randint(1, 9)}-1{r.randint(0, 9)}" for _ in range(200))
    assert sparse_candidates(build_context(ctx("events", "extra", dates, ("id", "user_id", "extra")))) == []


def test_postgres_text_forms_do_not_trigger_hidden_values() -> None:
    for values in (("true", "false") * 100, ("2020-01-01 10:00:00", "1990-05-01") * 100, ("0", "1") * 100):
        r = classify_column(ctx("profiles", "extra", values, ("id", "account_id", "extra"),
                                table_references_person=True))
        assert r.category is None, values


# ------------------------------------------------------------------------------------------------ 4. ids
def test_social_login_name_is_the_persons_name() -> None:
    siblings = ("fb_user_id", "account_id", "fbName", "fbEmail")
    r = classify_column(ctx("facebook_logins", "fbName", full_names(50), siblings, table_references_person=True))
    assert r.category == "user.name"
    r = classify_column(ctx("twitter_accounts", "name", full_names(50), ("id", "user_id", "name"),
                            table_references_person=True))
    assert r.category == "user.name"
    r = classify_column(ctx("playlists", "name", ("Chill", "Road trip", "Gym") * 10, ("id", "user_id", "name"),
                            table_references_person=True))
    assert r.category is None


def test_advertising_ids_and_ad_ids() -> None:
    idfa = tuple(f"{_R.getrandbits(32):08X}-{_R.getrandbits(16):04X}-4{_R.getrandbits(12):03X}-"
                 f"A{_R.getrandbits(12):03X}-{_R.getrandbits(48):012X}" for _ in range(60))
    siblings = ("id", "event", "account_id", "adid", "ad_id")
    for column in ("adid", "idfa", "gaid", "advertising_id", "ad_id"):
        r = classify_column(ctx("ad_events", column, idfa, siblings, table_references_person=True))
        assert r.category == "user.device.device_id", (column, r)
    ints = tuple(range(1, 61))
    r = classify_column(ctx("ad_impressions", "ad_id", ints, ("id", "ad_id", "user_id"), data_type="integer"))
    assert r.category is None and "something else" in r.evidence
    assert classify_column(ctx("ad_impressions", "ad_id", (), ("id", "ad_id", "user_id"))).category is None


def test_cookie_and_device_identifiers() -> None:
    cookies = tuple(f"GA1.2.{100000000 + i}.{1600000000 + i}" for i in range(60))
    r = classify_column(ctx("cookies", "cookie_id", cookies, ("cookie_id", "account_id", "set_at"), primary_key=True,
                            table_references_person=True))
    assert r.category == "user.device.cookie_id"
    lone = classify_column(ctx("cookie_banners", "cookie_id", tuple(range(60)), ("cookie_id", "label"),
                               primary_key=True, data_type="integer"))
    assert lone.category is None
    uuids = tuple(f"{_R.getrandbits(32):08X}-0198-4AC2-90D2-{_R.getrandbits(48):012X}" for _ in range(60))
    r = classify_column(ctx("devices", "device_uid", uuids, ("id", "account_id", "device_uid", "model"),
                            table_references_person=True))
    assert r.category == "user.device.device_id"
    fk = classify_column(ctx("sessions", "device_id", tuple(range(60)), ("id", "account_id", "device_id"),
                             references="devices.id", table_references_person=True, data_type="integer"))
    assert fk.category == "user.device.device_id" and fk.confidence >= 0.8
    model = classify_column(ctx("devices", "model", ("iPhone 12", "Pixel 7") * 30, ("id", "account_id", "model"),
                                table_references_person=True))
    assert model.category == "user.device"
    assert classify_column(ctx("cars", "model", ("Golf", "Polo") * 30, ("id", "model"))).category is None
    # a person's own id keeps being a unique id
    assert classify_column(ctx("identities", "extern_uid", tuple(range(60)), ("id", "user_id", "extern_uid"),
                               table_references_person=True)).category == "user.unique_id"


# ------------------------------------------------------------------------------------------------ 5. behaviour
def test_search_queries_of_a_person() -> None:
    queries = ("farhadi", "the lizard hunters", "Abbas Kiarostami", "children films") * 20
    r = classify_column(ctx("searches", "q", queries, ("id", "account_id", "q", "results"),
                            table_references_person=True))
    assert r.category == "user.behavior.search_history"
    store_wide = classify_column(ctx("search_query", "query_text", queries, ("query_id", "query_text", "popularity")))
    assert store_wide.category is None


def test_the_content_reference_of_a_viewing_log_is_media_consumption() -> None:
    films = tuple(range(1, 61))
    history = ("id", "uid", "film_id", "device_id", "watched_at")
    r = classify_column(ctx("watch_history", "film_id", films, history, references="films.film_id",
                            table_references_person=True, data_type="integer"))
    assert r.category == "user.behavior.media_consumption"
    later = classify_column(ctx("watch_later", "filmId", films, ("userId", "filmId", "addedAt"), primary_key=True,
                                table_references_person=True, data_type="integer"))
    assert later.category == "user.behavior.media_consumption"
    rating = classify_column(ctx("ratings", "film_id", films, ("account_id", "film_id", "stars"), primary_key=True,
                                 table_references_person=True, data_type="integer"))
    assert rating.category == "user.behavior.media_consumption"
    stars = classify_column(ctx("ratings", "stars", (1, 2, 3, 4, 5) * 12, ("account_id", "film_id", "stars"),
                                table_references_person=True, data_type="smallint"))
    assert stars.category is None


def test_catalogue_joins_and_second_references_are_not_consumption() -> None:
    films = tuple(range(1, 61))
    join = classify_column(ctx("film_genres", "film_id", films, ("film_id", "genre_id"), primary_key=True,
                               data_type="integer"))
    assert join.category is None
    siblings = ("id", "user_id", "episode_id", "film_id")
    first = classify_column(ctx("watch_history", "episode_id", films, siblings, table_references_person=True))
    second = classify_column(ctx("watch_history", "film_id", films, siblings, table_references_person=True))
    assert first.category == "user.behavior.media_consumption" and second.category is None
    reviews = classify_column(ctx("reviews", "film_id", films, ("id", "author_id", "film_id", "body"),
                                  references="films.film_id", table_references_person=True))
    assert reviews.category is None


# ------------------------------------------------------------------------------------------------ 6. free text
def test_survey_answers_and_authority_names_are_not_content() -> None:
    answers = ("A friend", "Google search", "Instagram", "Film festival", "Other", "Radio Javan ad") * 30
    r = classify_column(ctx("accounts", "heard_about_us", answers, ("id", "email", "password_hash", "heard_about_us")))
    assert r.category is None
    siblings = ("id", "authority", "reference", "account_id", "data_disclosed")
    authorities = ("Bundeskriminalamt", "Federal Bureau of Investigation", "Polisen (Swedish Police Authority)",
                   "National Crime Agency", "National Crime Agency", "Bundeskriminalamt")
    r = classify_column(ctx("law_enforcement_requests", "authority", authorities, siblings, table_references_person=True))
    assert r.category is None
    disclosed = ("account email, profile name, country", "account email, created date", "payment records") * 2
    r = classify_column(ctx("law_enforcement_requests", "data_disclosed", disclosed, siblings,
                            table_references_person=True))
    assert r.category is None


def test_varied_sentences_in_an_owned_table_are_private_content() -> None:
    r = random.Random(5)
    words = ["film", "stops", "after", "ten", "minutes", "please", "help", "my", "account", "the", "sound", "is", "late"]
    texts = tuple(" ".join(r.choice(words) for _ in range(r.randint(5, 12))).capitalize() + "." for _ in range(60))
    res = classify_column(ctx("tickets_x", "misc", texts, ("id", "user_id", "misc")))
    assert res.category == "user.content.private"
    assert human_text_count(v.prepare(texts)) == 60
    assert human_text_count(v.prepare(("More documentaries here please.",) * 60)) == 0
    assert is_sentence("Could you add more films by Dariush Mehrjui? I love their work.")
    assert not is_sentence("Federal Bureau of Investigation") and not is_sentence("account email, created date")


# ------------------------------------------------------------------------------------------------ special categories
def test_lexicon_strokes_and_bracket_terms() -> None:
    counts = special.scan_texts(["My mother is blind since her stroke; do you have audio description?",
                                 "I was hospitalised in May", "He was hospitalized", "a stroke of luck"])
    assert counts == {"health": 3}
    assert special.lexicon()["health"].search("since her stroke")


def test_accessibility_preferences_imply_health() -> None:
    r = classify_column(ctx("subtitle_settings", "prefer_sdh", ("true", "false") * 20,
                            ("account_id", "sub_lang", "prefer_sdh"), table_references_person=True, data_type="boolean"))
    assert r.category == "user.health_and_medical" and "special:health" in r.flags
    r = classify_column(ctx("subtitle_files", "sdh", ("true", "false") * 20, ("id", "film_id", "sdh")))
    assert r.category is None


def test_attributes_borrowed_from_a_person_link_need_values_that_agree() -> None:
    snippets = ("id", "author_id", "title", "language")
    r = classify_column(ctx("snippets", "language", ("ruby", "python", "go") * 20, snippets,
                            table_references_person=True))
    assert r.category is None and "not itself a person table" in r.evidence
    r = classify_column(ctx("snippets", "language", ("en", "fa-IR") * 20, snippets, table_references_person=True))
    assert r.category == "user.demographic.language"
    # in a person table the name alone still holds, with lower confidence
    r = classify_column(ctx("users", "language", ("ruby", "python") * 20, ("id", "email", "password", "language")))
    assert r.category == "user.demographic.language" and r.confidence < 0.6
