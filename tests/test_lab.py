"""`make lab` for real: JupyterLab on loopback lists the notebooks and runs the project's package in a kernel."""

from __future__ import annotations

import datetime as dt
import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import ROOT
from privacy_inventory import __version__

STARTUP_S = 90.0
EXECUTE_S = 60.0


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Lab:
    """A running JupyterLab server and how to talk to it (token auth, loopback only)."""

    def __init__(self, proc: subprocess.Popen[bytes], port: int, token: str, log: Path) -> None:
        self.proc, self.port, self.token, self.log = proc, port, token, log
        self.base = f"http://127.0.0.1:{port}"

    def request(self, method: str, path: str, body: Any = None, timeout: float = 10.0) -> tuple[int, Any]:
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.base + path, data=data, method=method, headers={"Authorization": f"token {self.token}", "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=timeout) as resp:
                raw = resp.read()
                return resp.status, json.loads(raw) if raw else None
        except urllib.error.HTTPError as exc:
            return exc.code, None

    def log_tail(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")[-3000:] if self.log.exists() else ""


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Lab]:
    """JupyterLab as `make lab` starts it, with private runtime/config/data dirs; always shut down."""
    tmp = tmp_path_factory.mktemp("lab")
    env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(tmp / "runtime"), "JUPYTER_CONFIG_DIR": str(tmp / "config"),
           "JUPYTER_DATA_DIR": str(tmp / "data"), "IPYTHONDIR": str(tmp / "ipython"), "JUPYTER_PLATFORM_DIRS": "1"}
    port, token = _free_port(), secrets.token_hex(24)
    log = tmp / "lab.log"
    cmd = [sys.executable, "-m", "jupyterlab", "--ip=127.0.0.1", f"--port={port}", "--no-browser", f"--IdentityProvider.token={token}",
           "--ServerApp.port_retries=0", f"--notebook-dir={ROOT / 'notebooks'}", "--LabApp.news_url=", "--LabApp.extension_manager=readonly",
           "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")  # CI and containers run as root; `make lab` adds it the same way
    with log.open("wb") as sink:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=sink, stderr=subprocess.STDOUT)
    server = Lab(proc, port, token, log)
    try:
        deadline = time.monotonic() + STARTUP_S
        while True:
            assert proc.poll() is None, f"JupyterLab exited with {proc.returncode}:\n{server.log_tail()}"
            try:
                if server.request("GET", "/api/status", timeout=2)[0] == 200:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline, f"JupyterLab did not answer within {STARTUP_S:.0f}s:\n{server.log_tail()}"
            time.sleep(0.3)
        yield server
    finally:
        _stop(server)


def _stop(server: Lab) -> None:
    """Ask the server to shut down (it ends its kernels), then terminate/kill it: bounded waits."""
    if server.proc.poll() is None:
        try:
            server.request("POST", "/api/shutdown", timeout=5)
        except OSError:
            pass
        try:
            server.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.proc.terminate()
            try:
                server.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.proc.kill()
                server.proc.wait(timeout=10)


def test_make_lab_starts_jupyterlab_on_loopback_with_the_notebooks() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = makefile.split("\nlab:", 1)[1].split("\n\n", 1)[0]
    assert recipe.startswith(" setup") and "$(VENV)/bin/jupyter lab --ip=127.0.0.1 --no-browser --notebook-dir=notebooks" in recipe
    assert "0.0.0.0" not in recipe and "token" not in recipe  # loopback only, and never without a token
    assert "LAB_AS_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root)" in makefile  # root only where we are root


def test_a_token_is_required(lab: Lab) -> None:
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(f"{lab.base}/api/contents", timeout=10)
    assert err.value.code == 403
    status, _ = Lab(lab.proc, lab.port, "wrong-token", lab.log).request("GET", "/api/contents")
    assert status == 403


def test_the_notebooks_are_listed(lab: Lab) -> None:
    status, listing = lab.request("GET", "/api/contents")
    assert status == 200, lab.log_tail()
    names = sorted(item["name"] for item in listing["content"] if item["type"] == "notebook")
    assert names == sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb")) and "01_scan.ipynb" in names
    status, book = lab.request("GET", "/api/contents/01_scan.ipynb")
    assert status == 200 and book["type"] == "notebook"
    sources = ["".join(c["source"]) if isinstance(c["source"], list) else c["source"] for c in book["content"]["cells"]]
    assert any("review_status(inventory_dir, out_dir)" in s for s in sources)  # the DPO's review table
    assert not any("record_decision(" in s for c, s in zip(book["content"]["cells"], sources) if c["cell_type"] == "code" and "import" not in s)


def _execute(lab: Lab, kernel_id: str, code: str) -> tuple[str, dict[str, Any]]:
    """Run code in a kernel over its websocket channel; return the stdout text and the execute_reply content."""
    import websocket

    session = uuid.uuid4().hex
    url = f"ws://127.0.0.1:{lab.port}/api/kernels/{kernel_id}/channels?session_id={session}"
    ws = websocket.create_connection(url, header=[f"Authorization: token {lab.token}"], timeout=10)
    try:
        msg_id = uuid.uuid4().hex
        ws.send(json.dumps({
            "header": {"msg_id": msg_id, "username": "test", "session": session, "msg_type": "execute_request", "version": "5.3",
                       "date": dt.datetime.now(dt.timezone.utc).isoformat()},
            "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
            "content": {"code": code, "silent": False, "store_history": False, "user_expressions": {}, "allow_stdin": False, "stop_on_error": True},
        }))
        stdout, reply, idle = [], None, False
        deadline = time.monotonic() + EXECUTE_S
        while not (reply is not None and idle):
            assert time.monotonic() < deadline, f"no reply within {EXECUTE_S:.0f}s; stdout so far: {''.join(stdout)!r}"
            try:
                msg = json.loads(ws.recv())
            except websocket.WebSocketTimeoutException:
                continue
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind = msg["header"]["msg_type"]
            if kind == "stream" and msg["content"]["name"] == "stdout":
                stdout.append(msg["content"]["text"])
            elif kind == "error":
                stdout.append(f"ERROR {msg['content']['ename']}: {msg['content']['evalue']}")
            elif kind == "execute_reply":
                reply = msg["content"]
            elif kind == "status" and msg["content"]["execution_state"] == "idle":
                idle = True
        return "".join(stdout), reply
    finally:
        ws.close()


def test_a_kernel_runs_the_project_package(lab: Lab) -> None:
    status, kernel = lab.request("POST", "/api/kernels", {"name": "python3"})
    assert status == 201, lab.log_tail()
    try:
        out, reply = _execute(lab, kernel["id"], "import privacy_inventory, sys\nprint('version', privacy_inventory.__version__)\nprint('file', privacy_inventory.__file__)\n")
        assert reply["status"] == "ok", out
        assert f"version {__version__}" in out
        assert f"file {ROOT / 'lib' / 'privacy_inventory' / '__init__.py'}" in out  # the project's editable install
        out, reply = _execute(lab, kernel["id"], "1 / 0")
        assert reply["status"] == "error" and "ZeroDivisionError" in out  # a negative: errors come back, not silence
    finally:
        status, _ = lab.request("DELETE", f"/api/kernels/{kernel['id']}")
        assert status == 204
    status, kernels = lab.request("GET", "/api/kernels")
    assert status == 200 and kernel["id"] not in [k["id"] for k in kernels]
