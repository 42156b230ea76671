"""Config scanning: file formats, errors, vendor detection per family, secrets never leaking, the IMVBox config."""

from __future__ import annotations

import json
import os
from dataclasses import asdict
from pathlib import Path

import pytest
from fideslang.default_taxonomy import DEFAULT_TAXONOMY
from hypothesis import given, settings
from hypothesis import strategies as st

from privacy_inventory.errors import InventoryError
from privacy_inventory.scan import config_files
from privacy_inventory.scan.config_files import ConfigEntry, config_format, read_config_file, read_config_paths
from privacy_inventory.scan.integrations import find_secrets, match_integrations, scan_config_paths
from privacy_inventory.vendors import DEFAULT_CATALOGUE, load_catalogue, load_vendor_catalogue

ROOT = Path(__file__).resolve().parents[1]
IMVBOX = ROOT / "inventory" / "imvbox" / "app-config"
CAT = load_catalogue()


def write(tmp_path: Path, name: str, text: str | bytes) -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


def flat(path: Path) -> dict[str, object]:
    return {e.key: e.value for e in read_config_file(path, path.name)}


def vendors_for(key: str, value: str | tuple[str, ...]) -> set[str]:
    return {i.vendor for i in match_integrations([ConfigEntry("app.yaml", key, value)], CAT)}


def secrets_for(key: str, value: str) -> list[str]:
    return [f.detail for f in find_secrets([ConfigEntry("app.yaml", key, value)], CAT)]


# --- catalogue -------------------------------------------------------------------------------


def test_catalogue_is_large_sorted_and_unique() -> None:
    vendors = load_vendor_catalogue()
    keys = [v.key for v in vendors]
    assert len(vendors) >= 40
    assert keys == sorted(keys) and len(set(keys)) == len(keys)
    raw_keys = [line.split(":", 1)[1].strip() for line in DEFAULT_CATALOGUE.read_text().splitlines() if line.startswith("  - key:")]
    assert raw_keys == sorted(raw_keys), "vendors.yaml itself must list vendors sorted by key"
    families = {v.family for v in vendors}
    for family in ("payments", "analytics", "advertising", "ad_exchange", "social_sign_in", "email_delivery",
                   "email_marketing", "support_desk", "cdn", "cloud_hosting", "error_tracking", "video_streaming",
                   "sms", "crm", "data_broker"):
        assert family in families, family


def test_every_catalogue_term_is_in_the_fideslang_taxonomy() -> None:
    uses = {u.fides_key for u in DEFAULT_TAXONOMY.data_use}
    cats = {c.fides_key for c in DEFAULT_TAXONOMY.data_category}
    for v in load_vendor_catalogue():
        assert v.purposes and set(v.purposes) <= uses, v.key
        assert v.categories and set(v.categories) <= cats, v.key
        for extra in v.detection.flags.values():
            assert set(extra) <= cats, v.key
        assert v.role in ("processor", "independent_controller", "joint_controller")
        assert len(v.country) == 2 and v.country.isupper()
    assert set(CAT.field_categories.values()) <= cats


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("vendors: [\n  - key: x\n    name: [unclosed\n", "malformed YAML at line 2"),
        ("just a string\n", "expected a mapping"),
        (
            "vendors:\n  - {key: acme, name: Acme, role: processor, country: US, family: cdn, purposes: [essential],"
            " categories: [user.made_up], detection: {keys: [acme]}}\n",
            "vendor #1 (acme) categories: unknown fideslang data categories: user.made_up",
        ),
        (
            "vendors:\n  - {key: acme, name: Acme, role: boss, country: US, family: cdn, purposes: [essential],"
            " categories: [user], detection: {keys: [acme]}}\n",
            "vendor #1 (acme) role",
        ),
        (
            "vendors:\n  - {key: acme, name: Acme, role: processor, country: XQ, family: cdn, purposes: [essential],"
            " categories: [user], detection: {keys: [acme]}}\n",
            "not an ISO 3166",
        ),
        (
            "vendors:\n  - {key: acme, name: Acme, role: processor, country: US, family: cdn, purposes: [essential],"
            " categories: [user], detection: {keys: ['acme(']}}\n",
            "invalid regular expression",
        ),
        (
            "vendors:\n  - {key: acme, name: Acme, role: processor, country: US, family: cdn, purposes: [essential],"
            " categories: [user], detection: {keys: [acme]}}\n"
            "  - {key: acme, name: Acme 2, role: processor, country: US, family: cdn, purposes: [essential],"
            " categories: [user], detection: {keys: [acme]}}\n",
            "duplicate vendor keys: acme",
        ),
        (
            "vendors:\n  - {key: acme, name: Acme, role: processor, country: US, family: cdn, purposes: [essential],"
            " categories: [user], detection: {}}\n",
            "detection needs at least one",
        ),
    ],
)
def test_bad_catalogue_is_one_line_error_naming_the_file(tmp_path: Path, body: str, expected: str) -> None:
    path = write(tmp_path, "vendors.yaml", body)
    with pytest.raises(InventoryError) as err:
        load_vendor_catalogue(path)
    assert str(err.value).startswith(str(path) + ": ")
    assert expected in str(err.value)
    assert "\n" not in str(err.value)


