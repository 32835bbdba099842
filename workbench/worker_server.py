"""The server the runner's persona workers fork from (and, through them, the personas' kernels).

Light on purpose (it imports only :mod:`multiprocessing`): ``workbench run`` starts the server before
it imports the runner (~1.4 s) and loads the study (~2 s), so the server's imports take the core
those leave idle.

Persona workers fork from a server process that has imported, once per run, what executing and
exporting a notebook needs; a freshly spawned worker imported papermill, nbformat, jupyter_client,
nbconvert and fontTools again for every persona (about 1.5 s of CPU each, cProfile of one worker).
The server starts from a fresh interpreter, not from the runner, so a worker does not inherit the
analysis pass's memory. Where forkserver is missing (Windows), workers are spawned as before.
"""
from __future__ import annotations

import multiprocessing

WORKER_PRELOAD = ["workbench.persona_notebook", "workbench.report.html", "fontTools.subset", "fontTools.ttLib"]
# Besides what the chapters import: the modules whose classes the bundle's pickles hold (the
# results of every analysis), so unpickling in a chapter's first cell imports nothing new.
RESULT_MODULES = ("workbench.analysis.results", "workbench.analysis.waves_drivers", "workbench.behaviour.analysis",
                  "workbench.coding.apply", "workbench.drivers.analysis", "workbench.journeymap.map_model",
                  "workbench.mismatch.engine", "workbench.voc", "workbench.waves.compare")
# The server also imports what a persona's kernel needs before it renders: ipykernel, the modules of
# the results the chapters unpickle, and matplotlib with the chapter renderers (workbench.kernel_preload,
# which first sets matplotlib's backend as ipykernel would; ~2.6 s of CPU in all). A worker forks its
# kernel from itself (workbench.kernel_fork), so every kernel starts with them loaded instead of
# importing them again (~3.4 s of CPU per kernel before the fork; ~0.5 s more with the renderers).
KERNEL_PRELOAD = ["ipykernel.kernelapp", "workbench.analysis", "workbench.journeymap", "workbench.overview",
                  *RESULT_MODULES, "workbench.kernel_preload"]


def context():
    """forkserver with :data:`WORKER_PRELOAD` and :data:`KERNEL_PRELOAD` preloaded, else spawn."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    forking = multiprocessing.get_context("forkserver")
    forking.set_forkserver_preload([*WORKER_PRELOAD, *KERNEL_PRELOAD])
    return forking


def start() -> None:
    """Start the server now, if this system has one (it preloads while the caller goes on)."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        from multiprocessing import forkserver
        context()
        forkserver.ensure_running()
