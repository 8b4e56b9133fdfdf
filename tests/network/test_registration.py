"""Reading and checking an uploaded list (pipelines/registration.py): pure, table-driven."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from pipelines.ingest import load_reference
from pipelines.registration import Limits, parse_date, read_and_check
from tests.conftest import DATA_DIR

TODAY = dt.date(2026, 11, 22)


@pytest.fixture(scope="module")
def reference():
    return load_reference(DATA_DIR)


def check(reference, text: str, name: str = "list.csv", **options):
    return read_and_check(text.encode("utf-8") if isinstance(text, str) else text, name, reference.resolver,
                          names=reference.names, members=reference.members, today=TODAY, **options)


@pytest.mark.parametrize("written, iso3", [
    ("Turkey", "TUR"), ("Türkiye", "TUR"), ("Republic of Türkiye", "TUR"), ("Turquie", "TUR"), ("تركيا", "TUR"),
    ("Cote d'Ivoire", "CIV"), ("Côte d’Ivoire", "CIV"), ("Kyrgyz Republic", "KGZ"), ("Maroc", "MAR"),
    ("المغرب", "MAR"), ("Égypte", "EGY"), ("Egypt, Arab Rep.", "EGY"), ("  jordan ", "JOR"), ("Germany", "DEU"),
])
def test_country_names_are_matched_and_shown_for_confirmation(reference, written, iso3):
    preview = check(reference, f'name,country\nTest Participant 1,"{written}"\n')
    assert preview.valid["iso3"].tolist() == [iso3]
    match = preview.matches.iloc[0]
    assert (match["written"], match["iso3"], match["oic_member"]) == (written.strip(), iso3, iso3 != "DEU")


@pytest.mark.parametrize("text, expected", [
    ("2024-02-12", dt.date(2024, 2, 12)), ("2024-02-12 09:30", dt.date(2024, 2, 12)), ("2024-02-12T09:30:15", dt.date(2024, 2, 12)),
    ("12.02.2024", dt.date(2024, 2, 12)), ("28/02/2024", dt.date(2024, 2, 28)), ("02/28/2024", dt.date(2024, 2, 28)),
    ("05/05/2024", dt.date(2024, 5, 5)), ("2 June 2021", dt.date(2021, 6, 2)), ("June 2, 2021", dt.date(2021, 6, 2)),
    ("2 juin 2021", dt.date(2021, 6, 2)), ("3 févr. 2022", None),
])
def test_dates_as_forms_write_them(text, expected):
    assert parse_date(text, TODAY)[0] == expected


@pytest.mark.parametrize("text, message", [
    ("03/04/2024", "ambiguous"), ("2024-02-30", "not a date"), ("yesterday", "not a date"), ("1999-12-31", "not a plausible"),
    ("2031-01-01", "not a plausible"),
])
def test_bad_dates_are_refused_never_guessed(text, message):
    found, problem = parse_date(text, TODAY)
    assert found is None and message in problem


@pytest.mark.parametrize("sex, expected", [("F", "female"), ("Female", "female"), ("femme", "female"), ("أنثى", "female"),
                                           ("m", "male"), ("Homme", "male"), ("", "not_stated"), ("Prefer not to say", "not_stated")])
def test_sex_values(reference, sex, expected):
    assert check(reference, f"name,country,gender\nA,Jordan,{sex}\n").valid["sex"].tolist() == [expected]


def test_headers_in_french_and_arabic_in_any_order(reference):
    preview = check(reference, "Pays,Nom,Courriel,Sexe\nMaroc,Test Participant 1,p1@example.org,Femme\n")
    assert preview.ok and preview.columns == {"country": "Pays", "name": "Nom", "email": "Courriel", "sex": "Sexe"}
    arabic = check(reference, "الاسم,الدولة\nTest Participant 2,الأردن\n")
    assert arabic.valid["iso3"].tolist() == ["JOR"]


def test_first_and_last_name_columns_make_the_name(reference):
    preview = check(reference, "First name,Last name,Country\nTest,Participant,Oman\n")
    assert preview.valid["name"].tolist() == ["Test Participant"]


def test_counts_become_public_counts_by_country_and_sex(reference):
    preview = check(reference, "country,institution,sex,participants\nJordan,MoL,female,3\nJordan,MoL,male,4\nIraq,,,\n")
    counts = preview.public_counts("pesnet-m3-2021", reference.names, threshold=1)
    assert preview.shape == "counts" and preview.list_kind == "counts"
    rows = [[iso3, sex, None if pd.isna(attended) else attended] for iso3, sex, attended in counts[["iso3", "sex", "attended"]].values]
    assert rows == [["IRQ", "not_stated", None], ["JOR", "female", 3], ["JOR", "male", 4]]


def test_a_persons_list_becomes_counts_without_names(reference):
    preview = check(reference, "name,email,country,institution,sex,attended\n"
                               "Test Participant 1,p1@example.org,Turkey,ISKUR,female,yes\n"
                               "Test Participant 2,p2@example.org,Türkiye,ISKUR,female,no\n"
                               "Test Participant 3,p3@example.org,Oman,,male,yes\n")
    counts = preview.public_counts("pesnet-m3-2021", reference.names, threshold=1)
    assert counts.astype(object).to_dict("records") == [
        {"event_id": "pesnet-m3-2021", "iso3": "OMN", "country": "Oman", "institution": "", "sex": "male", "registered": 1, "attended": 1, "list_kind": "attendance"},
        {"event_id": "pesnet-m3-2021", "iso3": "TUR", "country": "Türkiye", "institution": "", "sex": "female", "registered": 2, "attended": 1, "list_kind": "attendance"},
    ]
    assert not {"name", "email"} & set(counts.columns)
    assert "Test Participant" not in counts.to_csv()


@pytest.mark.parametrize("list_kind, registered, attended", [("attendance", None, 2), ("registration", 2, None)])
def test_without_an_attended_column_the_list_kind_says_what_a_row_is(reference, list_kind, registered, attended):
    preview = check(reference, "name,country\nA,Oman\nB,Oman\n", list_kind=list_kind)
    row = preview.public_counts("e", reference.names, threshold=1).iloc[0]
    assert [None if pd.isna(v) else v for v in (row["registered"], row["attended"])] == [registered, attended]


def test_small_cells_are_published_as_fewer_than_the_threshold(reference):
    """Before: `pesnet-m2-2016, Jordan, Ministry of Labour, male, 1` was a public row; a person by elimination."""
    rows = "".join(f"P{n},p{n}@example.org,Jordan,Ministry of Labour,male,yes\n" for n in range(6))
    rows += "Q,q@example.org,Jordan,Ministry of Labour,female,yes\nR,r@example.org,Oman,ISKUR,male,no\n"
    preview = check(reference, "name,email,country,institution,sex,attended\n" + rows)
    counts = preview.public_counts("pesnet-m2-2016", reference.names)
    assert counts[["iso3", "sex", "registered", "attended"]].astype(object).values.tolist() == [
        ["JOR", "female", "<5", "<5"], ["JOR", "male", 6, 6], ["OMN", "male", "<5", 0]]
    assert set(counts["institution"]) == {""}  # never published: with a country and a sex it names people
    assert "<5" in counts.to_csv() and "Ministry of Labour" not in counts.to_csv()
    assert preview.public_counts("x", reference.names, threshold=10)["registered"].tolist() == ["<10", "<10", "<10"]


def test_a_person_already_loaded_for_the_event_is_not_counted_twice(reference):
    first = check(reference, "name,email,country\nA,a@example.org,Oman\n")
    known = {first.valid["person_key"].iloc[0]: "upload x, row 2"}
    again = check(reference, "name,email,country\nA (again),A@Example.org,Oman\nB,b@example.org,Oman\n", known_people=known)
    assert again.rejected["reasons"].tolist() == ["already loaded for this event (upload x, row 2)"]
    assert len(again.valid) == 1


def test_the_row_limit(reference):
    preview = check(reference, "name,country\n" + "A,Oman\n" * 11, limits=Limits(max_rows=10))
    assert not preview.ok and "the limit is 10" in preview.errors[0].message


def test_rejected_rows_keep_every_cell_of_the_file(reference):
    preview = check(reference, "name,country,phone\nA,Atlantis,+90 555\nB,Oman,\n")
    table = preview.rejected_table()
    assert table.columns.tolist() == ["row", "name", "country", "phone", "reasons"]
    assert table.iloc[0].tolist() == [2, "A", "Atlantis", "+90 555", "country: unknown country 'Atlantis': no alias, OIC, World Bank or ISO name matches"]
