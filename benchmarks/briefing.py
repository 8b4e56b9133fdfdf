"""Time to make a full briefing pack (PowerPoint and PDF) for the latest network meeting with three
featured countries, printed with its floor and the ratio. Goal: at most 10 s on this machine.

    python -m benchmarks.briefing [--runs 5] [--countries JOR,TUR,IDN]

Figures: the first pack in a fresh process (cold: imports, the warehouse opened, every query run
for the first time), then the median of the next runs (warm), each split into the content (page
models over the warehouse), the PowerPoint and the PDF. Floor: python-pptx saving an empty
presentation, and reportlab saving a one-line PDF: what any pack costs before it says anything.
"""

from __future__ import annotations

import argparse
import io
import statistics
import time

from lmi import models
from lmi.briefing import model, pdf, pptx


def seconds(work) -> tuple[float, object]:
    started = time.perf_counter()
    result = work()
    return time.perf_counter() - started, result


def pack(read, event_id: str, countries: list[str]) -> dict[str, float]:
    content, briefing = seconds(lambda: model.build(read, model.meeting_from_event(read, event_id), countries))
    deck, _ = seconds(lambda: pptx.render(briefing))
    document, _ = seconds(lambda: pdf.render(briefing))
    return {"content": content, "pptx": deck, "pdf": document, "total": content + deck + document}


def floor() -> float:
    from pptx import Presentation
    from reportlab.pdfgen import canvas

    def empty() -> None:
        Presentation().save(io.BytesIO())
        page = canvas.Canvas(io.BytesIO())
        page.drawString(72, 720, "briefing")
        page.save()

    return statistics.median(seconds(empty)[0] for _ in range(5))


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.briefing", description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--countries", default="JOR,TUR,IDN")
    args = parser.parse_args()
    countries = args.countries.split(",")
    read = models.reader()
    event_id = model.latest_meeting_id(read)
    cold = pack(read, event_id, countries)
    warm = [pack(read, event_id, countries) for _ in range(args.runs)]
    median = {key: statistics.median(run[key] for run in warm) for key in cold}
    base = floor()
    print(f"Briefing pack benchmark: {event_id}, featuring {', '.join(countries)} (PowerPoint + PDF)")
    print(f"  cold (first pack in the process): {cold['total']:6.2f} s   content {cold['content']:.2f} s, "
          f"PowerPoint {cold['pptx']:.2f} s, PDF {cold['pdf']:.2f} s")
    print(f"  warm (median of {args.runs}):           {median['total']:6.2f} s   content {median['content']:.2f} s, "
          f"PowerPoint {median['pptx']:.2f} s, PDF {median['pdf']:.2f} s")
    print(f"  floor (empty python-pptx deck + one-line reportlab PDF, saved): {base:.3f} s")
    print(f"  ratio: cold {cold['total'] / base:,.0f}x, warm {median['total'] / base:,.0f}x the floor;"
          f" goal <= 10 s: {'met' if cold['total'] <= 10 else 'NOT met'}")


if __name__ == "__main__":
    main()
