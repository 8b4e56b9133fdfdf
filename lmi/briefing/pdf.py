"""The briefing as a PDF: the same slides, one landscape page each, drawn with reportlab.

Why reportlab: its charts (reportlab.graphics) are vector drawings placed straight into the PDF, so
the charts stay sharp at any zoom and their labels are selectable text, with no browser to start
(kaleido would need Chromium for every chart and makes the pack several seconds slower); its
platypus tables wrap long cells. Text is set in DejaVu Sans where the system has it (for names
such as Türkiye's İŞKUR), else in Helvetica.

In Arabic the pages read right to left: reportlab neither joins Arabic letters nor orders a mixed
line, so each line is shaped by arabic-reshaper (the letters' joined forms) and put in display
order by python-bidi (the Unicode bidirectional algorithm), after it is broken into lines; its
Arabic runs are set in Noto Sans Arabic (static/fonts), aligned right, and tables run from the right.
"""

from __future__ import annotations

import io
import re
from functools import partial
from pathlib import Path

import arabic_reshaper
from bidi.algorithm import get_display  # the pure-Python algorithm: it also mirrors brackets in right-to-left runs
from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import KeepInFrame, PageBreak, Paragraph, SimpleDocTemplate, Spacer
from reportlab.platypus import Table as Grid
from reportlab.platypus import TableStyle
from xml.sax.saxutils import escape

import settings
from lmi import i18n
from lmi.briefing.model import Briefing, Slide, column_shares, footer
from lmi.models import Chart, Table

#: share of the width the table takes beside a chart
TABLE_SHARE = 0.56
#: the height of a page's frame (landscape A4 less the margins), in points
HEIGHT = landscape(A4)[1] - 2.7 * cm

#: Okabe-Ito, as the dashboard's charts (lmi.charts)
SERIES_COLOURS = ["#0072B2", "#D55E00", "#000000", "#009E73", "#56B4E9", "#E69F00"]
FONTS = Path("/usr/share/fonts/truetype/dejavu")
#: Noto Sans Arabic: the app's own copy (static/fonts), else Debian's fonts-noto-core
ARABIC_FONTS = [settings.ROOT / "static" / "fonts", Path("/usr/share/fonts/truetype/noto")]
ARABIC_LETTERS = "\u0600-\u06FF\u0750-\u077F\uFB50-\uFDFF\uFE70-\uFEFF"
ARABIC_RUN = re.compile(f"([{ARABIC_LETTERS}]+(?:[\\s\u060C\u061B:.()]+[{ARABIC_LETTERS}]+)*)")


def _font() -> tuple[str, str]:
    regular, bold = FONTS / "DejaVuSans.ttf", FONTS / "DejaVuSans-Bold.ttf"
    if not (regular.exists() and bold.exists()):
        return "Helvetica", "Helvetica-Bold"
    if "DejaVuSans" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("DejaVuSans", str(regular)))
        pdfmetrics.registerFont(TTFont("DejaVuSans-Bold", str(bold)))
    return "DejaVuSans", "DejaVuSans-Bold"


def _arabic_font() -> bool:
    """Registers Noto Sans Arabic (regular and bold); False where neither copy is installed."""
    if "NotoSansArabic" in pdfmetrics.getRegisteredFontNames():
        return True
    for folder in ARABIC_FONTS:
        regular, bold = folder / "NotoSansArabic-Regular.ttf", folder / "NotoSansArabic-Bold.ttf"
        if regular.exists() and bold.exists():
            pdfmetrics.registerFont(TTFont("NotoSansArabic", str(regular)))
            pdfmetrics.registerFont(TTFont("NotoSansArabic-Bold", str(bold)))
            return True
    return False


def visual(text: str) -> str:
    """One line of Arabic (or mixed) text as drawn: letters joined, runs in display order."""
    return get_display(arabic_reshaper.reshape(text), base_dir=_base(text))


def _base(text: str) -> str:
    """Right to left for a text with Arabic letters; a text in Latin letters only (an event's title as
    recorded, a code) keeps its own order, aligned right."""
    return "R" if ARABIC_RUN.search(text) else "L"


