"""The briefing as a PDF: the same slides, one landscape page each, drawn with reportlab.

Why reportlab: its charts (reportlab.graphics) are vector drawings placed straight into the PDF, so
the charts stay sharp at any zoom and their labels are selectable text, with no browser to start
(kaleido would need Chromium for every chart and makes the pack several seconds slower); its
platypus tables wrap long cells. Text is set in DejaVu Sans where the system has it (for names
such as Türkiye's İŞKUR), else in Helvetica.
"""

from __future__ import annotations

import io
from pathlib import Path

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import KeepInFrame, PageBreak, Paragraph, SimpleDocTemplate, Spacer
from reportlab.platypus import Table as Grid
from reportlab.platypus import TableStyle
from xml.sax.saxutils import escape

from lmi.briefing.model import Briefing, Slide, column_shares, footer
from lmi.models import Chart, Table

#: share of the width the table takes beside a chart
TABLE_SHARE = 0.56
#: the height of a page's frame (landscape A4 less the margins), in points
HEIGHT = landscape(A4)[1] - 2.7 * cm

#: Okabe-Ito, as the dashboard's charts (lmi.charts)
SERIES_COLOURS = ["#0072B2", "#D55E00", "#000000", "#009E73", "#56B4E9", "#E69F00"]
FONTS = Path("/usr/share/fonts/truetype/dejavu")


def _font() -> tuple[str, str]:
    regular, bold = FONTS / "DejaVuSans.ttf", FONTS / "DejaVuSans-Bold.ttf"
    if not (regular.exists() and bold.exists()):
        return "Helvetica", "Helvetica-Bold"
    if "DejaVuSans" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("DejaVuSans", str(regular)))
        pdfmetrics.registerFont(TTFont("DejaVuSans-Bold", str(bold)))
    return "DejaVuSans", "DejaVuSans-Bold"


def render(briefing: Briefing) -> bytes:
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
        story += _slide(slide, styles, regular, width)

    def on_page(canvas, document):
        canvas.setFont(regular, 7)
        canvas.setFillColor(colors.HexColor("#595959"))
        canvas.drawString(1.5 * cm, 0.8 * cm, f"{briefing.meeting.title} · {document.page}")

    doc.build(story, onFirstPage=on_page, onLaterPages=on_page)
    return out.getvalue()


def _slide(slide: Slide, styles: dict, font: str, width: float) -> list:
    parts = [Paragraph(escape(line), styles["line"]) for line in slide.lines]
    parts.append(Spacer(1, 6))
    if slide.layout == "stacked":
        parts += [_table(slide.table, styles, width), Spacer(1, 8), _chart(slide.chart, font, width * 0.8, 210)]
    elif slide.layout == "side":
        table_width = width * TABLE_SHARE
        grid = Grid([[_table(slide.table, styles, table_width - 10), _chart(slide.chart, font, width - table_width, 300)]],
                    colWidths=[table_width, width - table_width])
        grid.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
        parts.append(grid)
    elif slide.chart:
        parts.append(_chart(slide.chart, font, width, 330))
    elif slide.table:
        parts.append(_table(slide.table, styles, width))
    # one page per slide, as in the PowerPoint: a long slide is shrunk to fit, never split
    body = KeepInFrame(width, HEIGHT - 70, parts, mode="shrink")
    return [Paragraph(escape(slide.title), styles["title"]), body, Spacer(1, 6), Paragraph(escape(footer(slide.sources)), styles["footer"])]


def _table(table: Table, styles: dict, width: float) -> Grid:
    text = table.text
    rows = [[Paragraph(escape(str(c)), styles["head"]) for c in text.columns]]
    rows += [[Paragraph(escape(str(v)), styles["cell"]) for v in row] for row in text.itertuples(index=False)]
    grid = Grid(rows, colWidths=[width * share for share in column_shares(text)], repeatRows=1)
    grid.setStyle(TableStyle([
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#E8EEF4")), ("GRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#BBBBBB")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"), ("TOPPADDING", (0, 0), (-1, -1), 1.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5)]))
    return grid


def _chart(chart: Chart, font: str, width: float, height: float) -> Drawing:
    """A vector chart: bars or lines, a legend, the unit as the value axis' title; a None is a gap."""
    drawing = Drawing(width, height)
    drawing.add(String(0, height - 14, chart.title, fontName=font, fontSize=11))
    values = [[v for v in series] for series in chart.series.values()]
    horizontal = chart.kind == "bar"
    plot = {"column": VerticalBarChart, "bar": HorizontalBarChart, "line": HorizontalLineChart}[chart.kind]()
    label_room = 170 if horizontal else 0
    plot.x, plot.y = 40 + label_room, 70
    plot.width, plot.height = width - plot.x - 15, height - plot.y - 40
    plot.data = values
    plot.categoryAxis.categoryNames = [_short(c, 40 if horizontal else 22) for c in chart.categories]
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
    drawing.add(String(plot.x, 8 if horizontal else 4, chart.unit, fontName=font, fontSize=8) if horizontal
                else String(0, height - 28, chart.unit, fontName=font, fontSize=8))
    if len(chart.series) > 1:
        legend = Legend()
        legend.x, legend.y = plot.x, 42 if horizontal else 26
        legend.fontName, legend.fontSize, legend.alignment = font, 8, "right"
        legend.columnMaximum, legend.dx, legend.dy, legend.deltay = len(chart.series), 8, 8, 10
        legend.colorNamePairs = [(colors.HexColor(SERIES_COLOURS[i % len(SERIES_COLOURS)]), name) for i, name in enumerate(chart.series)]
        drawing.add(legend)
    return drawing


def _short(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"
