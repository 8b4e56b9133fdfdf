"""Writes the upload corpus of tests/data/uploads (run once; the files are checked in).

Synthetic test input only: every name is "Test Participant N" and every address is at
example.org. Each bad file holds one kind of damage that a real export can have; the table of
expected messages is in tests/network/test_bad_uploads.py.

    python -m tests.network.make_upload_corpus
"""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl

OUT = Path(__file__).resolve().parent.parent / "data" / "uploads"
HEADER = "name,email,country,institution,position,sex,attended"


def person(n: int, country: str, institution: str = "Public Employment Agency", sex: str = "female", attended: str = "yes") -> str:
    return f"Test Participant {n},participant{n}@example.org,{country},{institution},Expert,{sex},{attended}"


def lines(*rows: str) -> bytes:
    return ("\n".join(rows) + "\n").encode("utf-8")


GOOD = lines(HEADER, person(1, "Turkey"), person(2, "Türkiye", sex="male"), person(3, "Republic of Türkiye"),
             person(4, "Cote d'Ivoire"), person(5, "Kyrgyz Republic", sex="male"), person(6, "الأردن"),
             person(7, "Maroc", sex="male"), person(8, "Égypte"), person(9, "Indonesia", attended="no"))

CORPUS: dict[str, bytes] = {
    "good/attendance_list.csv": GOOD,
    # a realistic list with some bad rows: what the browser journey uploads
    "good/attendance_with_bad_rows.csv": lines(
        HEADER, person(11, "Turkey"), person(12, "Cote d'Ivoire", sex="male"), person(13, "Atlantis"),
        person(14, "Kyrgyz Republic"), "Test Participant 15,not-an-email,Morocco,ANAPEC,Expert,male,yes",
        person(16, "Senegal", institution="=HYPERLINK(\"http://x\")"), person(11, "Turkey"), person(17, "Jordan", sex="male")),
    "good/counts_by_country.csv": lines("country,institution,sex,participants", "Jordan,Ministry of Labour,female,3",
                                        "Jordan,Ministry of Labour,male,4", "Iraq,,,2", "Tunisia,ANETI,,"),
    "bad/empty.csv": b"",
    "bad/only_blank_cells.csv": b" , , \n\n,,\n",
    "bad/header_only.csv": lines(HEADER),
    "bad/missing_country_column.csv": lines("name,email,institution", "Test Participant 1,participant1@example.org,Agency"),
    "bad/missing_name_column.csv": lines("email,country,institution", "participant1@example.org,Jordan,Agency"),
    "bad/duplicate_columns.csv": lines("name,Email,E-mail,country", "Test Participant 1,a@example.org,b@example.org,Jordan"),
    "bad/unknown_country.csv": lines(HEADER, person(1, "Jordan"), person(2, "Atlantis"), person(3, ""), person(4, "Narnia")),
    "bad/region_not_country.csv": lines(HEADER, person(1, "Jordan"), person(2, "World"), person(3, "Arab States")),
    "bad/bad_dates.csv": lines("name,country,registration date", "Test Participant 1,Jordan,2024-02-12",
                               "Test Participant 2,Jordan,2024-02-30", "Test Participant 3,Jordan,03/04/2024",
                               "Test Participant 4,Jordan,yesterday", "Test Participant 5,Jordan,1899-01-01"),
    "bad/duplicate_person.csv": lines(HEADER, person(1, "Jordan"), person(2, "Oman"), person(1, "Jordan"),
                                      "Test Participant 9,,Iraq,Agency,Expert,male,yes", "test participant 9,,Iraq,Agency,Expert,male,yes"),
    "bad/negative_count.csv": lines("country,participants", "Jordan,5", "Iraq,-3"),
    "bad/non_numeric_count.csv": lines("country,participants", "Jordan,5", "Iraq,ten", "Oman,3.5"),
    "bad/windows_1252.csv": ("\n".join([HEADER, person(1, "Côte d'Ivoire"), person(2, "Türkiye")]) + "\n").encode("cp1252"),
    "bad/undecodable_bytes.csv": lines(HEADER, person(1, "Jordan"))[:-1] + b"\x81\x8d\x8f\x90\x9d\n",
    "bad/binary_nul_bytes.csv": b"name,country\n\x00\x01\x02\x00\xff\xfe\x00" * 20,
    "bad/semicolon_delimiter.csv": lines(HEADER.replace(",", ";"), person(1, "Maroc").replace(",", ";"),
                                         person(2, "Sénégal", sex="male").replace(",", ";")),
    "bad/header_not_on_first_row.csv": lines("Meeting ID,Topic,Start Time", "812 345 678,OIC-PESNET webinar,2024-08-28 10:00",
                                             "", HEADER, person(1, "Oman"), person(2, "Qatar", sex="male")),
    "bad/formula_injection.csv": lines(HEADER, person(1, "Jordan"), person(2, "Jordan", institution="=cmd|' /C calc'!A0"),
                                       person(3, "Oman", institution="+1+1"), person(4, "Oman", institution="-2+3"),
                                       person(5, "Iraq", institution="@SUM(A1:A9)")),
    "bad/html_in_cells.csv": lines(HEADER, person(1, "Jordan"), person(2, "Jordan", institution="<script>alert(1)</script>"),
                                   "<b>Test Participant 3</b>,participant3@example.org,Oman,Agency,Expert,male,yes"),
    "bad/html_event_title.csv": GOOD,  # a clean list; the new event's title (given as an option) holds a script
    "bad/bad_sex_and_attended.csv": lines(HEADER, person(1, "Jordan"), person(2, "Jordan", sex="x"), person(3, "Oman", attended="maybe"),
                                          person(4, "Oman", attended="")),
    "bad/ragged_rows.csv": lines(HEADER, person(1, "Jordan"), person(2, "Jordan", institution="Ministry of Labour, Jordan")),
    "bad/truncated_quote.csv": lines(HEADER, person(1, "Jordan"))[:-1] + b'\n"Test Participant 2,participant2@example.org,Jordan',
    "bad/old_excel.xls": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504,
    "bad/not_a_workbook.xlsx": b"PK\x03\x04" + b"this is not a zip archive at all" * 4,
    "bad/a_pdf.pdf": b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n",
    "bad/over_size_limit.csv": lines(HEADER, *(person(n, "Jordan") for n in range(1, 80))),
}


def workbook_with_formulas() -> bytes:
    """An XLSX export with a title row, a formula cell and a second sheet."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Registrations"
    sheet.append(["OIC-PESNET training: registrations"])
    sheet.append(HEADER.split(","))
    sheet.append(["Test Participant 1", "participant1@example.org", "Kyrgyz Republic", "Agency", "Expert", "female", True])
    sheet.append(["Test Participant 2", "participant2@example.org", "Jordan", "=1+1", "Expert", "male", "yes"])
    book.create_sheet("Notes").append(["internal notes"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def main() -> None:
    for name, content in {**CORPUS, "bad/workbook_with_formula_and_title.xlsx": workbook_with_formulas()}.items():
        path = OUT / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    print(f"wrote {len(CORPUS) + 1} files under {OUT}")


if __name__ == "__main__":
    main()
