"""Safety, files: only regular files are opened (a pipe never blocks), odd files get one line naming them, nothing is skipped silently."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from conftest import ROOT
from privacy_inventory.cli import main
from privacy_inventory.declarations_io import check_declarations
from privacy_inventory.dpia.overrides import load_overrides
from privacy_inventory.errors import InventoryError
from privacy_inventory.policy import read_policy
from privacy_inventory.review import load_review
from privacy_inventory.scan.config_files import read_config_paths
from privacy_inventory.scan.integrations import scan_config_paths
from privacy_inventory.yaml_io import load_yaml


def _one_line(exc: InventoryError, *needles: str) -> None:
    text = str(exc)
    assert len(text.splitlines()) == 1, text
    for needle in needles:
        assert needle in text, text


def _fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


def _odd_paths(tmp: Path, name: str) -> dict[str, Path]:
    """The same file name as a pipe, a link to a pipe, a dangling link, a link loop and a folder."""
    odd = {}
    for kind in ("pipe", "link-to-pipe", "dangling", "loop", "folder"):
        base = tmp / kind
        base.mkdir()
        target = base / name
        if kind == "pipe":
            _fifo(target)
        elif kind == "link-to-pipe":
            target.symlink_to(_fifo(base / "real.pipe"))
        elif kind == "dangling":
            target.symlink_to(base / "gone" / name)
        elif kind == "loop":
            (base / "other").symlink_to(target)
            target.symlink_to(base / "other")
        else:
            target.mkdir()
        odd[kind] = target
    return odd


WHAT = {"pipe": "named pipe", "link-to-pipe": "named pipe", "dangling": "dangling symbolic link", "loop": "symbolic link loop", "folder": "folder"}
READERS = {
    "overrides.yaml": load_review,
    "dpia.yaml": load_overrides,
    "activities.yaml": load_yaml,
    "privacy-policy.md": read_policy,
}


@pytest.mark.parametrize("name", sorted(READERS))
def test_pipes_links_and_folders_named_in_one_line(tmp_path: Path, name: str) -> None:
    for kind, path in _odd_paths(tmp_path, name).items():
        with pytest.raises(InventoryError) as info:
            READERS[name](path)
        _one_line(info.value, name, WHAT[kind])


def test_config_file_pipe_or_link_to_pipe_never_blocks(tmp_path: Path) -> None:
    for kind, path in _odd_paths(tmp_path, "settings.yaml").items():
        if kind == "folder":
            continue
        with pytest.raises(InventoryError) as info:
            read_config_paths([path])
        _one_line(info.value, "settings.yaml", WHAT[kind])


def test_config_folder_records_odd_files_and_scans_the_rest(tmp_path: Path) -> None:
    conf = tmp_path / "conf"
    conf.mkdir()
    (conf / "good.env").write_text("MAILCHIMP_API_KEY=${MAILCHIMP_KEY}\nMAILCHIMP_LIST=subscribers\n", encoding="utf-8")
    _fifo(conf / "pipe.yaml")
    (conf / "loop.json").symlink_to(conf / "loop2.json")
    (conf / "loop2.json").symlink_to(conf / "loop.json")
    (conf / "deep.json").write_text('{"a": ' + "[" * 50_000 + "]" * 50_000 + "}", encoding="utf-8")
    (conf / "deep.toml").write_text("a = " + "[" * 5_000 + "]" * 5_000 + "\n", encoding="utf-8")
    (conf / "deep.yaml").write_text("a: " + "[" * 5_000 + "]" * 5_000 + "\n", encoding="utf-8")
    (conf / "broken.ini").write_text("[x\nkey\n", encoding="utf-8")
    (conf / "zz-after.yaml").write_text("segment:\n  write_key: ${SEGMENT_KEY}\n", encoding="utf-8")
    integrations, findings, files = scan_config_paths([conf], source="app")
    unreadable = {f.file: f.detail for f in findings if f.kind == "config_unreadable"}
    assert set(unreadable) == {"pipe.yaml", "loop.json", "loop2.json", "deep.json", "deep.toml", "deep.yaml", "broken.ini"}, unreadable
    assert "named pipe" in unreadable["pipe.yaml"] and "loop" in unreadable["loop.json"]
    assert all("nested" in unreadable[f] for f in ("deep.json", "deep.toml", "deep.yaml"))
    assert files == ["good.env", "zz-after.yaml"]
    assert {i.vendor for i in integrations} >= {"mailchimp", "segment"}


def test_config_folder_with_a_directory_link_loop(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    conf = tmp_path / "conf"
    (conf / "sub").mkdir(parents=True)
    (conf / "sub" / "back").symlink_to(conf, target_is_directory=True)
    (conf / "sub" / "app.yaml").write_text("stripe:\n  publishable_key: ${STRIPE_PK}\n", encoding="utf-8")
    assert main(["scan", "--config", str(conf), "--out", str(tmp_path / "out")]) == 0
    assert json.loads((tmp_path / "out" / "inventory.json").read_text(encoding="utf-8"))["config_sources"] == ["app:sub/app.yaml"]


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be", "utf-32", "utf-32-be", "utf-8-sig"])
def test_utf16_and_utf32_with_bom_are_text(tmp_path: Path, codec: str) -> None:
    bom = {"utf-16-be": b"\xfe\xff", "utf-32-be": b"\x00\x00\xfe\xff"}.get(codec, b"")
    yaml_text = "sendgrid:\n  api_key: ${SENDGRID_API_KEY}\n  sender: Zoë Ångström\n"
    (tmp_path / "mail.yaml").write_bytes(bom + yaml_text.encode(codec))
    read = read_config_paths([tmp_path / "mail.yaml"])
    assert ("sendgrid.sender", "Zoë Ångström") in [(e.key, e.value) for e in read.entries]
    policy = tmp_path / "policy.md"
    policy.write_bytes(bom + "# Privacy\nWe collect your email address to send invoices.\n".encode(codec))
    assert read_policy(policy) is not None
    org = tmp_path / "org"
    shutil.copytree(ROOT / "tests" / "fixtures" / "canary_org", org)
    text = (org / "controller.yaml").read_text(encoding="utf-8")
    (org / "controller.yaml").write_bytes(bom + text.encode(codec))
    declarations, problems = check_declarations(org)
    assert not problems and declarations is not None


@pytest.mark.parametrize("kind", ["dangling", "pipe"])
def test_activities_yaml_dangling_or_pipe_fails_the_run(tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str) -> None:
    org = tmp_path / "org"
    shutil.copytree(ROOT / "tests" / "fixtures" / "canary_org", org)
    (org / "activities.yaml").unlink()
    if kind == "dangling":
        (org / "activities.yaml").symlink_to(tmp_path / "moved" / "activities.yaml")
    else:
        _fifo(org / "activities.yaml")
    db = tmp_path / "p.sqlite"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT)")
    conn.commit()
    conn.close()
    assert main(["run", "--db", f"sqlite:///{db}", "--inventory", str(org), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "activities.yaml" in err and WHAT[kind] in err, err
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    "content",
    ["[]", '"text"', "42", '{"sources": "x"}', '{"sources": [null]}', '{"sources": [{"name": "s", "tables": [{"name": "t", "columns": [{"name": 1, "x": 2}]}]}]}',
     '{"sources": [{"name": "s", "dialect": "sqlite", "url": "u", "tables": [{"name": ["t"], "columns": []}]}]}',
     '{"sources": [' * 20_000 + "]" * 20_000 + "}"],
)
def test_diff_of_an_inventory_of_unexpected_shape_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str) -> None:
    good, bad = tmp_path / "good", tmp_path / "bad"
    for d, text in ((good, '{"sources": [{"name": "s", "dialect": "sqlite", "url": "u", "tables": [{"name": "t", "columns": []}]}]}'), (bad, content)):
        (d / "scan").mkdir(parents=True)
        (d / "scan" / "inventory.json").write_text(text, encoding="utf-8")
    assert main(["diff", str(good), str(bad)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "internal error" not in err and "inventory.json" in err, err


def test_init_never_writes_through_a_dangling_link(tmp_path: Path) -> None:
    """A starter file that is a dangling link is kept (and reported by the declarations check), never followed."""
    from privacy_inventory.models import Inventory
    from privacy_inventory.onboarding.starter import write_starter

    org = tmp_path / "org"
    org.mkdir()
    elsewhere = tmp_path / "elsewhere" / "activities.yaml"
    (org / "activities.yaml").symlink_to(elsewhere)
    with pytest.raises(InventoryError) as info:
        write_starter(org, Inventory(), "Example Ltd")
    _one_line(info.value, "activities.yaml", "dangling symbolic link")
    assert not elsewhere.exists() and not elsewhere.parent.exists()