def test_missing_catalogue(tmp_path: Path) -> None:
    with pytest.raises(InventoryError, match="not found"):
        load_vendor_catalogue(tmp_path / "nope.yaml")


def test_custom_catalogue_is_used(tmp_path: Path) -> None:
    path = write(tmp_path, "vendors.yaml", (
        "vendors:\n  - {key: acme, name: Acme, role: processor, country: DE, family: cdn, purposes: [essential],"
        " categories: [user.device.ip_address], detection: {hosts: [acme-cdn.example]}}\n"))
    cfg = write(tmp_path, "cfg/app.yaml", "cdn: https://x.acme-cdn.example/a.js\nstripe: {api: https://api.stripe.com}\n")
    ints, _, _ = scan_config_paths([cfg.parent], catalogue_path=path)
    assert [(i.vendor, i.country) for i in ints] == [("acme", "DE")]


# --- file formats ----------------------------------------------------------------------------


def test_yaml_nested_and_lists(tmp_path: Path) -> None:
    got = flat(write(tmp_path, "a.yaml", "payments:\n  stripe:\n    key: pk\n    on: yes\nfields: [email, 3]\n"
                     "hosts:\n  - {name: a}\n  - {name: b}\nempty:\n"))
    assert got == {"payments.stripe.key": "pk", "payments.stripe.on": "yes", "fields": ("email", "3"),
                   "hosts.0.name": "a", "hosts.1.name": "b", "empty": ""}


def test_yaml_multi_document_and_empty(tmp_path: Path) -> None:
    assert flat(write(tmp_path, "m.yml", "a: 1\n---\nb: 2\n")) == {"0.a": "1", "1.b": "2"}
    assert flat(write(tmp_path, "e.yml", "# nothing\n")) == {}


def test_json(tmp_path: Path) -> None:
    got = flat(write(tmp_path, "a.json", '{"ads": {"criteo": {"id": 12}, "on": false, "x": null}}'))
    assert got == {"ads.criteo.id": "12", "ads.on": "false", "ads.x": ""}


def test_toml(tmp_path: Path) -> None:
    got = flat(write(tmp_path, "a.toml", 'top = "t"\n[stripe]\nkey = "pk"\n[stripe.sub]\nn = 2\n'))
    assert got == {"top": "t", "stripe.key": "pk", "stripe.sub.n": "2"}


def test_ini_sections_become_dotted_keys(tmp_path: Path) -> None:
    got = flat(write(tmp_path, "a.ini", "loose = 1\n[analytics]\nga_id = UA-1234567-1 ; comment\nKey = %(GA_KEY)s\n"
                     "[DEFAULT]\nd = 2\n"))
    assert got == {"loose": "1", "analytics.ga_id": "UA-1234567-1", "analytics.Key": "%(GA_KEY)s", "DEFAULT.d": "2"}


def test_env_file(tmp_path: Path) -> None:
    text = ('# c\nexport A=1\nB="two words" # c\nC=\'x # y\'\nD=plain # comment\nE=\n'
            'PEM="-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----"\nF=last\n')
    got = flat(write(tmp_path, ".env", text))
    assert got == {"A": "1", "B": "two words", "C": "x # y", "D": "plain", "E": "",
                   "PEM": "-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----", "F": "last"}


@pytest.mark.parametrize(("name", "fmt"), [(".env", "env"), (".env.production", "env"), ("prod.env", "env"),
                                           ("A.YAML", "yaml"), ("x.yml", "yaml"), ("s.cfg", "ini"),
                                           ("x.txt", None), ("env", None), ("Makefile", None)])
