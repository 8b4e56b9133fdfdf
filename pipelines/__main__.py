"""Command line: `python -m pipelines build`, `python -m pipelines refresh` and `python -m pipelines ingest <file> --event <event_id>`."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from pipelines.errors import ContractError, SourceError, StorageError


#: what `python -m pipelines ingest` exits with (also in --help and the README)
EXIT_OK, EXIT_REFUSED, EXIT_USAGE, EXIT_ROWS_REJECTED, EXIT_LOAD_FAILED = 0, 1, 2, 3, 4
EXIT_CODES_HELP = """exit codes:
  0  check: every row is valid; --accept-valid: the valid rows were loaded (rejected ones printed), or the file was already loaded
  1  the file cannot be used (unreadable, wrong shape, unknown event, ...) or no row is valid: nothing was written
  2  the command line is wrong (an unknown option, a missing --event)
  3  check only: the file can be loaded, but some rows would be rejected (listed above)
  4  --accept-valid: the load failed and was undone; the previous warehouse is unchanged"""


def _progress(number: int, total: int, message: str) -> None:
    print(f"[{number}/{total}] {message}", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipelines", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    build_cmd = commands.add_parser("build", help="build the warehouse from data/ (offline, atomic)")
    build_cmd.add_argument("--data-dir", type=Path, help="source snapshots (default: data/ or $PESNET_DATA_DIR)")
    build_cmd.add_argument("--warehouse", type=Path, help="warehouse file (default: data/warehouse.duckdb or $PESNET_WAREHOUSE)")
    build_cmd.add_argument("--uploads-dir", type=Path, help="the secretariat's uploaded records (default: uploads/ or $PESNET_UPLOADS_DIR)")
    _add_ingest(commands)
    _add_refresh(commands)
    args = parser.parse_args(argv)
    if args.command == "refresh":
        return _refresh(args)

    if args.command == "build":
        from pipelines.build import build

        try:
            report = build(args.data_dir, args.warehouse, progress=_progress, uploads_dir=args.uploads_dir)
        except (SourceError, ContractError, StorageError) as err:
            print(f"Build failed; the previous warehouse is unchanged.\n{err}", file=sys.stderr)
            return 1
        if report.recovered:
            print(report.recovered)
        print(report.summary())
    if args.command == "ingest":
        return _ingest(args)
    return 0


def _add_refresh(commands) -> None:
    from pipelines import registry

    cmd = commands.add_parser(
        "refresh", help="fetch the newest releases (World Bank API, ILOSTAT), then build and swap, atomically",
        description="Fetch every catalogue indicator of each source into data/raw/<source>/<date>/ (resumable: a repeated "
                    "run skips what is already fetched), build a new warehouse from it and swap it in. On any failure the "
                    "previous snapshots and warehouse stay in use. Base URLs: PESNET_WB_API, PESNET_ILOSTAT_API; proxies: "
                    "HTTPS_PROXY / HTTP_PROXY / NO_PROXY.")
    cmd.add_argument("--source", action="append", choices=list(registry.REFRESHED), help="only this source (repeatable)")
    cmd.add_argument("--indicator", nargs="+", metavar="CODE", help="only these catalogue codes")
    cmd.add_argument("--data-dir", type=Path)
    cmd.add_argument("--warehouse", type=Path)


def _refresh(args) -> int:
    from pipelines.refresh import refresh

    bar = ProgressBars()
    report = refresh(args.source, args.indicator, args.data_dir, args.warehouse, progress=bar)
    bar.close()
    print(report.summary(), file=sys.stdout if report.ok else sys.stderr)
    return 0 if report.ok else 1


class ProgressBars:
    """One text progress bar per source (a line each when not on a terminal, so logs stay readable)."""

    def __init__(self, width: int = 30):
        self.width = width
        self.live = sys.stdout.isatty()
        self.current = None

    def __call__(self, source: str, done: int, total: int, message: str) -> None:
        filled = int(self.width * done / total) if total else self.width
        line = f"{source:<10} [{'#' * filled}{'.' * (self.width - filled)}] {done}/{total} {message}"
        if self.live:
            if self.current not in (None, source):
                print()
            print("\r" + line[:160].ljust(160), end="", flush=True)
        else:
            print(line, flush=True)
        self.current = source

    def close(self) -> None:
        if self.live and self.current:
            print()


def _add_ingest(commands) -> None:
    from pipelines.sources.pesnet import EVENT_TYPES, MODALITIES

    cmd = commands.add_parser(
        "ingest", help="check a registration or attendance list (CSV or XLSX) and, with --accept-valid, load its valid rows",
        description="Without --accept-valid nothing is written: the file is read and every problem is listed by row and "
                    "column. With it, the valid rows are loaded as de-identified counts (the uploads folder) and the "
                    "warehouse is rebuilt; names, emails, rejected rows and the original go to the private store.",
        epilog=EXIT_CODES_HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    cmd.add_argument("file", type=Path)
    which = cmd.add_mutually_exclusive_group(required=True)
    which.add_argument("--event", help="an existing event_id")
    which.add_argument("--new-event", metavar="EVENT_ID", help="a new event's id (describe it with --title, --type, --start ...)")
    cmd.add_argument("--title", default="")
    cmd.add_argument("--type", dest="event_type", choices=EVENT_TYPES)
    cmd.add_argument("--start", default="", help="YYYY-MM-DD")
    cmd.add_argument("--end", default="", help="YYYY-MM-DD (default: the start)")
    cmd.add_argument("--city", default="")
    cmd.add_argument("--country", default="", help="the venue's country (any name the resolver knows)")
    cmd.add_argument("--modality", choices=MODALITIES, default="")
    cmd.add_argument("--organisers", default="")
    cmd.add_argument("--funding", default="")
    cmd.add_argument("--source-url", default="")
    cmd.add_argument("--notes", default="")
    cmd.add_argument("--list", dest="list_kind", choices=("attendance", "registration"), default="attendance",
                     help="without an 'attended' column: does every row show a person who took part (attendance, the "
                          "default) or only one who registered?")
    cmd.add_argument("--accept-valid", action="store_true", help="load the valid rows (the rejected ones are kept privately)")
    cmd.add_argument("--rejected-out", type=Path, help="also write the rejected rows with their reasons to this CSV")
    cmd.add_argument("--data-dir", type=Path)
    cmd.add_argument("--warehouse", type=Path)
    cmd.add_argument("--private-dir", type=Path)
    cmd.add_argument("--uploads-dir", type=Path)


def _ingest(args) -> int:
    from pipelines.ingest import NewEvent, ingest

    try:
        content = args.file.read_bytes()
    except OSError as err:
        print(f"{args.file}: {err.strerror}", file=sys.stderr)
        return 1
    new_event = None
    if args.new_event:
        new_event = NewEvent(args.new_event, args.title, args.event_type or "", args.start, args.end, args.city, args.country,
                             args.modality, args.organisers, args.funding, args.source_url, args.notes)
    result = ingest(content, args.file.name, event_id=args.event, new_event=new_event, list_kind=args.list_kind,
                    accept_valid=args.accept_valid, data_dir=args.data_dir, warehouse=args.warehouse,
                    private_dir=args.private_dir, uploads_dir=args.uploads_dir,
                    progress=_progress if args.accept_valid else None)
    if result.recovered:
        print(result.recovered)
    print(render_result(result))
    if args.rejected_out and len(result.preview.rejected):
        _write_owner_only(args.rejected_out, result.rejected_csv)
        print(f"Rejected rows with their reasons: {args.rejected_out}")
    return exit_code(result)


def exit_code(result) -> int:
    """The ingest's exit code (EXIT_CODES_HELP): honest about rows a check would reject."""
    if result.status == "failed":
        return EXIT_LOAD_FAILED
    if result.status in ("loaded", "unchanged"):
        return EXIT_OK
    if result.status != "previewed" or not result.preview.ok:
        return EXIT_REFUSED
    if not len(result.preview.valid):
        return EXIT_REFUSED
    return EXIT_ROWS_REJECTED if len(result.preview.rejected) else EXIT_OK


