"""Peak memory and wall time of `workbench run` on a 10,000,000-event study (target: peak < 2.5 GB).

Writes a synthetic study with benchmarks/clickstream.py's generator (seeded), then runs
``python -m workbench.cli run STUDY --out OUT`` in a child process and samples the resident memory of
the whole process tree (the runner, its worker processes and every notebook kernel) every
``--interval`` seconds. The peak is the largest sum over the tree at one sample of each process's
proportional set size (PSS: a page shared by n processes counts 1/n in each), which is the memory the
tree holds; the summed RSS, which counts shared pages in every process, is printed beside it. A baseline run of a
small study written by the same generator is measured in the same way first, and the ratio printed.

    .venv/bin/python benchmarks/run_memory.py [--events 10000000] [--users 1000000] [--jobs 2]
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))
from clickstream import write_study  # noqa: E402  (the benchmark generator beside this script)

ROOT = Path(__file__).resolve().parent.parent
# Issue 10's target for a 10,000,000-event study (round 1's was 3 GB at 5,000,000 events).
TARGET_BYTES = 2.5 * 1024 ** 3
# Baseline study: 1% of the events, so that fixed costs (interpreters, kernels) dominate it.
BASELINE_SHARE = 0.01


def _role(p: psutil.Process) -> str:
    """runner | kernel (a notebook's ipykernel: it leads a session of its own, launched or forked from
    its worker) | worker (the runner's process pool and its server) | other."""
    try:
        line = " ".join(p.cmdline())
        leader = os.getsid(p.pid) == p.pid
    except (psutil.NoSuchProcess, psutil.AccessDenied, ProcessLookupError):
        return "other"
    if "workbench.cli" in line:
        return "runner"
    if leader or "ipykernel_launcher" in line:
        return "kernel"
    return "worker" if "multiprocessing" in line else "other"


def tree_memory(process: psutil.Process) -> tuple[int, int, list[tuple[str, int, int]]]:
    """(PSS, RSS, [(role, pss, rss)...]) of the process tree. PSS is the memory the tree holds: a page
    shared by n of its processes counts 1/n in each. RSS counts it in every one, and the workers and
    kernels fork from a server that has imported the analysis modules, so they share those pages:
    summed RSS then overstates the tree several hundred MB per process (RSS where PSS is missing)."""
    parts = []
    for p in [process, *process.children(recursive=True)]:
        try:
            rss = p.memory_info().rss
            try:
                pss = p.memory_full_info().pss
            except (AttributeError, psutil.AccessDenied):
                pss = rss
            parts.append((_role(p), pss, rss))
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
    return sum(part[1] for part in parts), sum(part[2] for part in parts), parts


def measure(study: Path, out: Path, jobs: int, interval: float) -> dict:
    args = [sys.executable, "-m", "workbench.cli", "run", str(study), "--out", str(out), "--jobs", str(jobs),
            "--quiet"]
    start = time.perf_counter()
    child = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    handle = psutil.Process(child.pid)
    peak, peak_rss, samples, breakdown = 0, 0, 0, []
    while child.poll() is None:
        try:
            total, rss, parts = tree_memory(handle)
        except psutil.NoSuchProcess:
            break
        samples += 1
        peak_rss = max(peak_rss, rss)
        if total > peak:
            peak, breakdown = total, parts
        time.sleep(interval)
    output = child.communicate()[0]
    return {"seconds": time.perf_counter() - start, "peak": peak, "peak_rss": peak_rss, "samples": samples,
            "exit": child.returncode, "output": output, "breakdown": sorted(breakdown, key=lambda part: -part[1])}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=10_000_000)
    parser.add_argument("--users", type=int, default=1_000_000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--interval", type=float, default=0.2, help="seconds between memory samples")
    parser.add_argument("--folder", default=None, help="where to write the studies (default: a temporary folder)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="wb-memory-") as tmp:
        base = Path(args.folder) if args.folder else Path(tmp)
        results = {}
        for label, events, users in (
                ("baseline", int(args.events * BASELINE_SHARE), max(1, int(args.users * BASELINE_SHARE))),
                ("study", args.events, args.users)):
            started = time.perf_counter()
            study = write_study(base / f"{label}-{events}", events, users)
            written = time.perf_counter() - started
            result = measure(study, base / f"reports-{label}", args.jobs, args.interval)
            results[label] = result
            print(f"{label}: {events:,} events, {users:,} users (written in {written:.1f} s): "
                  f"wall {result['seconds']:.1f} s, peak memory (PSS) of the process tree {result['peak'] / 1024 ** 3:.2f} GB "
                  f"(summed RSS, shared pages counted in every process: {result['peak_rss'] / 1024 ** 3:.2f} GB; "
                  f"{result['samples']} samples), exit code {result['exit']}")
            print("  at the peak (PSS): " + ", ".join(f"{role} {pss / 1024 ** 3:.2f} GB" for role, pss, _ in result["breakdown"]))
            if result["exit"] != 0:
                print("  " + "\n  ".join(result["output"].strip().splitlines()[-8:]))
    study, baseline = results["study"], results["baseline"]
    print(f"ratio to baseline: memory {study['peak'] / max(baseline['peak'], 1):.2f}x, "
          f"time {study['seconds'] / max(baseline['seconds'], 1e-9):.2f}x")
    print(f"target peak < {TARGET_BYTES / 1024 ** 3:.1f} GB: " + ("met" if study["peak"] < TARGET_BYTES else "NOT met"))
    return 0 if study["peak"] < TARGET_BYTES else 1


if __name__ == "__main__":
    sys.exit(main())
