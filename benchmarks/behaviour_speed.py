"""Behaviour benchmark: the workbench (ibis on DuckDB) against hand-written DuckDB SQL, pandas and
retentioneering, on a seeded clickstream (benchmarks/clickstream.py).

    python benchmarks/behaviour_speed.py [--sizes 1000000 10000000] [--repeat 3] [--data /tmp/wb-bench]

Each run of each contender is its own process, so its peak memory is its own: the child reads its
high-water resident set (VmHWM, Linux) just before it exits. A child first imports its libraries
(timed apart, "import s") and then times load + funnel + drop-off + transitions + time to goal
("seconds", wall clock; "cpu s", user + system time of all its threads). The workbench and the
hand-written SQL run ``--repeat`` times, interleaved, and the fastest run of each is shown (on a
shared machine the fastest run is the one least disturbed); pandas and retentioneering run once.
The ratio column is wall seconds over the hand-written SQL's, measured in the same run, and the
last column checks every contender's answers against the SQL's.

Retentioneering (5.x, telemetry off) runs where it is installed (it is not a project dependency);
it has no drop-off or ordered stage funnel, so it does load + event-step funnel + transition
counts + time to goal (first event to first goal), and only its time to goal is cross-checked.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
GAP = 30 * 60  # the session gap the study uses (config default)
TOUCHPOINTS = ["ad_click", "search_landing", "product_viewed", "size_guide_opened", "add_to_cart", "checkout_started",
               "shipping_cost_shown", "payment_page_viewed", "tracking_viewed"]   # one event per touchpoint
STAGE_OF = [0, 0, 1, 1, 2, 2, 2, 2, 3]
SLOW = ("pandas", "retentioneering")   # run once: minutes each at ten million events
KEYS = ("reached", "dropped", "funnel", "transitions", "pairs")


def _events_file(folder: Path) -> Path:
    return folder / "behaviour" / "events.parquet"


# ---- contenders: each returns (prepare, run); prepare() imports, run() is what is timed --------

def workbench() -> tuple:
    def prepare():
        from workbench.behaviour import dropoff_table, ordered_funnel, time_to_goal, transitions
        from workbench.behaviour.source import open_events
        from workbench.config import load_study_config
        return dropoff_table, ordered_funnel, time_to_goal, transitions, open_events, load_study_config

    def run(folder: Path, tools) -> dict:
        dropoff_table, ordered_funnel, time_to_goal, transitions, open_events, load_study_config = tools
        src = open_events(load_study_config(folder))
        drop = dropoff_table(src)
        funnel = ordered_funnel(src)
        trans = transitions(src)
        summary, _ = time_to_goal(src)
        return {"reached": drop["reached"].tolist(), "dropped": drop["dropped"].tolist(),
                "funnel": funnel["users"].tolist(), "transitions": int(trans["transitions"].sum()),
                "pairs": len(trans), "median_h": float(summary["hours"].iloc[0]),
                "p90_h": float(summary["hours"].iloc[1])}
    return prepare, run


def _case(column: str, values) -> str:
    return "CASE " + column + " " + " ".join(f"WHEN '{e}' THEN {v}" for e, v in zip(TOUCHPOINTS, values)) + " END"


def duckdb_sql() -> tuple:
    def prepare():
        import duckdb
        return duckdb

    def run(folder: Path, duckdb) -> dict:
        con = duckdb.connect()
        path = _events_file(folder)
        con.execute(f"CREATE TABLE ev AS SELECT user_id AS u, epoch(ts) AS t, event_name AS e, "
                    f"{_case('event_name', range(len(TOUCHPOINTS)))} AS tp, {_case('event_name', STAGE_OF)} AS st, "
                    f"event_name = 'order_placed' AS g FROM read_parquet('{path}')")
        reached = dict(con.execute("SELECT tp, count(DISTINCT u) FROM ev WHERE tp IS NOT NULL GROUP BY 1").fetchall())
        dropped = dict(con.execute("""
            WITH conv AS (SELECT DISTINCT u FROM ev WHERE g),
                 nc AS (SELECT * FROM ev WHERE tp IS NOT NULL AND u NOT IN (SELECT u FROM conv)),
                 last AS (SELECT u, max(t) AS lt FROM nc GROUP BY u)
            SELECT tp, count(*) FROM (SELECT nc.u, max(tp) AS tp FROM nc JOIN last ON nc.u = last.u AND nc.t = last.lt
                                      GROUP BY nc.u) GROUP BY 1""").fetchall())
        funnel = []
        con.execute("CREATE TEMP TABLE f AS SELECT u, min(t) AS pt FROM ev WHERE st = 0 GROUP BY u")
        funnel.append(con.execute("SELECT count(*) FROM f").fetchone()[0])
        for cond in ("st = 1", "st = 2", "g", "st = 3"):
            con.execute(f"CREATE OR REPLACE TEMP TABLE f AS SELECT ev.u, min(ev.t) AS pt FROM ev JOIN f ON ev.u = f.u "
                        f"WHERE {cond} AND ev.t >= f.pt GROUP BY ev.u")
            funnel.append(con.execute("SELECT count(*) FROM f").fetchone()[0])
        trans = con.execute(f"""
            SELECT count(*), count(DISTINCT (e, nx)) FROM (
              SELECT e, CASE WHEN lead(t) OVER w IS NULL OR lead(t) OVER w - t > {GAP} THEN '(session end)'
                             ELSE lead(e) OVER w END AS nx
              FROM ev WINDOW w AS (PARTITION BY u ORDER BY t, e))""").fetchone()
        ttg = con.execute("""SELECT quantile_cont(h, 0.5), quantile_cont(h, 0.9) FROM (
            SELECT (min(t) FILTER (WHERE g) - min(t)) / 3600.0 AS h FROM ev GROUP BY u) WHERE h IS NOT NULL""").fetchone()
        return {"reached": [reached.get(i, 0) for i in range(len(TOUCHPOINTS))],
                "dropped": [dropped.get(i, 0) for i in range(len(TOUCHPOINTS))], "funnel": funnel,
                "transitions": int(trans[0]), "pairs": int(trans[1]), "median_h": float(ttg[0]), "p90_h": float(ttg[1])}
    return prepare, run


def pandas_() -> tuple:
    def prepare():
        import numpy as np
        import pandas as pd
        return np, pd

    def run(folder: Path, tools) -> dict:
        np, pd = tools
        df = pd.read_parquet(_events_file(folder))
        df["t"] = df["ts"].astype("int64") / 1e6
        tp_of = {e: i for i, e in enumerate(TOUCHPOINTS)}
        df["tp"] = df["event_name"].map(tp_of)
        df["st"] = df["tp"].map(dict(enumerate(STAGE_OF)))
        df["g"] = df["event_name"] == "order_placed"
        df = df.sort_values(["user_id", "t", "event_name"], kind="stable")
        tpev = df[df["tp"].notna()]
        reached = tpev.drop_duplicates(["user_id", "tp"]).groupby("tp").size()
        conv = set(df.loc[df["g"], "user_id"])
        nc = tpev[~tpev["user_id"].isin(conv)]
        lt = nc.groupby("user_id")["t"].transform("max")
        last = nc[nc["t"] == lt].groupby("user_id")["tp"].max().value_counts()
        prev = df[df["st"] == 0].groupby("user_id")["t"].min().rename("pt")
        funnel = [len(prev)]
        for mask in (df["st"] == 1, df["st"] == 2, df["g"], df["st"] == 3):
            j = df.loc[mask, ["user_id", "t"]].join(prev, on="user_id", how="inner")
            prev = j[j["t"] >= j["pt"]].groupby("user_id")["t"].min().rename("pt")
            funnel.append(len(prev))
        same = df["user_id"].to_numpy()[1:] == df["user_id"].to_numpy()[:-1]
        nt = np.append(np.where(same, df["t"].to_numpy()[1:], np.nan), np.nan)
        ne = np.append(np.where(same, df["event_name"].to_numpy()[1:], None), None)
        end = np.isnan(nt) | (nt - df["t"].to_numpy() > GAP)
        nx = np.where(end, "(session end)", ne)
        pairs = pd.DataFrame({"e": df["event_name"].to_numpy(), "nx": nx}).value_counts()
        g = df.groupby("user_id")["t"].min()
        fg = df[df["g"]].groupby("user_id")["t"].min()
        h = ((fg - g.loc[fg.index]) / 3600.0).to_numpy()
        return {"reached": [int(reached.get(float(i), 0)) for i in range(len(TOUCHPOINTS))],
                "dropped": [int(last.get(float(i), 0)) for i in range(len(TOUCHPOINTS))], "funnel": funnel,
                "transitions": int(pairs.sum()), "pairs": int(len(pairs)),
                "median_h": float(np.quantile(h, 0.5)), "p90_h": float(np.quantile(h, 0.9))}
    return prepare, run


def retentioneering_() -> tuple:
    def prepare():
        os.environ["RETENTIONEERING_NO_TRACK"] = "1"   # telemetry off, before the import
        import pandas as pd
        from retentioneering import Eventstream
        return pd, Eventstream

    def run(folder: Path, tools) -> dict:
        pd, Eventstream = tools
        df = pd.read_parquet(_events_file(folder))
        stream = Eventstream(df, schema={"path_cols": ["user_id"], "event_col": "event_name", "timestamp_col": "ts"})
        funnel = stream.funnel_data(steps=["product_viewed", "add_to_cart", "payment_page_viewed", "order_placed"])
        matrix = stream.transition_graph_data(edge_weight="count")
        to_goal = stream.get_metrics([{"metric": "time_between",
                                       "metric_args": {"start_event": "path_start", "end_event": "order_placed"}}])
        hours = to_goal.iloc[:, 0].dropna().to_numpy(dtype=float) / 3600.0
        return {"funnel_events": [int(s["unique_paths"]) for s in funnel["steps"]],
                "transitions": int(pd.DataFrame(matrix).fillna(0).to_numpy(dtype=float).sum()),
                "median_h": float(pd.Series(hours).quantile(0.5)), "p90_h": float(pd.Series(hours).quantile(0.9))}
    return prepare, run


CONTENDERS = {"duckdb-sql": duckdb_sql, "workbench": workbench, "pandas": pandas_, "retentioneering": retentioneering_}


# ---- one child process per run ------------------------------------------------------------------

def _cpu_seconds() -> float:
    import resource
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _peak_mb() -> float | None:
    """This process's high-water resident set (VmHWM, reset at exec, so it is the child's own)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def _child(name: str, folder: str) -> None:
    sys.path.insert(0, str(HERE.parent))
    prepare, run = CONTENDERS[name]()
    start = time.perf_counter()
    tools = prepare()
    imported = time.perf_counter()
    cpu = _cpu_seconds()
    result = run(Path(folder), tools)
    result["seconds"] = time.perf_counter() - imported
    result["cpu"] = _cpu_seconds() - cpu
    result["import"] = imported - start
    result["peak_mb"] = _peak_mb()
    print("RESULT " + json.dumps(result), flush=True)


