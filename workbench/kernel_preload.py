"""What the workers' server imports for the personas' kernels besides the result modules: matplotlib
and the chapter renderers, after choosing matplotlib's backend as ipykernel does.

A kernel forked from its worker (:mod:`workbench.kernel_fork`) inherits the server's imports. matplotlib
reads ``MPLBACKEND`` when it is imported, and ipykernel sets that variable (to its inline backend,
unless already set) only when the kernel starts: imported earlier without it, a chapter's pyplot
figures would not show in the notebook. So the variable is set here first, to the value ipykernel
would give it, and the kernels (whose environment is the worker's) see the same. The chapters' own
figures use no pyplot state (:mod:`workbench.report.figures`).
"""
from __future__ import annotations

import os

# ipykernel's default (ipykernel/kernelapp.py, IPKernelApp.init_gui_pylab's environment)
IPYKERNEL_BACKEND = "module://matplotlib_inline.backend_inline"
os.environ.setdefault("MPLBACKEND", IPYKERNEL_BACKEND)

import importlib  # noqa: E402
import pkgutil  # noqa: E402

import matplotlib  # noqa: E402,F401

from .report import chapters, figures  # noqa: E402,F401

for _module in pkgutil.iter_modules(chapters.__path__):   # every chapter renderer, none listed by hand
    importlib.import_module(f"{chapters.__name__}.{_module.name}")