def _runs(line: str, bold: bool) -> str:
    """A displayed line as Paragraph markup: Arabic runs in Noto Sans Arabic, the rest (Latin names, codes) in the style's font."""
    face = "NotoSansArabic-Bold" if bold else "NotoSansArabic"
    return "".join(f'<font face="{face}">{escape(part)}</font>' if number % 2 else escape(part)
                   for number, part in enumerate(ARABIC_RUN.split(line)) if part)


def _paragraph(text: str, style: ParagraphStyle, width: float, rtl: bool) -> Paragraph:
    """A paragraph; right to left, it is broken into lines of `width` first, each line then put in display order."""
    if not rtl:
        return Paragraph(escape(text), style)
    shaped = arabic_reshaper.reshape(text)
    lines, current = [], []
    room = width * 0.88  # Noto's Arabic letters run a little wider than DejaVu's, by which lines are measured
    for word in shaped.split():
        if current and pdfmetrics.stringWidth(" ".join([*current, word]), style.fontName, style.fontSize) > room:
            lines.append(" ".join(current))
            current = []
        current.append(word)
    lines.append(" ".join(current))
    markup = "<br/>".join(_runs(get_display(line, base_dir=_base(text)), "Bold" in style.fontName) for line in lines)
    return Paragraph(markup, ParagraphStyle(f"{style.name}-rtl", parent=style, alignment=TA_RIGHT))


def render(briefing: Briefing) -> bytes:
    """The pack as PDF bytes, in the language the briefing was built in."""
    with i18n.using(briefing.language):
        return _render(briefing, i18n.direction() == "rtl" and _arabic_font())


def _render(briefing: Briefing, rtl: bool) -> bytes:
    regular, bold = _font()
    styles = {
        "title": ParagraphStyle("title", fontName=bold, fontSize=20, leading=24, spaceAfter=8),
        "line": ParagraphStyle("line", fontName=regular, fontSize=10, leading=13, spaceAfter=3),
        "cell": ParagraphStyle("cell", fontName=regular, fontSize=8, leading=10),
        "head": ParagraphStyle("head", fontName=bold, fontSize=8, leading=10),
        "footer": ParagraphStyle("footer", fontName=regular, fontSize=7, leading=9, textColor=colors.HexColor("#595959")),
    }
    out = io.BytesIO()
    page = landscape(A4)
    doc = SimpleDocTemplate(out, pagesize=page, leftMargin=1.5 * cm, rightMargin=1.5 * cm, topMargin=1.2 * cm, bottomMargin=1.5 * cm,
                            title=briefing.meeting.title, author="OIC-PESNET labour market dashboard")
    width = page[0] - 3 * cm
    story = []
    for number, slide in enumerate(briefing.slides):
        if number:
            story.append(PageBreak())
        story += _slide(slide, styles, regular, width, rtl)

    def on_page(canvas, document):
        canvas.setFont(regular, 7)
        canvas.setFillColor(colors.HexColor("#595959"))
        if rtl:
            canvas.drawRightString(page[0] - 1.5 * cm, 0.8 * cm, visual(f"{briefing.meeting.title} · {document.page}"))
        else:
            canvas.drawString(1.5 * cm, 0.8 * cm, f"{briefing.meeting.title} · {document.page}")

    doc.build(story, onFirstPage=on_page, onLaterPages=on_page)
    return out.getvalue()


def _slide(slide: Slide, styles: dict, font: str, width: float, rtl: bool = False) -> list:
    para = partial(_paragraph, rtl=rtl)
    table = partial(_grid, styles=styles, rtl=rtl)
    chart = partial(_drawing, font=font, rtl=rtl)
    parts = [para(line, styles["line"], width) for line in slide.lines]
    parts.append(Spacer(1, 6))
    if slide.layout == "stacked":
        parts += [table(slide.table, width=width), Spacer(1, 8), chart(slide.chart, width=width * 0.8, height=210)]
    elif slide.layout == "side":
        table_width = width * TABLE_SHARE
        cells = [table(slide.table, width=table_width - 10), chart(slide.chart, width=width - table_width, height=300)]
        widths = [table_width, width - table_width]
        grid = Grid([cells[::-1] if rtl else cells], colWidths=widths[::-1] if rtl else widths)
        grid.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
        parts.append(grid)
    elif slide.chart:
        parts.append(chart(slide.chart, width=width, height=330))
    elif slide.table:
        parts.append(table(slide.table, width=width))
    # one page per slide, as in the PowerPoint: a long slide is shrunk to fit, never split
    body = KeepInFrame(width, HEIGHT - 70, parts, mode="shrink")
    return [para(slide.title, styles["title"], width), body, Spacer(1, 6), para(footer(slide.sources), styles["footer"], width)]