def test_config_format(name: str, fmt: str | None) -> None:
    assert config_format(name) == fmt


# --- errors ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("bad.yaml", "a: 1\nb: [unclosed\nc: 3\n", "malformed YAML at line"),
        ("bad.json", '{\n "a": 1,\n}\n', "malformed JSON at line 3"),
        ("bad.toml", 'a = 1\nb = = 2\n', "line 2"),
        ("bad.ini", "[s]\nok = 1\npassword=hunter2-secret\nnot a pair\n", "malformed INI at line 4"),
        (".env", "A=1\nthis is not a pair hunter2-secret\n", "malformed .env at line 2"),
        (".env.x", 'A="hunter2-secret\n', "unterminated"),
        ("bad.json", '"just a string"', "mapping"),
        ("bad.json", '["a", "b"]', "mapping"),
        ("bad.yaml", "a: &a [*a]\n", "nested deeper"),
    ],
)
def test_malformed_file_names_file_and_line_without_leaking(tmp_path: Path, name: str, text: str, expected: str) -> None:
    path = write(tmp_path, name, text)
    with pytest.raises(InventoryError) as err:
        scan_config_paths([path])
    msg = str(err.value)
    assert msg.startswith(f"{name}: ") and expected in msg and "\n" not in msg
    assert "hunter2" not in msg


def test_binary_and_non_utf8_files(tmp_path: Path) -> None:
    with pytest.raises(InventoryError, match="binary content"):
        read_config_file(write(tmp_path, "b.yaml", b"\x89PNG\r\n\x1a\n\x00\x00garbage"))
    with pytest.raises(InventoryError, match="not UTF-8"):
        read_config_file(write(tmp_path, "c.json", b'{"a": "\xff\xfe"}'))


