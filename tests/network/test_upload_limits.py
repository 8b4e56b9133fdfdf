"""Upload limits before the upload: Streamlit's own limit matches PESNET_UPLOAD_MAX_BYTES, and a workbook
is read only as far as its declared or counted size stays within the limits.

Before: a 50 MB file was refused only after Streamlit had taken it whole (server.maxUploadSize was
Streamlit's 200 MB), and a padded XLSX that passed the compression-ratio check was parsed for 21 s at
185 MB before being refused for its rows.
"""

from __future__ import annotations

import io
import re
import tomllib
import zipfile

import openpyxl
import pytest
from streamlit import config
from streamlit.testing.v1 import AppTest

import settings
from pipelines import registration
from pipelines.ingest import load_reference
from pipelines.registration import Limits, read_and_check


@pytest.fixture(scope="module")
def reference():
    return load_reference(settings.ROOT / "data")


def workbook(rows: list[list], dimension: str | None = None) -> bytes:
    """An XLSX of these rows; `dimension` rewrites the sheet's declared <dimension ref> (a lying or padded one)."""
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    if dimension is None:
        return buffer.getvalue()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rb'<dimension ref="[^"]*"/>', f'<dimension ref="{dimension}"/>'.encode(), data)
            target.writestr(item, data)
    return out.getvalue()


@pytest.fixture
def cells_read(monkeypatch):
    """How many cells the reader turned into text: 0 means the sheet was refused before its rows were parsed."""
    count = [0]
    real = registration._cell_text

    def counting(value):
        count[0] += 1
        return real(value)

    monkeypatch.setattr(registration, "_cell_text", counting)
    return count


HEADER = ["name", "email", "country"]


def test_a_sheet_declaring_too_many_rows_is_refused_before_any_row_is_read(reference, cells_read):
    content = workbook([HEADER, ["A", "a@example.org", "Oman"]], dimension="A1:C60000")
    preview = read_and_check(content, "list.xlsx", reference.resolver, names=reference.names, members=reference.members,
                             limits=Limits(max_rows=1000))
    assert [error.message for error in preview.errors] == ["the sheet declares 60,000 rows; the limit is 1,000 (split it)"]
    assert cells_read[0] == 0


def test_a_sheet_declaring_too_many_columns_is_refused_before_any_row_is_read(reference, cells_read):
    content = workbook([HEADER, ["A", "a@example.org", "Oman"]], dimension="A1:XFD2")
    preview = read_and_check(content, "list.xlsx", reference.resolver, names=reference.names, members=reference.members)
    assert "declares 16,384 columns" in preview.errors[0].message and cells_read[0] == 0


def test_a_sheet_that_lies_about_its_rows_is_stopped_at_the_limit(reference, cells_read):
    rows = [HEADER] + [[f"P{n}", f"p{n}@example.org", "Oman"] for n in range(400)]
    content = workbook(rows, dimension="A1:C2")
    preview = read_and_check(content, "list.xlsx", reference.resolver, names=reference.names, members=reference.members,
                             limits=Limits(max_rows=100))
    assert "more than 100 rows" in preview.errors[0].message
    assert cells_read[0] <= (100 + registration.HEADER_SEARCH_ROWS + 1) * 3  # stopped there, not at row 401


def without_dimension(content: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item)
            target.writestr(item, re.sub(rb'<dimension ref="[^"]*"/>', b"", data) if item.filename.endswith("sheet1.xml") else data)
    return out.getvalue()


@pytest.mark.parametrize("strip", [False, True], ids=["lying dimension", "no dimension"])
def test_padding_far_to_the_right_is_never_read(reference, cells_read, strip):
    """A cell at column 4,004 would make every row 4,004 cells wide: rows are cut at the declared width (or 200)."""
    content = workbook([HEADER, ["A", "a@example.org", "Oman"] + [None] * 4000 + ["padding"]], dimension="A1:C2")
    preview = read_and_check(without_dimension(content) if strip else content, "list.xlsx", reference.resolver,
                             names=reference.names, members=reference.members)
    assert preview.ok and len(preview.valid) == 1
    assert cells_read[0] <= 6


def test_a_sheet_wider_than_the_limit_is_refused(reference, cells_read):
    content = without_dimension(workbook([HEADER + [f"c{n}" for n in range(300)]]))
    preview = read_and_check(content, "list.xlsx", reference.resolver, names=reference.names, members=reference.members)
    assert f"row 1 has a cell beyond column {registration.MAX_COLUMNS}" in preview.errors[0].message
    assert cells_read[0] == 0


def with_shared_strings(content: bytes) -> bytes:
    """The workbook with its inline strings moved to one shared-string table (as Excel writes them):
    a text repeated in many cells is then stored once, and unpacks small."""
    strings: list[str] = []

    def shared(match: re.Match) -> bytes:
        text = match.group(2).decode()
        if text not in strings:
            strings.append(text)
        return match.group(1) + b' t="s"><v>' + str(strings.index(text)).encode() + b"</v></c>"

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rb'(<c r="[A-Z]+\d+") t="inlineStr"><is><t>([^<]*)</t></is></c>', shared, data)
            elif item.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                                    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
            elif item.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(b"</Relationships>", b'<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/'
                                    b'officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>')
            target.writestr(item, data)
        items = "".join(f"<si><t>{text}</t></si>" for text in strings)
        target.writestr("xl/sharedStrings.xml", '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/'
                                                f'spreadsheetml/2006/main" count="{len(strings)}" uniqueCount="{len(strings)}">{items}</sst>')
    return out.getvalue()


def test_text_counted_past_the_size_limit_stops_the_reading(reference, cells_read):
    """A small file of one long shared string repeated: small compressed and unpacked, large once read."""
    long = "x" * 5000
    rows = [HEADER] + [[long, "a@example.org", "Oman"] for _ in range(300)]
    content = with_shared_strings(workbook(rows))
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert sum(info.file_size for info in archive.infolist()) < 200_000  # passes the archive's checks
    preview = read_and_check(content, "list.xlsx", reference.resolver, names=reference.names, members=reference.members,
                             limits=Limits(max_bytes=200_000))
    assert "holds more than" in preview.errors[0].message
    assert cells_read[0] < 300 * 3 / 2


def test_config_toml_matches_the_default_upload_limit(monkeypatch):
    monkeypatch.delenv("PESNET_UPLOAD_MAX_BYTES", raising=False)
    shipped = tomllib.loads((settings.ROOT / ".streamlit" / "config.toml").read_text())["server"]["maxUploadSize"]
    assert shipped * 1024 * 1024 == settings.upload_max_bytes()
    assert shipped == settings.upload_max_megabytes()


def test_the_app_sets_streamlits_limit_from_the_setting(site, monkeypatch):
    before = config.get_option("server.maxUploadSize")
    monkeypatch.setenv("PESNET_UPLOAD_MAX_BYTES", str(3 * 1024 * 1024 + 1))
    try:
        app = AppTest.from_file(str(settings.ROOT / "dashboard.py"), default_timeout=90).run()
        assert not app.exception
        assert config.get_option("server.maxUploadSize") == 4  # MB, rounded up: a file at the limit still arrives
    finally:
        config.set_option("server.maxUploadSize", before)
