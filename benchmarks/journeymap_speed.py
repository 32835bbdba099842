"""Cost of the summary-and-map chapter on top of the analyses it reads, in the same run.

Times, for one persona of a study (the demo by default):
  1. the inputs the map reads: voice of the customer, behaviour, say-versus-do mismatches;
  2. the map itself: build_map + findings (data), the HTML grid and evidence, the PNG and the SVG;
and prints each time and its ratio to the inputs' time. Target (issue 6): the map and its files
add at most 25% to the analyses behind them, so the chapter never dominates a report's run time.

    .venv/bin/python benchmarks/journeymap_speed.py [--study corpora/demo-shop] [--persona all]
"""
from __future__ import annotations

import argparse
import time

from workbench import load_study
from workbench import voc
from workbench.behaviour import analyse_behaviour
from workbench.journeymap import build_map, findings
from workbench.report.chapters import journey_map as render
from workbench.report.chapters.map_figure import map_png, map_svg
from workbench.contract_tables import mismatches_table

TARGET_RATIO = 0.25  # the map may add at most a quarter to the analyses it summarises


def timed(fn, *args):
    start = time.perf_counter()
    value = fn(*args)
    return value, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--study", default="corpora/demo-shop")
    parser.add_argument("--persona", default="all")
    args = parser.parse_args()
    study = load_study(args.study)
    voice, t_voice = timed(voc.analyse_voice, study, args.persona)
    behaviour, t_beh = timed(analyse_behaviour, study, args.persona)
    mismatches, t_mm = timed(mismatches_table, study, args.persona)
    inputs = t_voice + t_beh + t_mm
    jmap, t_build = timed(build_map, study.config, args.persona, voice, behaviour, mismatches)
    _, t_find = timed(findings, jmap)
    _, t_html = timed(lambda m: (render.map_html(m), render.evidence_html(m)), jmap)
    png, t_png = timed(map_png, jmap)
    svg, t_svg = timed(map_svg, jmap)
    rows = [("voice of the customer", t_voice), ("behaviour", t_beh), ("mismatches", t_mm),
            ("inputs (baseline)", inputs), ("build_map", t_build), ("findings", t_find),
            ("HTML grid + evidence", t_html), (f"PNG ({len(png) / 1e3:,.0f} kB)", t_png),
            (f"SVG ({len(svg) / 1e3:,.0f} kB)", t_svg)]
    for name, seconds in rows:
        print(f"{name:28s} {seconds:8.2f} s   {seconds / inputs:6.1%} of inputs")
    added = t_build + t_find + t_html + t_png + t_svg
    print(f"{'map adds':28s} {added:8.2f} s   {added / inputs:6.1%} of inputs "
          f"(target <= {TARGET_RATIO:.0%}: {'met' if added / inputs <= TARGET_RATIO else 'MISSED'})")


if __name__ == "__main__":
    main()
