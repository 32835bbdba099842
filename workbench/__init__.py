"""journey workbench: join what customers say with what they do, and show where the two disagree."""
import sys as _sys

__version__ = "0.1.0"

# nbformat (imported by the runner, papermill, nbclient and nbconvert) imports jsonschema, whose
# format checks import the optional package rfc3987_syntax when it is installed (it comes with
# jupyter's jsonschema[format-nongpl]); that compiles an Earley grammar at import time, 4 s of CPU
# in every process that touches a notebook: the runner and each persona worker. It serves only the
# "iri" format check, which no notebook schema uses and jsonschema runs only when asked for. Marked
# absent, jsonschema skips it (its import is guarded by ``suppress(ImportError)``).
_sys.modules.setdefault("rfc3987_syntax", None)


def load_study(path):
    """Read and validate a study folder (see :func:`workbench.study.load_study`)."""
    from .study import load_study as _load
    return _load(path)


__all__ = ["load_study", "__version__"]
