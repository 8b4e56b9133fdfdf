"""The briefing as an editable PowerPoint: native chart objects (never pictures), native tables, and
each slide's sources in a footer and, in full, in its notes.

A clean default template (python-pptx's own, at 16:9), or the secretariat's `.pptx`: its masters,
layouts, colours and fonts are kept, its sample slides removed, and the content placed in the
area its layouts leave below the title.
"""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path
from typing import BinaryIO

from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION, XL_TICK_LABEL_POSITION
from pptx.enum.lang import MSO_LANGUAGE_ID
from pptx.enum.text import PP_ALIGN
from pptx.util import Emu, Inches, Pt

from lmi import i18n
from lmi.briefing.model import Briefing, BriefingError, Slide, column_shares, footer
from lmi.i18n import t
from lmi.models import Chart, Table

CHART_TYPES = {"column": XL_CHART_TYPE.COLUMN_CLUSTERED, "bar": XL_CHART_TYPE.BAR_CLUSTERED, "line": XL_CHART_TYPE.LINE_MARKERS}
GREY = RGBColor(0x59, 0x59, 0x59)
MARGIN = Inches(0.5)


def render(briefing: Briefing, template: Path | BinaryIO | None = None) -> bytes:
    """The pack as .pptx bytes, in the language the briefing was built in (right to left in Arabic)."""
    deck = _open(template)
    title_layout, content_layout = _layouts(deck)
    with i18n.using(briefing.language):
        for number, slide in enumerate(_fitted(briefing.slides, deck.slide_width)):
            page = deck.slides.add_slide(title_layout if number == 0 else content_layout)
            _fill(deck, page, slide, title_slide=number == 0, place_title=template is None)
            if i18n.direction() == "rtl":
                right_to_left(page)
    out = io.BytesIO()
    deck.save(out)
    return out.getvalue()


def _open(template: Path | BinaryIO | None):
    if template is None:
        deck = Presentation()
        deck.slide_width, deck.slide_height = Inches(13.333), Inches(7.5)
        return deck
    if not hasattr(template, "read"):
        template = Path(template)
        if not template.is_file():
            raise BriefingError(f"template {template} not found")
    try:
        deck = Presentation(template if hasattr(template, "read") else str(template))
    except Exception as err:  # python-pptx raises several types for a file that is not a presentation
        raise BriefingError(f"template {getattr(template, 'name', 'uploaded')} is not a PowerPoint file (.pptx): {err}") from err
    for slide_id in list(deck.slides._sldIdLst):  # NOTE: python-pptx has no delete; drop the template's own slides
        deck.part.drop_rel(slide_id.rId)
        deck.slides._sldIdLst.remove(slide_id)
    return deck


def _layouts(deck):
    layouts = list(deck.slide_layouts)
    by_name = {layout.name: layout for layout in layouts}
    title = by_name.get("Title Slide", layouts[0])
    content = by_name.get("Title Only") or min(
        (layout for layout in layouts if any(p.placeholder_format.type in (1, 3) for p in layout.placeholders)),
        key=lambda layout: len(layout.placeholders), default=layouts[-1])
    return title, content


def _fitted(slides: list[Slide], width) -> list[Slide]:
    """On a narrower slide than widescreen (a 4:3 template), a table and its chart do not fit side by
    side: the chart follows on a slide of its own, with the same title and sources."""
    if width >= Inches(12):
        return slides
    out = []
    for slide in slides:
        if slide.chart and slide.table:
            out += [replace(slide, chart=None), replace(slide, title=t("{title} (chart)", title=slide.title), lines=[], table=None)]
        else:
            out.append(slide)
    return out


def _fill(deck, page, slide: Slide, title_slide: bool, place_title: bool) -> None:
    width, height = deck.slide_width, deck.slide_height
    title = page.shapes.title
    if title is None:
        title = page.shapes.add_textbox(MARGIN, MARGIN, width - 2 * MARGIN, Inches(1))
    title.text_frame.text = slide.title
    for placeholder in list(page.placeholders):  # unused body placeholders would show "Click to add text"
        if placeholder.placeholder_format.idx != 0:
            placeholder._element.getparent().remove(placeholder._element)
    if place_title:  # the default template's layouts are 4:3; a secretariat's template keeps its own places
        title.left, title.width = MARGIN, width - 2 * MARGIN
        title.top, title.height = (Inches(1.6), Inches(2.2)) if title_slide else (Inches(0.3), Inches(0.9))
        for paragraph in title.text_frame.paragraphs:
            paragraph.font.size = Pt(40 if title_slide else 28)
    top = (title.top + title.height + Inches(0.15)) if not title_slide else max(title.top + title.height + Inches(0.2), int(height * 0.5))
    bottom = height - Inches(0.7)
    top = _lines(page, slide.lines, MARGIN, top, width - 2 * MARGIN, 12 if not title_slide else 16)
    _body(page, slide, MARGIN, top, width - 2 * MARGIN, bottom - top)
    _footer(page, slide, width, height)


