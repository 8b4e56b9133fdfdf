"""The briefing pack in French and Arabic: slide texts from the catalogues (locales/*.yml), country and
indicator names in the language (data/reference, data/indicators.i18n.yml), dates written for the
locale, right-to-left paragraphs and tables in the Arabic PowerPoint, and a PDF whose text holds the
meeting and the featured countries in the language, no page blank. Expected texts come from the
catalogue files and the reference tables, never from the generator."""

from __future__ import annotations

import io
import unicodedata

import pandas as pd
import pypdfium2 as pdfium
import pytest
import yaml
from pptx import Presentation

from lmi import i18n
from lmi.briefing import model, pdf, pptx
from lmi.briefing.__main__ import main
from tests.briefing.conftest import FEATURED
from tests.conftest import DATA_DIR

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
LANGUAGES = ["fr", "ar"]


def catalogue(language: str) -> dict:
    return yaml.safe_load((i18n.LOCALES_DIR / f"{language}.yml").read_text(encoding="utf-8"))


def member_name(iso3: str, language: str) -> str:
    members = pd.read_csv(DATA_DIR / "reference" / "oic_members.csv", dtype=str, keep_default_na=False).set_index("iso3")
    return members.loc[iso3, f"name_{language}"]


def indicator_title(code: str, language: str) -> str:
    return yaml.safe_load((DATA_DIR / "indicators.i18n.yml").read_text(encoding="utf-8"))[code][language]["title"]


@pytest.fixture(scope="module", params=LANGUAGES)
def pack(request, read, sql):
    with i18n.using(request.param):
        briefing = model.build(read, model.meeting_from_event(read, sql.latest_meeting()[0]), FEATURED)
    return request.param, briefing


def _deck_texts(deck) -> list[list[str]]:
    """Each slide's paragraphs (text boxes and table cells)."""
    slides = []
    for slide in deck.slides:
        texts = [paragraph.text for shape in slide.shapes if shape.has_text_frame for paragraph in shape.text_frame.paragraphs]
        texts += [cell.text for shape in slide.shapes if shape.has_table for row in shape.table.rows for cell in row.cells]
        slides.append(texts)
    return slides


def test_the_pack_remembers_its_language(pack):
    language, briefing = pack
    assert briefing.language == language


def test_slide_titles_and_names_are_in_the_language(pack):
    language, briefing = pack
    words = catalogue(language)
    deck = Presentation(io.BytesIO(pptx.render(briefing)))
    titles = [slide.shapes.title.text for slide in deck.slides]
    assert titles[0] == briefing.meeting.title  # an event's title as recorded
    assert words["Network activity since the previous meeting"] in titles
    assert words["OIC labour snapshot"] in titles
    assert words["What changed since the previous meeting"] in titles
    assert [member_name(code, language) for code in FEATURED] == titles[4:4 + len(FEATURED)]
    text = "\n".join("\n".join(slide) for slide in _deck_texts(deck))
    assert indicator_title("SL.UEM.TOTL.ZS", language) in text
    assert words["Indicator"] in text and words["Sources: {sources}"].split("{")[0].strip() in text
    assert "Sources:" not in text and "Period covered" not in text  # no English left in the slides' own texts


def test_dates_are_written_for_the_locale(pack):
    language, briefing = pack
    month = {"fr": "février", "ar": "فبراير"}[language]  # the latest meeting on record is in February (data/network)
    assert briefing.meeting.date.month == 2
    assert month in briefing.slides[0].lines[0]


def test_arabic_powerpoint_reads_right_to_left(read, sql):
    with i18n.using("ar"):
        briefing = model.build(read, model.meeting_from_event(read, sql.latest_meeting()[0]), FEATURED)
    deck = Presentation(io.BytesIO(pptx.render(briefing)))
    paragraphs = tables = 0
    for slide in deck.slides:
        for shape in slide.shapes:
            frames = [shape.text_frame] if shape.has_text_frame else []
            if shape.has_table:
                assert shape.table._tbl.tblPr.get("rtl") == "1", "a table laid out left to right"
                tables += 1
                frames += [cell.text_frame for row in shape.table.rows for cell in row.cells]
            for frame in frames:
                for paragraph in frame.paragraphs:
                    p_pr = paragraph._p.find(f"{A}pPr")
                    assert p_pr is not None and p_pr.get("rtl") == "1", f"left-to-right paragraph: {paragraph.text!r}"
                    assert p_pr.get("algn") == "r"
                    paragraphs += 1
    assert paragraphs > 20 and tables >= 4


def test_french_powerpoint_stays_left_to_right(read, sql):
    with i18n.using("fr"):
        briefing = model.build(read, model.meeting_from_event(read, sql.latest_meeting()[0]), FEATURED)
    deck = Presentation(io.BytesIO(pptx.render(briefing)))
    assert not any(p.get("rtl") == "1" for slide in deck.slides for p in slide.shapes._spTree.iter(f"{A}pPr"))


def _pdf_pages(document: bytes):
    for page in pdfium.PdfDocument(document):
        image = page.render(scale=100 / 72).to_pil().convert("L")
        yield image, unicodedata.normalize("NFKC", page.get_textpage().get_text_range())


def test_pdf_is_in_the_language_and_no_page_is_blank(pack, artifacts):
    language, briefing = pack
    texts = []
    for number, (image, text) in enumerate(_pdf_pages(pdf.render(briefing)), start=1):
        assert sum(image.histogram()[:200]) > 0.002 * image.width * image.height, f"page {number} is blank"
        texts.append(" ".join(text.split()))
        if number in (1, 5):
            image.save(artifacts / f"briefing-pdf-{language}-page{number}.png")
    assert len(texts) == len(briefing.slides)
    assert briefing.meeting.title in texts[0]
    everything = " ".join(texts)
    for code in FEATURED:
        assert member_name(code, language) in everything
    assert catalogue(language)["OIC labour snapshot"] in everything


def test_cli_writes_the_pack_in_arabic(built_warehouse, tmp_path, sql, capsys):
    code = main(["--meeting", sql.latest_meeting()[0], "--countries", "JOR", "--lang", "ar", "--warehouse", str(built_warehouse),
                 "--out", str(tmp_path / "b.pptx"), "--pdf", str(tmp_path / "b.pdf")])
    assert code == 0, capsys.readouterr().err
    deck = Presentation(str(tmp_path / "b.pptx"))
    assert member_name("JOR", "ar") in [slide.shapes.title.text for slide in deck.slides]
    assert (tmp_path / "b.pdf").read_bytes().startswith(b"%PDF")


def test_cli_refuses_an_unknown_language(built_warehouse, tmp_path, sql, capsys):
    with pytest.raises(SystemExit):
        main(["--meeting", sql.latest_meeting()[0], "--lang", "de", "--out", str(tmp_path / "b.pptx")])
    assert "--lang" in capsys.readouterr().err