def _run_child(name: str, folder: Path) -> dict:
    proc = subprocess.run([sys.executable, __file__, "--child", name, str(folder)], capture_output=True, text=True)
    line = next((ln for ln in proc.stdout.splitlines() if ln.startswith("RESULT ")), None)
    if proc.returncode != 0 or line is None:
        tail = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        return {"error": f"exit {proc.returncode}: {tail[:120]}"}
    return json.loads(line[len("RESULT "):])


def _ensure_data(folder: Path, events: int, users: int) -> None:
    if not _events_file(folder).is_file():
        subprocess.run([sys.executable, str(HERE / "clickstream.py"), str(folder), "--events", str(events),
                        "--users", str(users)], check=True, stdout=subprocess.DEVNULL)


def _agreement(name: str, r: dict, sql: dict) -> str:
    if name == "retentioneering":   # event-step funnel, no sessions, no drop-off: time to goal only
        same = all(abs(r[k] - sql[k]) < 1e-6 for k in ("median_h", "p90_h"))
        return ("time to goal yes" if same else "time to goal NO") + " (no drop-off or stage funnel)"
    wrong = [k for k in KEYS if r[k] != sql[k]]
    wrong += [k for k in ("median_h", "p90_h") if abs(r[k] - sql[k]) > 1e-6]
    return "yes" if not wrong else "NO: " + ", ".join(wrong)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000_000, 10_000_000])
    parser.add_argument("--data", default="/tmp/wb-behaviour-bench")
    parser.add_argument("--repeat", type=int, default=3, help="runs of the workbench and the SQL (fastest shown)")
    parser.add_argument("--skip", nargs="*", default=[], help="contenders to leave out")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(*args.child)
        return
    import importlib.util
    have_rete = importlib.util.find_spec("retentioneering") is not None
    for size in args.sizes:
        users = max(size // 10, 1)
        folder = Path(args.data) / f"events-{size}"
        _ensure_data(folder, size, users)
        print(f"\n{size:,} events, {users:,} users (load + funnel + drop-off + transitions + time to goal); "
              f"{os.cpu_count()} cores; load average {os.getloadavg()[0]:.1f} at start", flush=True)
        runs: dict[str, list[dict]] = {}
        for attempt in range(args.repeat):
            for name in CONTENDERS:
                if name in args.skip or (name == "retentioneering" and not have_rete):
                    continue
                if name in SLOW and attempt > 0:
                    continue
                runs.setdefault(name, []).append(_run_child(name, folder))
        ok = {n: [r for r in rs if "error" not in r] for n, rs in runs.items()}
        best = {n: min(rs, key=lambda r: r["seconds"]) for n, rs in ok.items() if rs}
        base = best.get("duckdb-sql", {}).get("seconds")
        print(f"  {'contender':16s} {'runs':>4s} {'seconds':>8s} {'cpu s':>7s} {'import s':>8s} {'peak MB':>8s} "
              f"{'x SQL':>6s}  agrees with SQL")
        for name, rs in runs.items():
            if name not in best:
                print(f"  {name:16s} failed: {rs[0]['error']}")
                continue
            r = best[name]
            ratio = f"{r['seconds'] / base:6.2f}" if base else "   n/a"
            agree = _agreement(name, r, best["duckdb-sql"]) if "duckdb-sql" in best else "n/a"
            peak = max((x["peak_mb"] or 0) for x in ok[name])
            print(f"  {name:16s} {len(ok[name]):4d} {r['seconds']:8.2f} {r['cpu']:7.2f} {r['import']:8.2f} "
                  f"{peak:8.0f} {ratio}  {agree}")
        if "workbench" in best and "retentioneering" in best:
            print(f"  retentioneering / workbench: {best['retentioneering']['seconds'] / best['workbench']['seconds']:.1f}x")
        print(f"  load average {os.getloadavg()[0]:.1f} at end", flush=True)


if __name__ == "__main__":
    main()
