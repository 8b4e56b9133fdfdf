"""Command line: `python -m pipelines build` (more commands join as the write side grows)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pipelines.errors import ContractError, SourceError


def _progress(number: int, total: int, message: str) -> None:
    print(f"[{number}/{total}] {message}", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipelines", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    build_cmd = commands.add_parser("build", help="build the warehouse from data/ (offline, atomic)")
    build_cmd.add_argument("--data-dir", type=Path, help="source snapshots (default: data/ or $PESNET_DATA_DIR)")
    build_cmd.add_argument("--warehouse", type=Path, help="warehouse file (default: data/warehouse.duckdb or $PESNET_WAREHOUSE)")
    args = parser.parse_args(argv)

    if args.command == "build":
        from pipelines.build import build

        try:
            report = build(args.data_dir, args.warehouse, progress=_progress)
        except (SourceError, ContractError) as err:
            print(f"Build failed; the previous warehouse is unchanged.\n{err}", file=sys.stderr)
            return 1
        print(report.summary())
    return 0


if __name__ == "__main__":
    sys.exit(main())
