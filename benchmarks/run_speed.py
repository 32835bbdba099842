"""Wall time and peak memory of `workbench run`: this checkout against an older one, alternating.

Studies: the demo (corpora/demo-shop) and a study of the demo's shape with ``--scale`` times its
users and events (tools/make_demo_shop.py, same seed; interviews, surveys' participants and
study.yml copied from the demo). For each study and each of ``--repeats`` rounds, the old checkout
and this one run ``python -m workbench.cli run`` in turn (old first in odd rounds, new first in even
ones), each with ``PYTHONPATH`` pointing at its checkout and the same interpreter; the peak is the
largest memory of the whole process tree (runner, workers, kernels; summed PSS, so pages the workers
and kernels share count once), sampled as in benchmarks/run_memory.py. Prints every time, the medians and the old/new ratio.

    git worktree add /tmp/oldmain b0269b2
    .venv/bin/python benchmarks/run_speed.py --old /tmp/oldmain [--scale 10] [--repeats 1] [--jobs 2]
"""
from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
from run_memory import tree_memory  # noqa: E402  (the process-tree sampler beside this script)

DEMO = ROOT / "corpora" / "demo-shop"
# Seconds between memory samples of the process tree.
INTERVAL = 0.2


def scaled_demo(folder: Path, scale: float) -> Path:
    """The demo's study folder with its generated data re-made at ``scale`` times the users."""
    sys.path.insert(0, str(ROOT / "tools"))
    import make_demo_shop
    study = folder / f"demo-shop-x{scale:g}"
    shutil.copytree(DEMO, study)
    make_demo_shop.generate(study, scale=scale, study_dir=study)
    return study


def stripped_demo(folder: Path, keys: list[str]) -> Path:
    """A copy of the demo whose study.yml lacks ``keys``: both versions run the same, older-readable
    study (the newer one then does less than on the full demo: no waves without ``previous``)."""
    import yaml
    study = folder / "demo-shop"
    shutil.copytree(DEMO, study)
    config = yaml.safe_load((study / "study.yml").read_text(encoding="utf-8"))
    for key in keys:
        config.pop(key, None)
    (study / "study.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return study


def timed_run(checkout: Path, study: Path, out: Path, jobs: int) -> tuple[float, float, int, int]:
    """(wall seconds, CPU seconds, peak bytes of the process tree, exit code) of one run of
    ``checkout`` on ``study``. CPU seconds are user + system time of every process of the tree, each
    process's last sample (every INTERVAL) summed, or the waited-for children's time if larger: the
    persona workers are forked by a forkserver that is never waited for, so rusage of the run alone
    misses them (and their kernels). On a shared machine wall time says how busy the machine was,
    CPU time what the run cost."""
    env = {**os.environ, "PYTHONPATH": str(checkout), "WORKBENCH_CACHE": str(out / ".cache")}
    args = [sys.executable, "-m", "workbench.cli", "run", str(study), "--out", str(out), "--jobs", str(jobs),
            "--quiet"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    child = subprocess.Popen(args, cwd=checkout, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    process, peak = psutil.Process(child.pid), 0
    used: dict[int, float] = {}     # pid -> its user + system seconds at its last sample
    while child.poll() is None:
        try:
            peak = max(peak, tree_memory(process)[0])
            for p in [process, *process.children(recursive=True)]:
                try:
                    times = p.cpu_times()
                    used[p.pid] = times.user + times.system
                except (psutil.NoSuchProcess, psutil.AccessDenied):
                    continue
        except psutil.NoSuchProcess:
            pass
        time.sleep(INTERVAL)
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = max(sum(used.values()), (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime))
    if child.returncode != 0:
        print(f"  {checkout}: exit {child.returncode}: {child.stderr.read().decode()[-500:]}", file=sys.stderr)
    return seconds, cpu, peak, child.returncode


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--old", type=Path, required=True, help="checkout of the version to compare against")
    parser.add_argument("--scale", type=float, default=10.0, help="users and events of the large study, x demo")
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--demo-only", action="store_true", help="skip the scaled study")
    parser.add_argument("--strip-keys", default="",
                        help="comma-separated top-level study.yml keys to drop from a copy of the demo that both "
                             "versions then run (e.g. previous,codes: keys an older version refuses)")
    args = parser.parse_args()
    versions = {"old": args.old.resolve(), "new": ROOT}
    with tempfile.TemporaryDirectory(prefix="run-speed-") as tmp:
        tmp = Path(tmp)
        demo = stripped_demo(tmp, [k for k in args.strip_keys.split(",") if k]) if args.strip_keys else DEMO
        studies = [demo] if args.demo_only else [demo, scaled_demo(tmp, args.scale)]
        for study in studies:
            times: dict[str, list[float]] = {"old": [], "new": []}
            cpus: dict[str, list[float]] = {"old": [], "new": []}
            peaks: dict[str, list[int]] = {"old": [], "new": []}
            for round_ in range(args.repeats):
                order = ["old", "new"] if round_ % 2 == 0 else ["new", "old"]
                for name in order:
                    out = tmp / f"out-{name}-{round_}"
                    seconds, cpu, peak, code = timed_run(versions[name], study, out, args.jobs)
                    shutil.rmtree(out, ignore_errors=True)
                    times[name].append(seconds)
                    cpus[name].append(cpu)
                    peaks[name].append(peak)
                    print(f"{study.name} round {round_ + 1} {name}: {seconds:7.1f} s wall, {cpu:7.1f} s CPU, peak "
                          f"{peak / 2**30:.2f} GiB, exit {code}, load average {os.getloadavg()[0]:.1f}", flush=True)
            old, new = statistics.median(times["old"]), statistics.median(times["new"])
            old_cpu, new_cpu = statistics.median(cpus["old"]), statistics.median(cpus["new"])
            print(f"{study.name}: CPU old {old_cpu:.1f} s, new {new_cpu:.1f} s, old/new = {old_cpu / new_cpu:.2f}x; "
                  f"wall old {old:.1f} s, new {new:.1f} s, old/new = {old / new:.2f}x; peak old "
                  f"{max(peaks['old']) / 2**30:.2f} GiB, new {max(peaks['new']) / 2**30:.2f} GiB", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
