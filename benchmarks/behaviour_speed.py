"""Behaviour benchmark: the workbench (ibis on DuckDB) against hand-written DuckDB SQL, pandas and
retentioneering, on a seeded clickstream (benchmarks/clickstream.py).

    python benchmarks/behaviour_speed.py [--sizes 1000000 10000000] [--data /tmp/wb-bench]

Each contender runs in its own process (so its peak memory is its own), doing load + funnel +
drop-off + transitions + time to goal. Prints seconds, peak RSS and the ratio to hand-written
DuckDB SQL measured in the same run, and checks the contenders agree. Retentioneering (5.x,
telemetry off) runs where installed; it has no drop-off analysis, so it does load + funnel +
transitions only, and its funnel (event steps, not stages) is not cross-checked.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from clickstream import EVENTS, write_study  # noqa: E402

GAP = 30 * 60  # the session gap the study uses (config default)
TOUCHPOINTS = ["ad_click", "search_landing", "product_viewed", "size_guide_opened", "add_to_cart", "checkout_started",
               "shipping_cost_shown", "payment_page_viewed", "tracking_viewed"]   # one event per touchpoint
STAGE_OF = [0, 0, 1, 1, 2, 2, 2, 2, 3]
STEPS = ["s0", "s1", "s2", "goal", "s3"]   # the ordered funnel, goal after purchase


def run_workbench(folder: Path) -> dict:
    from workbench.behaviour import dropoff_table, ordered_funnel, time_to_goal, transitions
    from workbench.behaviour.source import open_events
    from workbench.config import load_study_config

    src = open_events(load_study_config(folder))
    drop = dropoff_table(src)
    funnel = ordered_funnel(src)
    trans = transitions(src)
    summary, _ = time_to_goal(src)
    return {"reached": drop["reached"].tolist(), "dropped": drop["dropped"].tolist(),
            "funnel": funnel["users"].tolist(), "transitions": int(trans["transitions"].sum()),
            "pairs": len(trans), "median_h": float(summary["hours"].iloc[0]), "p90_h": float(summary["hours"].iloc[1])}


def _case(column: str, values: list) -> str:
    return "CASE " + column + " " + " ".join(f"WHEN '{e}' THEN {v}" for e, v in zip(TOUCHPOINTS, values)) + " END"


def run_sql(folder: Path) -> dict:
    import duckdb

    con = duckdb.connect()
    path = folder / "behaviour" / "events.parquet"
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


def run_pandas(folder: Path) -> dict:
    import numpy as np
    import pandas as pd

    df = pd.read_parquet(folder / "behaviour" / "events.parquet")
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


def run_retentioneering(folder: Path) -> dict:
    os.environ["RETENTIONEERING_NO_TRACK"] = "1"   # telemetry off
    import pandas as pd
    from retentioneering import Eventstream

    df = pd.read_parquet(folder / "behaviour" / "events.parquet")
    stream = Eventstream(df, schema={"path_cols": ["user_id"], "event_col": "event_name", "timestamp_col": "ts"})
    funnel = stream.funnel_data(steps=["product_viewed", "add_to_cart", "payment_page_viewed", "order_placed"])
    matrix = stream.transition_graph_data(edge_weight="count")
    return {"funnel_events": [s["unique_paths"] for s in funnel["steps"]],
            "transitions": int(pd.DataFrame(matrix).to_numpy(dtype=float).sum())}


RUNNERS = {"duckdb-sql": run_sql, "workbench": run_workbench, "pandas": run_pandas,
           "retentioneering": run_retentioneering}


def _child(name: str, folder: str) -> None:
    start = time.perf_counter()
    result = RUNNERS[name](Path(folder))
    result["seconds"] = time.perf_counter() - start
    print("RESULT " + json.dumps(result))


def _run_with_peak(name: str, folder: Path) -> dict:
    """Run a contender in a child process and record its own peak RSS (MB) via os.wait4."""
    proc = subprocess.Popen([sys.executable, __file__, "--child", name, str(folder)], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True)
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    line = next((ln for ln in out.splitlines() if ln.startswith("RESULT ")), None)
    if proc.returncode != 0 or line is None:
        return {"error": f"exit {proc.returncode}", "peak_mb": usage.ru_maxrss / 1024}
    result = json.loads(line[len("RESULT "):])
    result["peak_mb"] = usage.ru_maxrss / 1024   # ru_maxrss is in KiB on Linux
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000_000, 10_000_000])
    parser.add_argument("--data", default="/tmp/wb-behaviour-bench")
    parser.add_argument("--skip", nargs="*", default=[], help="contenders to leave out")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(*args.child)
        return
    try:
        import retentioneering  # noqa: F401
        have_rete = True
    except ImportError:
        have_rete = False
    for size in args.sizes:
        folder = Path(args.data) / f"events-{size}"
        if not (folder / "behaviour" / "events.parquet").is_file():
            write_study(folder, size, max(size // 10, 1))
        print(f"\n{size:,} events, {max(size // 10, 1):,} users  (load + funnel + drop-off + transitions + time to goal)")
        results = {}
        for name in RUNNERS:
            if name in args.skip or (name == "retentioneering" and not have_rete):
                print(f"  {name:16s} skipped")
                continue
            results[name] = _run_with_peak(name, folder)
        base = results["duckdb-sql"].get("seconds")
        print(f"  {'contender':16s} {'seconds':>8s} {'peak MB':>8s} {'x SQL':>6s}  agrees with SQL")
        keys = ("reached", "dropped", "funnel", "transitions", "pairs")
        for name, r in results.items():
            if "error" in r:
                print(f"  {name:16s} failed: {r['error']}")
                continue
            if name == "retentioneering":
                agree = "n/a (event-step funnel, no drop-off)"
            else:
                same = all(r[k] == results["duckdb-sql"][k] for k in keys)
                close = all(abs(r[k] - results["duckdb-sql"][k]) < 1e-6 for k in ("median_h", "p90_h"))
                agree = "yes" if same and close else "NO: " + ", ".join(
                    k for k in keys if r[k] != results["duckdb-sql"][k])
            print(f"  {name:16s} {r['seconds']:8.2f} {r['peak_mb']:8.0f} {r['seconds'] / base:6.2f}  {agree}")


if __name__ == "__main__":
    main()
