"""The user's cache folder (never under a study folder): cached bundles, pseudonym keys, parsed models.

``$WORKBENCH_CACHE``, else ``$XDG_CACHE_HOME/journey-workbench/bundles``, else
``~/.cache/journey-workbench/bundles``. A bottom-layer module: the voice models and the analysis
pass both keep files here.
"""
from __future__ import annotations

import os
from pathlib import Path

CACHE_ENV = "WORKBENCH_CACHE"
CACHE_NAME = "journey-workbench"


def cache_root() -> Path:
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / CACHE_NAME / "bundles"
