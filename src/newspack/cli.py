"""The ``newspack`` command line. Errors are one line; ``--debug`` shows the traceback.

Exit codes: 0 success (also "no changes"), 1 a failed build or check, 2 bad usage or
configuration.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from newspack import __version__
from newspack.errors import NewspackError, UsageError

CONFIG_NAME = "newspack.toml"
MAX_WARNINGS_SHOWN = 3


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse exits 2 too; keep its one-line style
        self.print_usage(sys.stderr)
        print(f"newspack: error: {message}", file=sys.stderr)
        sys.exit(2)


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog="newspack", description="Scraped news in, a versioned HF dataset out.")
    p.add_argument("--version", action="version", version=f"newspack {__version__}")
    p.add_argument("--debug", action="store_true", help="show tracebacks")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)

    b = sub.add_parser("build", help="build a new version from the sources")
    b.add_argument("sources", nargs="*", metavar="SOURCE", help="folders, files or globs")
    b.add_argument("--out", help="dataset folder (the version store)")
    b.add_argument("--config", help=f"configuration file (default: ./{CONFIG_NAME})")
    b.add_argument("--version", dest="set_version", metavar="X.Y.Z",
                   help="version number (must be greater than the newest)")
    b.add_argument("--workers", type=int, help="worker processes (default: one per CPU)")
    b.add_argument("--engine", choices=("local", "ray"), help="local process pool (default) "
                   "or Ray (the newspack[ray] extra)")
    b.add_argument("--ray-address", metavar="ADDR", help='with --engine ray: "" starts a '
                   'private Ray (default), "auto" or HOST:PORT joins a running cluster')
    b.add_argument("--json", action="store_true", help="print the result as JSON")
    b.add_argument("--no-progress", action="store_true", help="no progress bar")

    v = sub.add_parser("versions", help="list the versions of a dataset folder")
    v.add_argument("dir")
    v.add_argument("--json", action="store_true")

    d = sub.add_parser("diff", help="what changed between two versions")
    d.add_argument("dir")
    d.add_argument("a")
    d.add_argument("b")
    d.add_argument("--json", action="store_true")

    c = sub.add_parser("validate", help="re-check checksums, schema, card and counts")
    c.add_argument("dir")
    c.add_argument("--version", dest="only", metavar="V", help="one version (default: all)")

    u = sub.add_parser("push", help="publish versions to the Hugging Face Hub")
    u.add_argument("dir")
    u.add_argument("--repo-id", required=True, metavar="ORG/NAME")
    u.add_argument("--version", dest="only", metavar="V", help="push only this version")
    u.add_argument("--dry-run", action="store_true", help="print the plan, push nothing")
    u.add_argument("--private", action="store_true", help="create the repo private")

    i = sub.add_parser("inspect", help="print the record one input file becomes")
    i.add_argument("file")
    i.add_argument("--config", help=f"configuration file (default: ./{CONFIG_NAME} if present)")
    i.add_argument("--store", metavar="DIR", help="dataset folder whose newest version holds "
                   "the nearest document to show (default: build.out of the configuration, "
                   "when it exists)")
    return p


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except NewspackError as e:
        if args.debug:
            raise
        print(f"newspack: error: {e}", file=sys.stderr)
        return e.exit_code
    except KeyboardInterrupt:
        print("newspack: interrupted; published versions are untouched", file=sys.stderr)
        return 1
    except OSError as e:  # disk full, file too large, permission denied while writing
        if args.debug:
            raise
        where = f"{e.filename}: " if e.filename else ""
        print(f"newspack: error: {where}{e.strerror or e} (nothing was published; published "
              "versions are untouched: fix this and rerun)", file=sys.stderr)
        return 1
    except Exception as e:  # noqa: BLE001 - the one place that turns bugs into one line
        if args.debug:
            raise
        print(f"newspack: internal error: {type(e).__name__}: {e} (rerun with --debug for "
              "the traceback, and report it)", file=sys.stderr)
        return 1


def _config(path: str | None, required: bool):
    from newspack import config as cfg

    if path:
        return cfg.load(Path(path))
    default = Path(CONFIG_NAME)
    if default.is_file():
        return cfg.load(default)
    if required:
        raise UsageError(f"no SOURCE given and no ./{CONFIG_NAME} here (name a SOURCE and "
                         "--out, or pass --config FILE)")
    return cfg.Config()


def cmd_build(args) -> int:
    from dataclasses import replace

    from newspack.build import build

    config = _config(args.config, required=not (args.sources and args.out))
    sources = list(args.sources) or list(config.build.sources)
    out = args.out or config.build.out
    if not out:
        raise UsageError("no output folder: pass --out DIR or set build.out in the configuration")
    if args.workers is not None:
        config = replace(config, build=replace(config.build, workers=args.workers))
    for option, name in ((args.engine, "engine"), (args.ray_address, "ray_address")):
        if option is not None:
            config = replace(config, build=replace(config.build, **{name: option}))
    from newspack.config import check_engine

    check_engine(config.build, "build.")
    result = build(sources, Path(out), config, version=args.set_version,
                   progress=not args.no_progress)
    if args.json:
        print(json.dumps({"out": str(result.out), "version": result.version,
                          "previous": result.previous, "summary": result.summary,
                          "counts": result.counts, "warnings": result.warnings}, indent=1))
        return 0
    for warning in result.warnings[:MAX_WARNINGS_SHOWN]:
        print(f"newspack: warning: {warning}", file=sys.stderr)
    if len(result.warnings) > MAX_WARNINGS_SHOWN:
        print(f"newspack: ... and {len(result.warnings) - MAX_WARNINGS_SHOWN} more warnings "
              "(--json lists them all)", file=sys.stderr)
    if result.version is None:
        print(result.summary)
    else:
        c = result.counts
        print(f"built {result.out}/versions/{result.version}: {c['records']} records, "
              f"{c['rejected']} rejected, {c['duplicates']} duplicates, "
              f"{len(result.warnings)} warnings ({result.summary})")
    return 0


def cmd_versions(args) -> int:
    from newspack.store.history import list_versions

    rows = list_versions(Path(args.dir))
    if args.json:
        print(json.dumps(rows, indent=1))
        return 0
    if not rows:
        print(f"{args.dir}: no versions")
    for r in rows:
        print(f"{r['version']:>8}  {r['date']}  {r['documents']:>8} documents  {r['summary']}")
    return 0


def cmd_diff(args) -> int:
    from newspack.store.history import diff_versions

    result = diff_versions(Path(args.dir), args.a, args.b)
    if args.json:
        print(json.dumps(result, indent=1, ensure_ascii=False))
    else:
        from newspack.store.history import format_diff

        print(format_diff(result))
    return 0


def cmd_validate(args) -> int:
    from newspack.store.validate import validate_version
    from newspack.store.versions import version_dirs

    out = Path(args.dir)
    numbers = [args.only] if args.only else version_dirs(out)
    if not numbers:
        raise NewspackError(f"{out}: no published versions to validate")
    bad = 0
    for version in numbers:
        faults = validate_version(out, version)
        print(f"{version}: {'ok' if not faults else f'{len(faults)} fault(s)'}")
        for f in faults:
            print(f"  - {f}")
        bad += bool(faults)
    return 1 if bad else 0


def cmd_push(args) -> int:
    from newspack.publish.push import push

    _, text = push(Path(args.dir), args.repo_id, args.only, args.dry_run, args.private)
    print(text if args.dry_run else text.replace("push to", "pushed to", 1))
    return 0


def cmd_inspect(args) -> int:
    from dataclasses import asdict

    from newspack.extract.document import RawDoc, analyse
    from newspack.inputs.htmlpage import is_html

    path = Path(args.file)
    try:
        data = path.read_bytes()
    except OSError as e:
        raise UsageError(f"{path}: cannot read ({e.strerror})") from None
    fmt = "html" if is_html(path.name) else "text"  # a page shows its text, not its markup
    config = _config(args.config, required=False)
    ex = analyse(RawDoc(path.name, data, fmt=fmt), config)
    out = {"result": type(ex.result).__name__.lower(), **asdict(ex.result),
           "removed": [asdict(r) for r in ex.removed]}
    store = Path(args.store or config.build.out or ".")
    if args.store and not store.is_dir():
        raise UsageError(f"--store {store}: no such folder")
    if (args.store or config.build.out) and store.is_dir() and hasattr(ex.result, "text"):
        from newspack.store.signatures import nearest_published

        out["nearest"] = nearest_published(store, ex.result.text)
    print(json.dumps(out, indent=1, ensure_ascii=False))
    return 0


COMMANDS = {"build": cmd_build, "versions": cmd_versions, "diff": cmd_diff,
            "validate": cmd_validate, "inspect": cmd_inspect, "push": cmd_push}

if __name__ == "__main__":
    sys.exit(main())