def test_unknown_extension_missing_path_and_size_cap(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(InventoryError, match="unknown config file type"):
        scan_config_paths([write(tmp_path, "notes.txt", "stripe")])
    with pytest.raises(InventoryError, match="no such file"):
        scan_config_paths([tmp_path / "absent.yaml"])
    monkeypatch.setattr(config_files, "MAX_BYTES", 100)
    with pytest.raises(InventoryError, match="over the .* limit"):
        scan_config_paths([write(tmp_path, "big.yaml", "a: " + "x" * 200 + "\n")])


def test_directory_skips_unknown_and_records_broken_files(tmp_path: Path) -> None:
    write(tmp_path, "app/config/a.yaml", "stripe: {api_base: 'https://api.stripe.com'}\n")
    write(tmp_path, "app/README.md", "api.stripe.com sk_live_0123456789abcdefghijklmn\n")
    write(tmp_path, "app/logo.png", b"\x89PNG\x00\x00")
    write(tmp_path, "app/config/broken.json", "{nope")
    write(tmp_path, "app/node_modules/x/package.json", '{"sendgrid": "https://api.sendgrid.com"}')
    ints, findings, files = scan_config_paths([tmp_path / "app"], source="web")
    assert files == ["config/a.yaml"]
    assert [(i.source, i.file, i.vendor) for i in ints] == [("web", "config/a.yaml", "stripe")]
    assert [(f.kind, f.file) for f in findings] == [("config_unreadable", "config/broken.json")]
    assert "malformed JSON" in findings[0].detail


@pytest.mark.skipif(os.name == "nt", reason="symlinks")
def test_symlinks_out_of_root_are_not_followed(tmp_path: Path) -> None:
    outside = write(tmp_path, "outside/secret.yaml", "stripe: {key: sk_live_0123456789abcdefghijklmn}\n")
    root = tmp_path / "root"
    write(tmp_path, "root/ok.yaml", "a: 1\n")
    (root / "link.yaml").symlink_to(outside)
    (root / "linkdir").symlink_to(outside.parent, target_is_directory=True)
    ints, findings, files = scan_config_paths([root])
    assert files == ["ok.yaml"] and ints == [] and findings == []
    with pytest.raises(InventoryError, match="outside the scanned folder"):
        scan_config_paths([root / "link.yaml"])


# --- vendor detection, per family --------------------------------------------------------------

POSITIVE = [
    # payments
    ("payments.stripe.api_base", "https://api.stripe.com", "stripe"),
    ("STRIPE_PUBLISHABLE_KEY", "pk_live_51HqAbCdEfGhIjKlMnOpQr", "stripe"),
    ("checkout.key", "pk_test_51HqAbCdEfGhIjKlMnOpQr", "stripe"),
    ("payments.gateway", "braintree", "braintree"),
    ("paypal.client_id", "AbCdEf", "paypal"),
    ("payments.endpoint", "https://checkout-live.adyenpayments.com/checkout", "adyen"),
    ("billing.klarna_url", "https://js.klarna.com/web-sdk/v1/klarna.js", "klarna"),
    # analytics
    ("analytics.ga_id", "UA-1234567-1", "google_analytics"),
    ("site.tracking", "G-ABC123DEF4", "google_analytics"),
    ("tags.container", "GTM-ABC1234", "google_tag_manager"),
    ("mixpanel.token", "0123456789abcdef0123456789abcdef", "mixpanel"),
    ("telemetry.endpoint", "https://api2.amplitude.com/2/httpapi", "amplitude"),
    ("analytics.segment.write_key", "${SEGMENT_KEY}", "segment"),
    ("cdn_script", "https://cdn.segment.com/analytics.js", "segment"),
    ("hotjar.site_id", "1094837", "hotjar"),
    ("heap.app_id", "123456", "heap"),
    ("recorder", "https://edge.fullstory.com/s/fs.js", "fullstory"),
    # advertising, exchanges, brokers
    ("ads.conversion", "AW-123456789", "google_ads"),
    ("ads.gpt", "https://securepubads.g.doubleclick.net/tag/js/gpt.js", "google_ads"),
    ("tracking.fb_pixel_id", "123456789012345", "meta_pixel"),
    ("ads.pixel_id", "123456789012345", "meta_pixel"),
    ("ads.retargeting", "https://static.criteo.net/js/ld/publishertag.js", "criteo"),
    ("ads.ttd_pixel", "https://insight.adsrvr.org/track/up", "the_trade_desk"),
    ("ads.widgets", "https://cdn.taboola.com/libtrc/imvbox/loader.js", "taboola"),
    ("ads.outbrain_partner", "IMV_1", "outbrain"),
    ("ADROLL_ADV_ID", "ABCDEFGHIJKLMNOPQRSTUV", "adroll"),
    ("ads.li", "https://snap.licdn.com/li.lms-analytics/insight.min.js", "linkedin_insight"),
    ("prebid.bidders", ("appnexus", "pubmatic", "rubicon", "ix", "openx"), "xandr"),
    ("prebid.bidders", ("appnexus", "pubmatic", "rubicon", "ix", "openx"), "pubmatic"),
    ("prebid.bidders", ("appnexus", "pubmatic", "rubicon", "ix", "openx"), "magnite"),
    ("prebid.bidders", ("appnexus", "pubmatic", "rubicon", "ix", "openx"), "index_exchange"),
    ("prebid.bidders", ("appnexus", "pubmatic", "rubicon", "ix", "openx"), "openx"),
    ("audience.sync", "https://ats.rlcdn.com/ats.js", "liveramp"),
    ("dmp.tag", "https://tags.bluekai.com/site/1234", "oracle_bluekai"),
    ("dmp.lotame_client_id", "1234", "lotame"),
    # social sign-in
    ("auth.facebook.app_id", "1234567890123456", "facebook_login"),
    ("FB_APP_ID", "1234567890123456", "facebook_login"),
    ("google.client_id", "123456789012-abcdefghijklmnopqrstuvwxyz012345.apps.googleusercontent.com", "google_sign_in"),
    ("auth.apple.client_id", "com.imvbox.web", "sign_in_with_apple"),
    ("social.twitter_consumer_key", "${TWITTER_KEY}", "twitter"),
    # email
    ("mail.transport", "sendgrid", "sendgrid"),
    ("MAILGUN_DOMAIN", "mg.example.com", "mailgun"),
    ("smtp.host", "email-smtp.eu-west-1.amazonaws.com", "amazon_ses"),
    ("mail.api", "https://api.postmarkapp.com/email", "postmark"),
    ("newsletter.signup", "https://imvbox.us14.list-manage.com/subscribe/post", "mailchimp"),
    ("newsletter.provider", "sendinblue", "brevo"),
    # support
    ("support.widget", "https://static.zdassets.com/ekr/snippet.js", "zendesk"),
    ("support.email", "help@imvbox.zendesk.com", "zendesk"),
    ("INTERCOM_APP_ID", "abc12345", "intercom"),
    ("support.url", "https://imvbox.freshdesk.com", "freshdesk"),
    ("support.beacon", "https://beacon-v2.helpscout.net", "help_scout"),
    # cdn, hosting
    ("cdn.analytics", "https://static.cloudflareinsights.com/beacon.min.js", "cloudflare"),
    ("media.base", "https://imvbox-vh.akamaihd.net/i/films/", "akamai"),
    ("cdn.host", "imvbox.global.ssl.fastly.net", "fastly"),
    ("assets", "https://d111111abcdef8.cloudfront.net", "amazon_cloudfront"),
    ("uploads.bucket_url", "https://imvbox-uploads.s3.eu-west-1.amazonaws.com", "amazon_s3"),
    ("storage.driver", "gcs", "google_cloud_storage"),
    ("backups", "https://imvbox.blob.core.windows.net/backups", "azure_storage"),
    # error tracking, monitoring
    ("sentry.dsn", "https://0123456789abcdef0123456789abcdef@o123456.ingest.sentry.io/7654321", "sentry"),
    ("errors.notify", "https://notify.bugsnag.com", "bugsnag"),
    ("DD_SITE", "datadoghq.eu", "datadog"),
    ("monitoring.newrelic.app_name", "imvbox", "new_relic"),
    # sms, push, crm
    ("sms.account_sid", "AC0123456789abcdef0123456789abcdef", "twilio"),
    ("sms.api", "https://rest.nexmo.com/sms/json", "vonage"),
    ("push.db", "https://imvbox-app.firebaseio.com", "firebase"),
    ("ONESIGNAL_APP_ID", "abc", "onesignal"),
    ("crm.forms", "https://js.hsforms.net/forms/v2.js", "hubspot"),
    ("crm.instance", "https://imvbox.my.salesforce.com", "salesforce"),
    # video
    ("video.playback_api", "https://edge.api.brightcove.com/playback/v1", "brightcove"),
    ("trailers.embed", "https://player.vimeo.com/video/123", "vimeo"),
    ("player.lib", "https://cdn.jwplayer.com/libraries/abc.js", "jw_player"),
    ("stream.base", "https://stream.mux.com", "mux"),
    ("live.ingest", "rtmp://entrypoint.cloud.wowza.com/app-1234", "wowza"),
]


@pytest.mark.parametrize(("key", "value", "vendor"), POSITIVE)
def test_vendor_detected(key: str, value: str | tuple[str, ...], vendor: str) -> None:
    assert vendor in vendors_for(key, value)


NEGATIVE = [
    ("marketing.notes", "we moved off stripe and mixpanel in 2017, see stripe.com", "stripe"),
    ("marketing.notes", "we moved off stripe and mixpanel in 2017", "mixpanel"),
    ("payments.description", "https://api.stripe.com", "stripe"),
    ("theme.stripes", "3", "stripe"),
    ("payments.stripe.enabled", "false", "stripe"),
    ("STRIPE_SECRET_KEY", "", "stripe"),
    ("mirror.host", "notstripe.com", "stripe"),
    ("site.codename", "G-FORCE1", "google_analytics"),
    ("site.motto", "G-ABCDEFGHIJ", "google_analytics"),
    ("build.label", "UA-TEAM-1", "google_analytics"),
    ("random.text", "the quick brown fox UA 1234", "google_analytics"),
    ("video.hls.segment_duration", "6", "segment"),
    ("ui.square_thumbnails", "true", "square"),
    ("mobile.app_id", "1234567890123456", "facebook_login"),
    ("image.pixel_density", "123456789012345", "meta_pixel"),
    ("social.facebook_url", "https://www.facebook.com/imvbox", "facebook_login"),
    ("mail.from", "noreply@imvbox.com", "sendgrid"),
    ("analytics.provider", "google", "google_sign_in"),
    ("storage.heap_size_mb", "512", "heap"),
    ("app.note", "mailchimp.com", "mailchimp"),
]


@pytest.mark.parametrize(("key", "value", "vendor"), NEGATIVE)
def test_vendor_not_detected(key: str, value: str, vendor: str) -> None:
    assert vendor not in vendors_for(key, value)


def test_unrelated_config_finds_nothing() -> None:
    entries = [ConfigEntry("a.yaml", k, v) for k, v in [("app.name", "Films"), ("db.pool", "20"), ("port", "8080"),
                                                        ("hosts", ("example.com", "localhost")), ("log.level", "info")]]
    assert match_integrations(entries, CAT) == []
    assert find_secrets(entries, CAT) == []


def test_one_integration_per_file_and_vendor_with_strongest_evidence() -> None:
    entries = [ConfigEntry("p.toml", "stripe.secret_key", "${S}"), ConfigEntry("p.toml", "stripe.api_base", "https://api.stripe.com"),
               ConfigEntry("p.toml", "stripe.publishable_key", "pk_live_51HqAbCdEfGhIjKlMnOpQr")]
    (only,) = match_integrations(entries, CAT, source="app")
    assert (only.source, only.file, only.key, only.vendor, only.role, only.country) == (
        "app", "p.toml", "stripe.publishable_key", "stripe", "processor", "US")
    assert only.evidence == "identifier format pk_live_... (Stripe publishable key) in stripe.publishable_key; 2 more keys"
    assert "essential.service.payment_processing" in only.purposes


def test_ga_evidence_names_the_format() -> None:
    (ga,) = match_integrations([ConfigEntry("a.ini", "analytics.ga_id", "G-ABC123DEF4")], CAT)
    assert ga.evidence == "identifier format G-XXXXXXX (GA4 measurement id) in analytics.ga_id"
    (st_,) = match_integrations([ConfigEntry("a.yaml", "payments.stripe.api_base", "https://api.stripe.com/v1")], CAT)
    assert st_.evidence == "hostname api.stripe.com in payments.stripe.api_base"


# --- declared fields win over catalogue defaults ------------------------------------------------


def test_field_list_replaces_default_categories() -> None:
    entries = [ConfigEntry("a.yaml", "auth.facebook.app_id", "1234567890123456"),
               ConfigEntry("a.yaml", "auth.facebook.fields", ("email", "birthday", "friends", "shoe_size"))]
    (fb,) = match_integrations(entries, CAT)
    assert fb.categories == ["user.contact.email", "user.demographic.date_of_birth", "user.social"]
    assert "categories from auth.facebook.fields (4 fields, 1 unmapped)" in fb.evidence


def test_env_scope_string_and_unrelated_field_list() -> None:
    entries = [ConfigEntry(".env", "FACEBOOK_APP_ID", "1234567890123456"), ConfigEntry(".env", "FACEBOOK_SCOPE", "email,user_location")]
    (fb,) = match_integrations(entries, CAT)
    assert fb.categories == ["user.contact.email", "user.location.imprecise"]
    # a field list in another section does not change the vendor's categories
    entries = [ConfigEntry("a.yaml", "auth.facebook.app_id", "1234567890123456"), ConfigEntry("a.yaml", "auth.fields", ("birthday",))]
    (fb,) = match_integrations(entries, CAT)
    assert fb.categories == sorted(next(v for v in CAT.vendors if v.key == "facebook_login").categories)


def test_segment_traits_and_sentry_pii_flag() -> None:
    seg = match_integrations([ConfigEntry("a.yaml", "segment.write_key", "${K}"), ConfigEntry("a.yaml", "segment.traits", ("email", "gender"))], CAT)
    assert seg[0].categories == ["user.contact.email", "user.demographic.gender"]
    on = match_integrations([ConfigEntry("a.yaml", "sentry.dsn", "${D}"), ConfigEntry("a.yaml", "sentry.send_default_pii", "true")], CAT)
    off = match_integrations([ConfigEntry("a.yaml", "sentry.dsn", "${D}"), ConfigEntry("a.yaml", "sentry.send_default_pii", "false")], CAT)
    assert "user.device.ip_address" in on[0].categories and "user.contact.email" in on[0].categories
    assert "user.device.ip_address" not in off[0].categories
    assert "send_default_pii is true" in on[0].evidence


# --- secrets -----------------------------------------------------------------------------------

SECRETS = [
    ("STRIPE_SECRET_KEY", "sk_live_51HqAbCdEfGhIjKlMnOpQrStUv", "Stripe secret key"),
    ("stripe.key", "rk_live_51HqAbCdEfGhIjKlMnOpQrStUv", "Stripe secret key"),
    ("mail.key", "SG.abcdefghijklmnopqrstuv.abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", "SendGrid API key"),
    ("mailchimp.apikey", "0123456789abcdef0123456789abcdef-us6", "Mailchimp API key"),
    ("DATABASE_URL", "postgres://app:Sup3rS3cretPw@db.internal:5432/app", "connection URL with a password"),
    ("sentry.dsn", "https://0123456789abcdef0123456789abcdef:fedcba9876543210fedcba9876543210@o1.ingest.sentry.io/2", "Sentry DSN with secret key"),
    ("aws.key_id", "AKIAIOSFODNN7EXAMPLE", "AWS access key id"),
    ("tls.cert_material", "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----", "private key"),
    ("smtp.password", "hunter2-hunter2", "secret-named key"),
    ("auth.facebook.app_secret", "0123456789abcdef0123456789abcdef", "secret-named key"),
    ("analytics.mixpanel.api_secret", "0123456789abcdef0123456789abcdef", "secret-named key"),
    ("webhook", "https://hooks.example.com/in?token=abcdef0123456789", "secret parameter"),
    ("git.remote", "https://ghtoken0123456789@github.com/org/repo", "embedded key"),
]


@pytest.mark.parametrize(("key", "value", "label"), SECRETS)
def test_secret_found_and_masked(key: str, value: str, label: str) -> None:
    (detail,) = secrets_for(key, value)
    assert label in detail
    assert value not in detail
    core = value.split("@")[0].split(":")[-1] if "://" in value else value[8:]
    assert core not in detail


NOT_SECRETS = [
    ("STRIPE_PUBLISHABLE_KEY", "pk_live_51HqAbCdEfGhIjKlMnOpQrStUv"),
    ("analytics.ga_id", "UA-1234567-1"),
    ("ads.pixel_id", "123456789012345"),
    ("STRIPE_SECRET_KEY", "${STRIPE_SECRET_KEY}"),
    ("STRIPE_SECRET_KEY", "$STRIPE_SECRET_KEY"),
    ("sendgrid.api_key", "%(SENDGRID_API_KEY)s"),
    ("smtp.password", ""),
    ("smtp.password", "{{ vault.smtp_password }}"),
    ("smtp.password", "********"),
    ("DATABASE_URL", "postgres://app:${DB_PASSWORD}@db.internal/app"),
    ("DATABASE_URL", "postgres://app@db.internal/app"),
    ("auth.password_min_length", "10"),
    ("session.token_ttl", "3600"),
    ("csrf.token", "true"),
    ("sentry.dsn", "https://o1.ingest.sentry.io/2"),
    # a DSN's public key is published in every client (Sentry docs); a Mixpanel project token likewise
    ("SENTRY_DSN", "https://4f2a9c1e7b3d4e5f8a6b0c2d1e3f5a7b@o123456.ingest.de.sentry.io/4507654321"),
    ("analytics.mixpanel.project_token", "9c2b4e7f1a3d5c8e0b6f2a4d7c9e1b3f"),
    # references to a secret kept in a secret store (data/secret_references.yaml)
    ("DB_PASSWORD", "vault:secret/data/fernly/db#password"),
    ("tink.client_secret", "vault:secret/data/fernly/tink#client_secret"),
    ("BREVO_API_KEY", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:fernly/brevo"),
    ("stripe.secret_key", "projects/acme-prod/secrets/stripe-key/versions/3"),
    ("smtp.password", "op://Production/smtp/password"),
    ("TWILIO_AUTH_TOKEN", "${TWILIO_AUTH_TOKEN_FROM_CI}"),
]


@pytest.mark.parametrize(("key", "value"), NOT_SECRETS)
def test_not_a_secret(key: str, value: str) -> None:
    assert secrets_for(key, value) == []


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-!", min_size=7, max_size=40))
def test_password_values_never_leak(body: str) -> None:
    secret = "Zq9" + body  # distinctive, so it cannot coincide with the finding's own wording
    entries = [ConfigEntry("a.env", "DB_PASSWORD", secret), ConfigEntry("a.env", "DB_URL", f"mysql://u:{secret}@h/db")]
    findings = find_secrets(entries, CAT)
    assert len(findings) == 2
    assert secret not in json.dumps([asdict(f) for f in findings])


def test_raw_secrets_appear_in_no_returned_field(tmp_path: Path) -> None:
    raw = {
        "stripe": "sk_live_51HqZyXwVuTsRqPoNmLkJiHg",
        "sendgrid": "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",
        "dsn": "fedcba9876543210fedcba9876543210:0123456789abcdef0123456789abcdef",
        "pw": "Corr3ct-Horse-Battery",
        "mc": "fedcba9876543210fedcba9876543210-us3",
    }
    write(tmp_path, "app/config.yaml", f"stripe:\n  secret_key: {raw['stripe']}\n  api_base: https://api.stripe.com\n"
          f"sentry:\n  dsn: https://{raw['dsn']}@o9.ingest.sentry.io/9\n")
    write(tmp_path, "app/.env", f"SENDGRID_API_KEY={raw['sendgrid']}\nDATABASE_URL=mysql://root:{raw['pw']}@db/app\n")
    write(tmp_path, "app/mail.ini", f"[mailchimp]\napi_key = {raw['mc']}\n")
    ints, findings, files = scan_config_paths([tmp_path / "app"])
    assert {i.vendor for i in ints} >= {"stripe", "sentry", "sendgrid", "mailchimp"}
    assert {f.key for f in findings if f.kind == "secret_in_config"} == {
        "stripe.secret_key", "sentry.dsn", "SENDGRID_API_KEY", "DATABASE_URL", "mailchimp.api_key"}
    dump = json.dumps([asdict(x) for x in [*ints, *findings]]) + json.dumps(files)
    for value in raw.values():
        assert value not in dump
        assert value[-12:] not in dump
    assert str(tmp_path) not in dump


# --- IMVBox --------------------------------------------------------------------------------------

IMVBOX_VENDORS = {
    "akamai", "amazon_cloudfront", "brightcove", "criteo", "facebook_login", "google_ads", "google_analytics",
    "google_tag_manager", "hotjar", "liveramp", "mailchimp", "meta_pixel", "paypal", "sendgrid", "sentry", "stripe",
    "xandr", "zendesk",
}


def test_imvbox_config_gives_expected_vendors() -> None:
    ints, findings, files = scan_config_paths([IMVBOX], source="imvbox-app")
    assert files == [".env.production", "config/ads.json", "config/mail.ini", "config/payments.toml", "config/production.yaml"]
    assert {i.vendor for i in ints} == IMVBOX_VENDORS
    assert len(ints) == len(IMVBOX_VENDORS)
    assert all(i.source == "imvbox-app" and not Path(i.file).is_absolute() for i in ints)
    by_vendor = {i.vendor: i for i in ints}
    assert by_vendor["stripe"].file == "config/payments.toml"
    assert by_vendor["xandr"].file == "config/ads.json"
    assert by_vendor["liveramp"].role == "independent_controller"
    fb = by_vendor["facebook_login"]
    assert {"user.demographic.date_of_birth", "user.social", "user.location.imprecise", "user.content.self_image"} <= set(fb.categories)
    assert "user.device.ip_address" in by_vendor["sentry"].categories
    assert "user.content.private" in by_vendor["hotjar"].categories


def test_imvbox_plain_text_secrets_found() -> None:
    _, findings, _ = scan_config_paths([IMVBOX])
    assert [(f.kind, f.file, f.key, f.severity) for f in findings] == [
        ("secret_in_config", ".env.production", "DATABASE_URL", "high"),
        ("secret_in_config", "config/mail.ini", "mailchimp.api_key", "high"),
    ]
    text = (IMVBOX / ".env.production").read_text() + (IMVBOX / "config" / "mail.ini").read_text()
    assert "Qw7-plaintext-Pa55" in text and "Qw7-plaintext-Pa55" not in json.dumps([asdict(f) for f in findings])


def test_scan_is_deterministic_whatever_the_path_order() -> None:
    files = sorted((IMVBOX / "config").iterdir())
    a = scan_config_paths(files)
    b = scan_config_paths(list(reversed(files)))
    assert a == b
    assert a[2] == sorted(a[2])
    assert [(i.file, i.key, i.vendor) for i in a[0]] == sorted((i.file, i.key, i.vendor) for i in a[0])


def test_read_config_paths_reports_entries_sorted() -> None:
    read = read_config_paths([IMVBOX / "config" / "mail.ini"])
    assert read.files == [(IMVBOX / "config" / "mail.ini").name]
    assert [(e.file, e.key) for e in read.entries] == sorted((e.file, e.key) for e in read.entries)
