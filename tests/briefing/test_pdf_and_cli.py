"""The PDF renders page by page (none blank) and holds the meeting and the featured countries as
text; the command line writes both files and refuses an unknown meeting, country or template."""

from __future__ import annotations

import pypdfium2 as pdfium
import pytest
from pptx import Presentation

from lmi.briefing import pdf
from lmi.briefing.__main__ import main
from tests.briefing.conftest import FEATURED


def _pages(document: bytes):
    pdf_file = pdfium.PdfDocument(document)
    for page in pdf_file:
        yield page.render(scale=150 / 72).to_pil().convert("L"), page.get_textpage().get_text_range()


def test_pdf_pages_are_drawn_and_hold_the_meeting_and_the_countries(briefing, sql, artifacts):
    document = pdf.render(briefing)
    texts = []
    for number, (image, text) in enumerate(_pages(document), start=1):
        ink = sum(image.histogram()[:200])  # pixels darker than the paper
        assert ink > 0.002 * image.width * image.height, f"page {number} is blank"
        texts.append(" ".join(text.split()))
        if number in (1, 4):
            image.save(artifacts / f"briefing-pdf-page{number}.png")
    assert len(texts) == len(briefing.slides)  # one page per slide
    assert briefing.meeting.title in texts[0]
    for code in FEATURED:
        assert sql.name(code) in " ".join(texts)
    assert all("Sources:" in text for text in texts)


def test_cli_writes_both_files(built_warehouse, tmp_path, sql, capsys):
    event_id = sql.latest_meeting()[0]
    code = main(["--meeting", event_id, "--countries", "JOR,TUR", "--warehouse", str(built_warehouse),
                 "--out", str(tmp_path / "b.pptx"), "--pdf", str(tmp_path / "b.pdf")])
    assert code == 0
    assert len(Presentation(tmp_path / "b.pptx").slides) == 8
    assert len(pdfium.PdfDocument(tmp_path / "b.pdf")) == 8
    assert "wrote" in capsys.readouterr().out


@pytest.mark.parametrize("args, message", [
    (["--meeting", "pesnet-m9-2031"], "unknown meeting 'pesnet-m9-2031'"),
    (["--meeting", "pesnet-m4-2024", "--countries", "JOR,ZZZ"], "unknown member state ZZZ"),
    (["--meeting", "pesnet-m4-2024", "--template", "missing.pptx"], "template missing.pptx not found"),
])
def test_cli_refuses_what_it_cannot_use(built_warehouse, tmp_path, capsys, args, message):
    out = tmp_path / "b.pptx"
    assert main([*args, "--warehouse", str(built_warehouse), "--out", str(out)]) == 2
    assert message in capsys.readouterr().err
    assert not out.exists()


def test_cli_says_when_the_warehouse_is_missing(tmp_path, capsys):
    assert main(["--meeting", "pesnet-m4-2024", "--warehouse", str(tmp_path / "none.duckdb"), "--out", str(tmp_path / "b.pptx")]) == 1
    assert "no warehouse" in capsys.readouterr().err

