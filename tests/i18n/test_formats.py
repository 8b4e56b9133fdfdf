"""Numbers, percentages, dates and ranks written for each language (Babel, CLDR), table-driven."""

from __future__ import annotations

import datetime as dt

import pytest

from lmi import formats, i18n, indicators

NNBSP, NBSP = "\u202f", "\u00a0"


@pytest.fixture
def arabic_digits():
    token = formats._digits.set("arab")
    yield
    formats._digits.reset(token)


@pytest.mark.parametrize("language, call, expected", [
    ("en", lambda: formats.number(1234.56, 1), "1,234.6"),
    ("fr", lambda: formats.number(1234.56, 1), f"1{NNBSP}234,6"),
    ("ar", lambda: formats.number(1234.56, 1), "1,234.6"),
    ("en", lambda: formats.number(-0.04, 1), "0.0"),  # no "-0.0"
    ("en", lambda: formats.number(2.06, 1, signed=True), "+2.1"),
    ("fr", lambda: formats.number(-2.0, 1, signed=True), "-2,0"),
    ("en", lambda: formats.percent(0.753), "75%"),
    ("fr", lambda: formats.percent(0.753), f"75{NBSP}%"),
    ("en", lambda: formats.unit_value(18.04, 1, "%"), "18.0%"),
    ("fr", lambda: formats.unit_value(18.04, 1, "%"), f"18,0{NBSP}%"),
    ("fr", lambda: formats.unit_value(4567.8, 0, " US$"), f"4{NNBSP}568 US$"),
    ("en", lambda: formats.year(2024), "2024"),
    ("en", lambda: formats.points(1.25, 1, "%"), "+1.2 pp"),
    ("en", lambda: formats.date("2024-03-12"), "March 12, 2024"),
    ("fr", lambda: formats.date("2024-03-12"), "12 mars 2024"),
    ("ar", lambda: formats.date("2024-03-12"), "12 مارس 2024"),
    ("fr", lambda: formats.date_range("2024-03-12", "2024-03-14"), "12–14 mars 2024"),
    ("fr", lambda: formats.list_of(["pays hôte", "formateur"]), "pays hôte et formateur"),
    ("ar", lambda: formats.list_of(["البلد المضيف", "مدرّب"]), "البلد المضيف ومدرّب"),
])
def test_formats_per_language(language, call, expected):
    with i18n.using(language):
        assert call() == expected


def test_arabic_indic_digits_on_request(arabic_digits):
    with i18n.using("ar"):
        assert formats.number(1234.5, 1) == "١٬٢٣٤٫٥"
        assert formats.year(2024) == "٢٠٢٤"
        assert formats.date("2024-03-12") == "١٢ مارس ٢٠٢٤"
        assert i18n.t("Year: {year}", year=2024) == "السنة: ٢٠٢٤"


def test_placeholders_are_written_for_the_language():
    with i18n.using("fr"):
        assert i18n.t("Warehouse built in {seconds:.1f} s", seconds=2.25) == "Entrepôt de données construit en 2,2 s"
        text = i18n.t("Coverage: members with data hold {share:.0%} of the OIC's weight; {n} of {total} members with data.",
                      share=0.97, n=55, total=57)
        assert text.startswith(f"Couverture : les membres disposant de données représentent 97{NBSP}%")
        assert i18n.t("Year: {year}", year=2024) == "Année : 2024"  # a year never gets a group separator


@pytest.mark.parametrize("language, rank, of, expected", [
    ("en", 1, 57, "the highest"), ("en", 3, 57, "the 3rd highest"), ("en", 22, 57, "the 22nd highest"),
    ("en", 11, 57, "the 11th highest"), ("en", 55, 57, "the 3rd lowest"), ("en", 57, 57, "the lowest"),
    ("fr", 1, 57, "la valeur la plus élevée"), ("fr", 3, 57, "la 3e valeur la plus élevée"), ("fr", 56, 57, "la 2e valeur la plus basse"),
    ("ar", 1, 57, "أعلى قيمة"), ("ar", 5, 57, "في المرتبة 5 من حيث الارتفاع"), ("ar", 57, 57, "أدنى قيمة"),
])
def test_rank_phrases_are_whole_phrases(language, rank, of, expected):
    with i18n.using(language):
        assert formats.rank_phrase(rank, of) == expected


@pytest.mark.parametrize("language, expected", [
    ("en", "Unemployment rate in Jordan was 18.0% in 2024, the 5th highest of 54 members with data; "
           "in 2023 it was 12.6 points above the OIC aggregate (5.3%)."),
    ("fr", f"Taux de chômage (Jordanie) : 18,0{NBSP}% en 2024, soit la 5e valeur la plus élevée parmi les 54 membres disposant de "
           f"données ; en 2023, l'indicateur était 12,6 points de pourcentage au-dessus de l'agrégat OCI (5,3{NBSP}%)."),
    ("ar", "معدل البطالة في الأردن: 18.0% في عام 2024، وهي في المرتبة 5 من حيث الارتفاع بين الدول الأعضاء التي تتوفر عنها بيانات "
           "(وعددها 54)؛ وفي عام 2023 كانت القيمة تزيد بمقدار 12.6 نقطة مئوية على القيمة المجمّعة للمنظمة (5.3%)."),
])
def test_summary_is_one_whole_sentence_per_language(language, expected):
    names = {"en": ("Unemployment rate", "Jordan"), "fr": ("Taux de chômage", "Jordanie"), "ar": ("معدل البطالة", "الأردن")}
    title, country = names[language]
    row = {"value": 18.0, "year": 2024, "rank": 5, "of": 54, "oic": 5.3, "oic_year": 2023, "gap_oic": 12.6}
    with i18n.using(language):
        assert indicators.summary_sentence(country, row, {"decimals": 1, "short_unit": "%", "title": title}) == expected


def test_number_spec_falls_back_for_what_babel_does_not_express():
    with i18n.using("fr"):
        assert formats.number_spec(3.14159, ">8.2f") == "    3.14"
        assert formats.number_spec(1234567, ",") == f"1{NNBSP}234{NNBSP}567"
        assert formats.number_spec(2.5, "") == "2,5"
        assert isinstance(formats.number_spec(dt.date(2024, 1, 1).year, "d"), str)
