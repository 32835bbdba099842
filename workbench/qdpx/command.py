"""``workbench export-qdpx STUDY [--out DIR]``: write the REFI-QDA project without the reports.

Exit 0 on success, 2 with one located line per problem when the study (or its codebook and
hand-coded highlights) is invalid, as ``workbench validate`` does.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..exceptions import InputError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="workbench export-qdpx",
                                     description="Write reports/<study>/<study>.qdpx (REFI-QDA) for a study.")
    parser.add_argument("study", help="the study folder")
    parser.add_argument("--out", default="reports", help="reports folder (default: reports)")
    args = parser.parse_args(argv)
    from ..study import load_study
    from ..themes import build_themes
    from ..voc import analyse_voice
    from ..coding import load_coding
    from . import write_qdpx
    try:
        study = load_study(args.study)
        clauses = analyse_voice(study, "all").clauses
        coding = load_coding(study, clauses)
        themes = build_themes(clauses, study.config)
        name = study.config.study or Path(args.study).name
        path = write_qdpx(study, clauses, themes, coding, Path(args.out) / name / f"{name}.qdpx")
    except InputError as e:
        for problem in e.problems:
            print(problem, file=sys.stderr)
        return 2
    print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
