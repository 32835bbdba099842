"""The ``workbench`` command: argument parsing only; each command calls one library function."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .exceptions import InputError, Problem, WorkbenchError

EXIT_OK, EXIT_FAILED, EXIT_INVALID = 0, 1, 2


def _print_problems(problems: list[Problem], stream) -> None:
    """One line per problem: ``path[:line][:column]: ...``, warnings led by ``warning: ``."""
    for p in problems:
        print(str(p) if p.severity == "error" else f"warning: {p}", file=stream)


def cmd_validate(args: argparse.Namespace) -> int:
    from .validate import validate_study
    problems = validate_study(args.study)
    _print_problems(problems, sys.stdout)
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    if errors:
        print(f"{errors} error(s) and {warnings} warning(s) in {args.study}; fix the errors and validate again.",
              file=sys.stderr)
        return EXIT_INVALID
    print(f"ok: {args.study} is a valid study ({warnings} warning(s); the run goes on past them).", file=sys.stderr)
    return EXIT_OK


def cmd_run(args: argparse.Namespace) -> int:
    from .worker_server import start
    start()   # the workers' server preloads while the runner is imported and the study loads
    from .runner import run_study
    result = run_study(args.study, personas=args.persona, out=args.out, jobs=args.jobs,
                       notebooks=args.notebooks, progress=not args.quiet)
    _print_problems(result.warnings, sys.stderr)
    for run in result.runs:
        if run.status == "ok":
            print(f"{run.persona}: {result.folder / run.report}")
        else:
            f = run.failure or {}
            cell = f" cell {f['cell']}" if f.get("cell") is not None else ""
            print(f"{run.persona}: FAILED in {f.get('notebook')}{cell}: {f.get('error')}", file=sys.stderr)
    print(f"index: {result.folder / 'index.html'}")
    return result.exit_code


def cmd_sentiment(args: argparse.Namespace) -> int:
    from .voc.sentiment_csv import score_csv
    from .safe_export import neutralise_frame
    frame = score_csv(Path(args.file), args.column, language=args.language)
    neutralise_frame(frame).to_csv(sys.stdout, index=False)   # the user's text, opened in a spreadsheet
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="workbench", description="journey workbench: what customers say versus what they do.")
    sub = parser.add_subparsers(dest="command", required=True)
    v = sub.add_parser("validate", help="check a study folder; exit 2 listing every error, 0 when only warnings remain")
    v.add_argument("study", help="the study folder, e.g. corpora/demo-shop")
    v.set_defaults(func=cmd_validate)
    r = sub.add_parser("run", help="run every chapter per persona and write the HTML reports")
    r.add_argument("study", help="the study folder, e.g. corpora/demo-shop")
    r.add_argument("--persona", nargs="+", default=None, metavar="ID",
                   help="persona ids to run, or 'all' (default): every persona and the whole population")
    r.add_argument("--out", default="reports", help="the reports folder (default: reports)")
    r.add_argument("--jobs", type=int, default=None, help="parallel jobs (default: the number of cores)")
    r.add_argument("--notebooks", default=None, help="folder of chapter notebooks (default: the project's notebooks/)")
    r.add_argument("--quiet", action="store_true", help="no progress bar")
    r.set_defaults(func=cmd_run)
    s = sub.add_parser("sentiment", help="score a CSV column; writes the CSV with compound,label to stdout")
    s.add_argument("file", help="a CSV file")
    s.add_argument("--column", required=True, help="the column holding the text")
    s.add_argument("--language", default="auto", metavar="CODE|auto",
                   help="en, ms, id, th or zh for every row, or auto (default): detect each row's language")
    s.set_defaults(func=cmd_sentiment)
    # compare and drivers parse their own arguments (see DELEGATED); listed here for --help
    sub.add_parser("compare", help="compare an earlier wave of a study with a later one: changes.csv "
                                   "(workbench compare OLD NEW [--out DIR] [--persona P])", add_help=False)
    sub.add_parser("drivers", help="what goes with not converting or churning: drivers.csv "
                                   "(workbench drivers STUDY [--outcome conversion|churn] [--risk])", add_help=False)
    sub.add_parser("export-qdpx", help="write <out>/<study>/<study>.qdpx (REFI-QDA) without the reports "
                                       "(workbench export-qdpx STUDY [--out DIR])", add_help=False)
    return parser


def _delegated(name: str):
    if name == "export-qdpx":
        from .qdpx import main_export_qdpx
        return main_export_qdpx
    if name == "compare":
        from .waves import main_compare
        return main_compare
    from .drivers import main_drivers
    return main_drivers


DELEGATED = ("compare", "drivers", "export-qdpx")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv and argv[0] in DELEGATED:
        return _guarded(lambda: _delegated(argv[0])(argv[1:]))
    args = build_parser().parse_args(argv)
    return _guarded(lambda: args.func(args))


def _guarded(run) -> int:
    try:
        return run()
    except InputError as exc:
        _print_problems(exc.problems, sys.stderr)
        return EXIT_INVALID
    except WorkbenchError as exc:
        print(f"workbench: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print("workbench: interrupted; the previous reports are untouched.", file=sys.stderr)
        return EXIT_FAILED
    except Exception as exc:  # an internal bug: one line, unless the user asks for the traceback
        if os.environ.get("WORKBENCH_DEBUG"):
            raise
        print(f"workbench: internal error: {type(exc).__name__}: {exc} (set WORKBENCH_DEBUG=1 for details)",
              file=sys.stderr)
        return EXIT_FAILED


if __name__ == "__main__":
    sys.exit(main())