def _write_owner_only(path: Path, content: bytes) -> None:
    """Names and e-mails: a file only its owner may read (0600), even where one existed before."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        os.fchmod(handle.fileno(), 0o600)
        handle.write(content)


def render_result(result, most: int = 200) -> str:
    """The preview as text: file problems, notices, problems by row and column, country matches, what happened."""
    preview = result.preview
    lines = [f"{preview.filename}: {preview.size:,} bytes, sha256 {preview.sha256[:12]}..., "
             f"{preview.file_format or '?'}, {preview.shape or '?'} list"]
    lines += [f"  ERROR  {problem}" for problem in preview.errors]
    lines += [f"  NOTE   {problem}" for problem in preview.notices]
    if preview.problems:
        lines.append(f"Problems by row ({len(preview.problems)}):")
        lines += [f"  {problem}" for problem in preview.problems[:most]]
        if len(preview.problems) > most:
            lines.append(f"  ... and {len(preview.problems) - most} more (--rejected-out writes them all)")
    if len(preview.matches):
        lines.append("Countries as written -> matched:")
        for row in preview.matches.itertuples():
            matched = f"{row.iso3} {row.matched_name}{'' if row.oic_member else ' (not an OIC member)'}" if isinstance(row.iso3, str) else "NOT MATCHED"
            lines.append(f"  {row.written!r:<32} -> {matched}  [{row.rows} rows]")
    lines.append(result.message)
    if result.status == "previewed" and preview.ok:
        lines.append("Nothing was written. Run again with --accept-valid to load the valid rows.")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
