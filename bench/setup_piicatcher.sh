#!/usr/bin/env bash
# Install piicatcher 0.21.2 into its own venv (bench/.piicatcher-venv), apart from our Python 3.11 venv.
# piicatcher needs Python <= 3.10.8; dbcat / goog-stats / amundsen pull broken or native-build pins, so those
# are installed with --no-deps and their real imports by hand (found by trial: run `piicatcher --help`).
set -euo pipefail
cd "$(dirname "$0")"
PY="${PIICATCHER_PYTHON:-$(ls -d "$HOME"/.pyenv/versions/3.9.*/bin/python 2>/dev/null | sort -V | tail -1)}"
[ -x "$PY" ] || { echo "need a Python 3.9 interpreter (pyenv) or PIICATCHER_PYTHON=/path/to/python3.9" >&2; exit 1; }
VENV="${PIICATCHER_VENV:-.piicatcher-venv}"
[ -x "$VENV/bin/python" ] || "$PY" -m venv "$VENV"
PIP=("$VENV/bin/pip" install -q --disable-pip-version-check)
"${PIP[@]}" --no-deps piicatcher==0.21.2 dbcat==0.14.2 goog-stats==0.1.2 snowflake-sqlalchemy==1.2.4 \
  "amundsen-databuilder<8" amundsen-common amundsen-rds
"${PIP[@]}" "SQLAlchemy==1.3.24" "pydantic<2" psycopg2-binary click "typer>=0.4,<0.5" "tabulate<0.9" pyyaml \
  python-dateutil "commonregex-improved==1.0.2" "catalogue>=2.0.6,<3" "python-json-logger<3" tqdm "alembic<1.12" \
  "pyhocon<0.4" "sqlalchemy-mixins<2" "sqlalchemy-utils<0.39" "greenlet<3" requests "pyparsing<3" text-unidecode
"${PIP[@]}" --only-binary=:all: "snowflake-connector-python>=2.7,<3" "google-api-python-client<2.100" \
  "google-auth<2.23" google-auth-httplib2
# Telemetry off (goog-stats reads $XDG_CONFIG_HOME/goog-stats/config.json); compare_piicatcher.py writes its own too.
# Without that file piicatcher phones home on every command and crashes when there is no network.
XDG="$(mktemp -d)"; mkdir -p "$XDG/goog-stats"
echo '{"collection_status": false, "api_url": "http://127.0.0.1:9/", "api_version": "1", "t": "pageview", "ul": "en", "tid": "disabled", "cid": "disabled"}' > "$XDG/goog-stats/config.json"
XDG_CONFIG_HOME="$XDG" HOME="$XDG" PYTHONWARNINGS=ignore "$VENV/bin/piicatcher" --version
rm -rf "$XDG"