def _grid(table: Table, styles: dict, width: float, rtl: bool = False) -> Grid:
    """The table; right to left, its first column on the right."""
    text = table.text
    widths = [width * share for share in column_shares(text)]
    rows = [[_paragraph(str(c), styles["head"], w - 4, rtl) for c, w in zip(text.columns, widths)]]
    rows += [[_paragraph(str(v), styles["cell"], w - 4, rtl) for v, w in zip(row, widths)] for row in text.itertuples(index=False)]
    if rtl:
        rows, widths = [row[::-1] for row in rows], widths[::-1]
    grid = Grid(rows, colWidths=widths, repeatRows=1)
    grid.setStyle(TableStyle([
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#E8EEF4")), ("GRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#BBBBBB")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"), ("TOPPADDING", (0, 0), (-1, -1), 1.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5)]))
    return grid


def _drawing(chart: Chart, font: str, width: float, height: float, rtl: bool = False) -> Drawing:
    """A vector chart: bars or lines, a legend, the unit as the value axis' title; a None is a gap.
    Right to left, its texts are shaped and ordered for display (DejaVu Sans has the joined Arabic forms)
    and the title sits on the right; the axes keep their direction (a time axis runs left to right)."""
    shown = visual if rtl else str
    drawing = Drawing(width, height)
    drawing.add(String(width if rtl else 0, height - 14, shown(chart.title), fontName=font, fontSize=11,
                       textAnchor="end" if rtl else "start"))
    values = [[v for v in series] for series in chart.series.values()]
    horizontal = chart.kind == "bar"
    plot = {"column": VerticalBarChart, "bar": HorizontalBarChart, "line": HorizontalLineChart}[chart.kind]()
    label_room = 170 if horizontal else 0
    plot.x, plot.y = 40 + label_room, 70
    plot.width, plot.height = width - plot.x - 15, height - plot.y - 40
    plot.data = values
    plot.categoryAxis.categoryNames = [shown(_short(c, 40 if horizontal else 22)) for c in chart.categories]
    plot.categoryAxis.labels.fontName = plot.valueAxis.labels.fontName = font
    plot.categoryAxis.labels.fontSize = plot.valueAxis.labels.fontSize = 7
    plot.categoryAxis.joinAxisMode = "left" if horizontal else "bottom"  # labels at the edge, not at zero
    if horizontal:
        plot.categoryAxis.reverseDirection = 1
        plot.categoryAxis.labels.boxAnchor = "e"
    elif chart.kind == "column":
        plot.categoryAxis.labels.angle, plot.categoryAxis.labels.boxAnchor = 30, "ne"
    known = [v for series in values for v in series if v is not None]
    if known:
        plot.valueAxis.valueMin = min(0, min(known))
        plot.valueAxis.valueMax = max(0, max(known)) * 1.05 or 1
    plot.valueAxis.labelTextFormat = lambda value: f"{value:,.{chart.decimals}f}"
    for number in range(len(values)):
        colour = colors.HexColor(SERIES_COLOURS[number % len(SERIES_COLOURS)])
        if chart.kind == "line":
            plot.lines[number].strokeColor = colour
            plot.lines[number].strokeWidth = 1.5
        else:
            plot.bars[number].fillColor = colour
            plot.bars[number].strokeColor = None
    drawing.add(plot)
    drawing.add(String(plot.x, 8 if horizontal else 4, shown(chart.unit), fontName=font, fontSize=8) if horizontal
                else String(0, height - 28, shown(chart.unit), fontName=font, fontSize=8))
    if len(chart.series) > 1:
        legend = Legend()
        legend.x, legend.y = plot.x, 42 if horizontal else 26
        legend.fontName, legend.fontSize, legend.alignment = font, 8, "right"
        legend.columnMaximum, legend.dx, legend.dy, legend.deltay = len(chart.series), 8, 8, 10
        legend.colorNamePairs = [(colors.HexColor(SERIES_COLOURS[i % len(SERIES_COLOURS)]), shown(name)) for i, name in enumerate(chart.series)]
        drawing.add(legend)
    return drawing


def _short(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"