def _lines(page, lines: list[str], left, top, width, size: int):
    if not lines:
        return top
    chars = int(width / Emu(Pt(size * 0.5)))  # rough characters per line
    rows = sum(1 + len(line) // max(chars, 1) for line in lines)
    box = page.shapes.add_textbox(left, top, width, Pt(size * 1.35 * rows + 8))
    frame = box.text_frame
    frame.word_wrap = True
    for number, line in enumerate(lines):
        paragraph = frame.paragraphs[0] if number == 0 else frame.add_paragraph()
        paragraph.text = line
        paragraph.font.size = Pt(size)
    return top + box.height + Inches(0.1)


def _body(page, slide: Slide, left, top, width, height) -> None:
    if slide.chart and slide.table:  # a widescreen slide has room for a wide table beside its chart
        table_width = int(width * 0.58)
        _table(page, slide.table, left, top, table_width, height)
        _chart(page, slide.chart, left + table_width + Inches(0.2), top, width - table_width - Inches(0.2), height)
    elif slide.chart:
        _chart(page, slide.chart, left, top, width, height)
    elif slide.table:
        _table(page, slide.table, left, top, width, height)


def _chart(page, chart: Chart, left, top, width, height) -> None:
    data = CategoryChartData(number_format=f"#,##0{'.' + '0' * chart.decimals if chart.decimals else ''}")
    data.categories = chart.categories
    for name, values in chart.series.items():
        data.add_series(name, values)
    frame = page.shapes.add_chart(CHART_TYPES[chart.kind], left, top, width, height, data)
    graphic = frame.chart
    graphic.has_title = True
    graphic.chart_title.text_frame.text = chart.title
    graphic.chart_title.text_frame.paragraphs[0].font.size = Pt(14)
    graphic.has_legend = len(chart.series) > 1
    if graphic.has_legend:
        graphic.legend.position = XL_LEGEND_POSITION.BOTTOM
        graphic.legend.include_in_layout = False
        graphic.legend.font.size = Pt(10)
    axis = graphic.value_axis
    axis.has_title = True
    axis.axis_title.text_frame.text = chart.unit
    axis.axis_title.text_frame.paragraphs[0].font.size = Pt(10)
    axis.tick_labels.font.size = Pt(10)
    graphic.category_axis.tick_labels.font.size = Pt(9 if chart.kind == "bar" else 10)
    graphic.category_axis.tick_label_position = XL_TICK_LABEL_POSITION.LOW  # at the edge, clear of negative bars
    if chart.kind == "bar":
        graphic.category_axis.reverse_order = True  # first category on top, as in the table


def _table(page, table: Table, left, top, width, height) -> int:
    text = table.text
    rows, cols = len(text) + 1, len(text.columns)
    row_height = min(Inches(0.28), int(height / max(rows, 1)))
    shape = page.shapes.add_table(rows, cols, left, top, width, row_height * rows)
    grid = shape.table
    for i, share in enumerate(column_shares(text)):
        grid.columns[i].width = int(width * share)
    size = Pt(10 if rows <= 8 else 9 if rows <= 14 else 8)
    for j, column in enumerate(text.columns):
        _cell(grid.cell(0, j), str(column), size, bold=True)
    for i, row in enumerate(text.itertuples(index=False), start=1):
        for j, value in enumerate(row):
            _cell(grid.cell(i, j), str(value), size)
        grid.rows[i].height = row_height
    grid.rows[0].height = row_height
    return row_height * rows


def _cell(cell, text: str, size, bold: bool = False) -> None:
    cell.text = text
    cell.margin_top = cell.margin_bottom = Inches(0.03)
    for paragraph in cell.text_frame.paragraphs:
        paragraph.font.size = size
        paragraph.font.bold = bold


def _footer(page, slide: Slide, width, height) -> None:
    box = page.shapes.add_textbox(MARGIN, height - Inches(0.6), width - 2 * MARGIN, Inches(0.5))
    box.name = "Sources"
    frame = box.text_frame
    frame.word_wrap = True
    frame.text = footer(slide.sources)
    for paragraph in frame.paragraphs:
        paragraph.font.size = Pt(8)
        paragraph.font.color.rgb = GREY
    notes = [note for note in (slide.chart.notes if slide.chart else []) + (slide.table.notes if slide.table else [])]
    page.notes_slide.notes_text_frame.text = "\n".join([t("Sources and releases:"), *slide.sources, *([""] + notes if notes else [])])


def right_to_left(page) -> None:
    """Every paragraph of the slide (text boxes, table cells, notes) read right to left and aligned right,
    and every table's columns laid out from the right (DrawingML: rtl on a:pPr and on a:tblPr); runs marked as Arabic.
    Charts keep their axes: a time axis still runs left to right."""
    frames = []
    for shape in page.shapes:
        if shape.has_text_frame:
            frames.append(shape.text_frame)
        if getattr(shape, "has_table", False) and shape.has_table:
            shape.table._tbl.tblPr.set("rtl", "1")
            frames += [cell.text_frame for row in shape.table.rows for cell in row.cells]
    if page.has_notes_slide:
        frames.append(page.notes_slide.notes_text_frame)
    for frame in frames:
        for paragraph in frame.paragraphs:
            paragraph._p.get_or_add_pPr().set("rtl", "1")
            paragraph.alignment = PP_ALIGN.RIGHT
            for run in paragraph.runs:  # proofing and the complex-script font for Arabic
                run.font.language_id = MSO_LANGUAGE_ID.ARABIC
