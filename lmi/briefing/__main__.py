"""python -m lmi.briefing --meeting <event_id> [--countries JOR,TUR] [--lang en|fr|ar] [--template my.pptx] --out briefing.pptx [--pdf briefing.pdf]

Writes the meeting's briefing pack without the app. Exit status 2 with a message naming the problem
for an unknown meeting, country or template; 1 when the warehouse is missing.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from lmi import i18n, models, warehouse
from lmi.briefing import model, pdf, pptx


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m lmi.briefing", description="Make a meeting's briefing pack (PowerPoint and PDF).")
    parser.add_argument("--meeting", required=True, help="event_id of the meeting in the warehouse (e.g. pesnet-m4-2024)")
    parser.add_argument("--countries", help="ISO3 codes of the members to feature, comma-separated (default: the host and chair)")
    parser.add_argument("--template", type=Path, help="the secretariat's own .pptx template (masters, colours)")
    parser.add_argument("--lang", choices=list(i18n.LANGUAGES), default=i18n.DEFAULT,
                        help="language of the pack: en, fr or ar (Arabic reads right to left)")
    parser.add_argument("--out", type=Path, required=True, help="the PowerPoint file to write")
    parser.add_argument("--pdf", type=Path, help="also write the PDF here")
    parser.add_argument("--warehouse", type=Path, help="warehouse file (default: $PESNET_WAREHOUSE or data/warehouse.duckdb)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    read = models.reader(args.warehouse)
    try:
        if args.template is not None and not args.template.is_file():
            raise model.BriefingError(f"template {args.template} not found")
        meeting = model.meeting_from_event(read, args.meeting)
        countries = None if args.countries is None else args.countries.split(",")
        with i18n.using(args.lang):
            briefing = model.build(read, meeting, countries)
        deck = pptx.render(briefing, args.template)
        document = pdf.render(briefing) if args.pdf else None
    except model.BriefingError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    except warehouse.WarehouseMissing as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    args.out.write_bytes(deck)
    written = [f"{args.out} ({len(briefing.slides)} slides)"]
    if document is not None:
        args.pdf.write_bytes(document)
        written.append(str(args.pdf))
    print(f"{meeting.title}: wrote {', '.join(written)} in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
