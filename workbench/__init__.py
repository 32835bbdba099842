"""journey workbench: join what customers say with what they do, and show where the two disagree."""
__version__ = "0.1.0"


def load_study(path):
    """Read and validate a study folder (see :func:`workbench.study.load_study`)."""
    from .study import load_study as _load
    return _load(path)


__all__ = ["load_study", "__version__"]
