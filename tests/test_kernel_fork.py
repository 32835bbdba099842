"""A persona's kernel forked from its worker: which commands fork, and a forked kernel's life."""
import os
import sys

import pytest
from jupyter_client.blocking.client import BlockingKernelClient
from jupyter_core.utils import run_sync

from workbench import kernel_fork
from workbench.persona_notebook import KERNEL_ARGUMENTS, QuietShutdownKernelManager

LINUX = sys.platform.startswith("linux")


@pytest.mark.parametrize("cmd, expected", [
    ([sys.executable, "-m", "ipykernel_launcher", "-f", "k.json"], LINUX),
    ([sys.executable, "-Xfrozen_modules=off", "-m", "ipykernel_launcher", "-f", "k.json"], LINUX),
    (["/opt/other/python3", "-m", "ipykernel_launcher", "-f", "k.json"], False),   # another interpreter
    ([sys.executable, "-m", "other_kernel", "-f", "k.json"], False),              # another kernel
    ([sys.executable, "ipykernel_launcher"], False),                               # not run as a module
])
def test_only_this_interpreters_ipykernel_is_forked(cmd, expected):
    assert kernel_fork.forkable(cmd) is expected


@pytest.mark.skipif(not LINUX, reason="kernels are forked on Linux only")
def test_forked_kernel_runs_code_in_its_own_session_and_is_reaped(tmp_path):
    manager = QuietShutdownKernelManager(kernel_name="python3")
    run_sync(manager.start_kernel)(cwd=str(tmp_path), extra_arguments=list(KERNEL_ARGUMENTS))
    process = manager.provisioner.process
    try:
        assert isinstance(process, kernel_fork.ForkedProcess)
        client = BlockingKernelClient(parent=manager)
        client.load_connection_info(manager.get_connection_info())
        client.start_channels()
        try:
            client.wait_for_ready(timeout=60)
            outputs = []
            client.execute_interactive("import os; print(os.getpid(), os.getppid(), os.getsid(0), os.getcwd())",
                                       timeout=60, output_hook=lambda m: outputs.append(m["content"].get("text", "")))
        finally:
            client.stop_channels()
        pid, parent, session, cwd = "".join(outputs).split()
        assert int(pid) == process.pid and int(parent) == os.getpid()
        assert int(session) == process.pid != os.getsid(0)      # its own session, as start_new_session gives
        assert cwd == str(tmp_path)
    finally:
        run_sync(manager.shutdown_kernel)(now=False)
    assert process.returncode is not None                         # reaped, no zombie left


def test_the_workers_preload_sets_matplotlibs_backend_as_ipykernel_would():
    # ipykernel picks matplotlib's backend (MPLBACKEND) when it starts, but matplotlib reads it when
    # imported: the server every kernel is forked from imports it with ipykernel's choice already made
    import subprocess
    code = ("import os, sys\n"
            "os.environ.pop('MPLBACKEND', None)\n"
            "from workbench.runner import KERNEL_PRELOAD, WORKER_PRELOAD\n"
            "for name in [*WORKER_PRELOAD, *KERNEL_PRELOAD]:\n"
            "    __import__(name)\n"
            "import matplotlib\n"
            "print(matplotlib.rcParams['backend'], 'matplotlib.pyplot' in sys.modules,\n"
            "      'ipykernel.kernelapp' in sys.modules, 'workbench.report.chapters.voice' in sys.modules)\n")
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, env=env)
    assert done.returncode == 0, done.stderr[-800:]
    assert done.stdout.split() == ["module://matplotlib_inline.backend_inline", "False", "True", "True"]
