"""A persona's kernel forked from its worker, which has already imported what the kernel needs.

A kernel started the usual way is a fresh ``python -m ipykernel_launcher``: it starts Python, imports
ipykernel, then (warmed, :mod:`workbench.warm_kernel`) the analysis and result modules the chapters
unpickle: ~3.4 s of CPU per persona on the demo, paid again by every persona's kernel. The runner's
workers fork from a server that imported those modules once per run (``worker_server.KERNEL_PRELOAD``), so
a kernel forked from a worker starts with them loaded, matplotlib and the chapter renderers included
(imported after setting matplotlib's backend as ipykernel would, :mod:`workbench.kernel_preload`).

The fork keeps what the usual launch gives a kernel: its own session (``start_new_session``), stdin
from /dev/null, the manager's environment and working directory, and ipykernel's own ``main``. It is
used on Linux for the ipykernel of this same interpreter; anything else (another kernel, another
Python, no ``fork``) is launched the usual way (:func:`launch` returns None).
"""
from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

LAUNCHER = "ipykernel_launcher"


def forkable(cmd: list[str]) -> bool:
    """Whether ``cmd`` starts ipykernel under this interpreter, on a system where forking is safe."""
    if not sys.platform.startswith("linux") or not hasattr(os, "fork") or LAUNCHER not in cmd:
        return False
    at = cmd.index(LAUNCHER)
    try:
        same = Path(cmd[0]).resolve() == Path(sys.executable).resolve()
    except OSError:
        return False
    return same and at > 0 and cmd[at - 1] == "-m"


def launch(cmd: list[str], env: dict | None, cwd: str | None, independent: bool = False) -> int | None:
    """Fork the kernel of ``cmd`` and return its pid once it leads its own session; None when
    ``cmd`` is not :func:`forkable` (launch it the usual way). Like jupyter_client's launcher, a
    kernel that is not ``independent`` watches this process and ends with it."""
    if not forkable(cmd):
        return None
    argv = cmd[cmd.index(LAUNCHER) + 1:]
    env = dict(env if env is not None else os.environ)
    if not independent:
        env["JPY_PARENT_PID"] = str(os.getpid())
        # ipykernel reads that variable when it is imported, which was before this fork: said
        # again here, or the kernel would not watch this process (and would print its banner)
        argv.append(f"--IPKernelApp.parent_handle={os.getpid()}")
    ready_r, ready_w = os.pipe()
    pid = os.fork()
    if pid == 0:                                   # the kernel; never returns
        os.close(ready_r)
        _kernel_main(argv, env, cwd, ready_w)
    os.close(ready_w)
    try:
        os.read(ready_r, 1)       # after this the kernel has its own session (and autogroup)
    finally:
        os.close(ready_r)
    return pid


def _kernel_main(argv: list[str], env: dict, cwd: str | None, ready_w: int) -> None:
    code = 1
    try:
        os.setsid()
        os.write(ready_w, b"1")
        os.close(ready_w)
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        os.close(null)
        if cwd:
            os.chdir(cwd)
        os.environ.clear()
        os.environ.update(env)
        import asyncio
        asyncio.events._set_running_loop(None)     # the worker's loop was running when it forked
        asyncio.set_event_loop(asyncio.new_event_loop())
        sys.argv = [LAUNCHER, *argv]
        from ipykernel.kernelapp import IPKernelApp
        IPKernelApp.launch_instance(argv=argv)
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 0
    except BaseException:
        import traceback
        traceback.print_exc()
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(code)


class ForkedProcess:
    """The forked kernel as the ``subprocess.Popen`` subset a jupyter_client provisioner uses."""

    stdin = stdout = stderr = None

    def __init__(self, pid: int):
        self.pid = pid
        self.returncode: int | None = None

    def poll(self) -> int | None:
        if self.returncode is None:
            try:
                done, status = os.waitpid(self.pid, os.WNOHANG)
            except ChildProcessError:
                self.returncode = 0
            else:
                if done:
                    self.returncode = os.waitstatus_to_exitcode(status)
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        if self.returncode is None:
            try:
                _, status = os.waitpid(self.pid, 0)
                self.returncode = os.waitstatus_to_exitcode(status)
            except ChildProcessError:
                self.returncode = 0
        return self.returncode

    def send_signal(self, signum: int) -> None:
        if self.poll() is None:
            os.kill(self.pid, signum)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)


def adopt(provisioner, pid: int, cwd: str | None) -> None:
    """Make a jupyter_client LocalProvisioner manage the forked kernel ``pid``."""
    provisioner.process = ForkedProcess(pid)
    provisioner.pid = pid
    provisioner.pgid = pid                         # it leads its own session and process group
    provisioner.cwd = cwd or os.getcwd()
