"""Whether a setting's value refers to a secret kept elsewhere (vault, secret manager, environment) rather than holding it."""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], ...]:
    from privacy_inventory.yaml_io import load_yaml

    data: Any = load_yaml(Path(str(resources.files("privacy_inventory") / "data" / "secret_references.yaml")))
    return tuple(re.compile(p) for p in data["references"])


def is_secret_reference(value: object) -> bool:
    """True for `vault:...`, `${VAR}`, `arn:aws:secretsmanager:...` and the like (data/secret_references.yaml)."""
    if value is None:
        return False
    text = str(value).strip()
    return bool(text) and any(p.match(text) for p in _patterns())
