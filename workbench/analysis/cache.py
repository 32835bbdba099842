"""Results for a chapter: from the run's bundle, or (opened by hand) from a cached bundle.

A chapter opened in JupyterLab has no bundle; :func:`load_results` then runs the analysis pass
once for every persona and keeps the bundle in the user's cache folder (never under the study
folder), keyed by the study's input hashes, the package version and its source, so the next
chapter opened, for any persona, loads instead of recomputing.
"""
from __future__ import annotations

import hashlib
import json
import shutil
import uuid
from pathlib import Path

from .. import __version__
from ..cache_folder import cache_root
from .bundle import load_bundle, load_comparison, write_bundle
from .results import PersonaResults

_PACKAGE = Path(__file__).resolve().parents[1]


def code_digest() -> str:
    """sha256 over the package version and every module's source (a changed analysis misses the cache)."""
    digest = hashlib.sha256(__version__.encode())
    for path in sorted(_PACKAGE.rglob("*.py")):
        digest.update(path.relative_to(_PACKAGE).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def cache_key(study_path: str | Path) -> str:
    from ..manifest import input_hashes
    inputs = input_hashes(Path(study_path).resolve())
    payload = json.dumps({"inputs": inputs, "code": code_digest()}, sort_keys=True)
    return hashlib.sha256(payload.encode()).hexdigest()[:32]


def cached_bundle(study_path: str | Path) -> Path:
    """The bundle folder for ``study_path`` in the cache, computed (every persona) when missing."""
    from ..validate import load_valid_study
    from .study_pass import analyse_study
    folder = cache_root() / cache_key(study_path)
    if (folder / "bundle.json").is_file():
        return folder
    results = analyse_study(load_valid_study(study_path))   # with every warning, as a run shows them
    tmp = folder.with_name(f".{folder.name}.{uuid.uuid4().hex[:8]}")
    write_bundle(results, tmp, extra={"study_path": str(Path(study_path).resolve())})
    try:
        tmp.rename(folder)
    except OSError:   # another process cached it first
        shutil.rmtree(tmp, ignore_errors=True)
    return folder


def load_results(study_path: str | Path, persona: str, bundle: str | Path | None = None) -> PersonaResults:
    """``persona``'s results from ``bundle`` (a run's bundle folder) or, without one, from the cache."""
    return load_bundle(bundle or cached_bundle(study_path), persona)


def load_study_comparison(study_path: str | Path, bundle: str | Path | None = None):
    """The cross-persona comparison from ``bundle`` or the cache."""
    return load_comparison(bundle or cached_bundle(study_path))
