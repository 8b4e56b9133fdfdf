"""The translation catalogues: every text the code shows has a French and an Arabic translation, each
keeps the English text's placeholders, and the data-driven texts (indicators, countries) are all there.

When this fails after a merge, run `python -m lmi.i18n check` to see what is missing (and
`python -m lmi.i18n stubs` to append empty entries to locales/fr.yml and locales/ar.yml to fill)."""

from __future__ import annotations

import string

import pandas as pd
import pytest
import yaml

from lmi import i18n, i18n_check, translations
from tests.conftest import DATA_DIR

FOREIGN = [code for code in i18n.LANGUAGES if code != i18n.DEFAULT]


def _fields(text) -> set[str]:
    if isinstance(text, dict):
        return set().union(*(_fields(value) for value in text.values()))
    names = set()
    for _, name, spec, _ in string.Formatter().parse(text):
        if name:
            names.add(name.split(".")[0].split("[")[0])
        if spec:
            names |= _fields(spec)
    return names


@pytest.mark.parametrize("language", FOREIGN)
def test_every_text_in_the_code_has_a_translation(language):
    found, _ = i18n_check.scan()
    gaps = i18n.missing(language, set(found))
    assert not gaps, f"locales/{language}.yml lacks {len(gaps)} texts (python -m lmi.i18n check): " + "; ".join(
        f"{text!r} ({found[text][0]})" for text in gaps[:15])


@pytest.mark.parametrize("language", FOREIGN)
def test_translations_keep_the_placeholders(language):
    wrong = {english: sorted(_fields(text) - _fields(english)) for english, text in i18n.catalogue(language).items()
             if not _fields(text) <= _fields(english)}
    assert not wrong, f"locales/{language}.yml: placeholders that the English text does not have: {wrong}"


@pytest.mark.parametrize("language", FOREIGN)
def test_plural_entries_name_cldr_categories(language):
    categories = {"zero", "one", "two", "few", "many", "other"}
    for english, text in i18n.catalogue(language).items():
        if isinstance(text, dict):
            assert set(text) <= categories and "other" in text, english


def test_the_extractor_finds_literals_markers_and_label_tables(tmp_path):
    source = tmp_path / "page.py"
    source.write_text('ROLES = {"host": "host country"}\nt("Hello {name}", name=x)\nt(ROLES[r])\nN_("Marked")\n'
                      'tn("{n} event", "{n} events", k)\nt(f"no {x}")\n', encoding="utf-8")
    found, dynamic = _scan_outside(source)
    assert {"Hello {name}", "host country", "Marked", "{n} event"} <= set(found)
    assert len(dynamic) == 2  # t(ROLES[r]) and the f-string


def _scan_outside(source):
    original = i18n_check.ROOT
    i18n_check.ROOT = source.parent
    try:
        return i18n_check.scan([source])
    finally:
        i18n_check.ROOT = original


def test_every_indicator_has_its_title_unit_and_definition_translated():
    codes = [entry["code"] for entry in yaml.safe_load((DATA_DIR / "indicators.yml").read_text(encoding="utf-8"))["indicators"]]
    gaps = translations.missing_indicator_texts(codes)
    assert not gaps, f"data/indicators.i18n.yml lacks: {gaps}"


def test_translated_caveats_match_the_catalogue_one_for_one():
    catalogue = {entry["code"]: entry for entry in yaml.safe_load((DATA_DIR / "indicators.yml").read_text(encoding="utf-8"))["indicators"]}
    for code, languages in translations.indicator_texts().items():
        assert code in catalogue, f"data/indicators.i18n.yml: {code} is not in data/indicators.yml"
        for language, fields in languages.items():
            assert set(fields) <= set(translations.INDICATOR_FIELDS), (code, language)
            if "caveats" in fields:
                assert len(fields["caveats"]) == len(catalogue[code].get("caveats") or []), (code, language)


@pytest.mark.parametrize("file", ["oic_members.csv", "oic_observers.csv"])
def test_every_member_and_observer_has_a_french_and_arabic_name(file):
    table = pd.read_csv(DATA_DIR / "reference" / file, dtype=str, keep_default_na=False)
    table = table[table["iso3"] != ""]
    assert (table["name_fr"] != "").all() and (table["name_ar"] != "").all()


@pytest.mark.parametrize("language, expected", [("en", "Palestine"), ("fr", "État de Palestine"), ("ar", "دولة فلسطين")])
def test_palestine_is_named_as_the_oic_names_it(language, expected):
    assert translations.country_name("PSE", "Palestine", "Territoires palestiniens", "فلسطين", language=language) == expected


def test_localize_translates_names_titles_and_groups_but_not_english():
    members = pd.DataFrame({"iso3": ["JOR", "PSE"], "name": ["Jordan", "Palestine"], "wb_region": ["Middle East, North Africa, Afghanistan & Pakistan"] * 2})
    assert translations.localize("members", members, "en") is members
    french = translations.localize("members", members, "fr")
    assert list(french["name"]) == ["Jordanie", "État de Palestine"]
    assert french["wb_region"].iloc[0] == "Moyen-Orient, Afrique du Nord, Afghanistan et Pakistan"
    catalogue = pd.DataFrame({"code": ["SL.UEM.TOTL.ZS"], "title": ["Unemployment rate"], "unit": ["% of labour force"]})
    assert translations.localize("indicators", catalogue, "ar")["title"].iloc[0] == "معدل البطالة"
    groups = pd.DataFrame({"group_code": ["OIC", "WLD"], "group_name": ["Organisation of Islamic Cooperation (57 member states)", "World"]})
    assert list(translations.localize("group_series", groups, "fr")["group_name"]) == [
        "Organisation de la coopération islamique (57 États membres)", "Monde"]


@pytest.mark.parametrize("count, category", [(0, "zero"), (1, "one"), (2, "two"), (3, "few"), (10, "few"), (11, "many"), (99, "many"), (100, "other")])
def test_arabic_plural_categories(count, category):
    assert i18n.plural_category(count, "ar") == category


def test_tn_picks_the_arabic_form_by_count(monkeypatch):
    entry = {"zero": "لا فعاليات", "one": "فعالية واحدة", "two": "فعاليتان", "few": "{n} فعاليات", "many": "{n} فعالية", "other": "{n} فعالية"}
    monkeypatch.setitem(i18n.catalogue("ar"), "{n} event", entry)
    with i18n.using("ar"):
        assert [i18n.tn("{n} event", "{n} events", n) for n in (0, 1, 2, 3, 11)] == [
            "لا فعاليات", "فعالية واحدة", "فعاليتان", "3 فعاليات", "11 فعالية"]
    assert i18n.tn("{n} event", "{n} events", 1) == "1 event" and i18n.tn("{n} event", "{n} events", 4) == "4 events"


def test_unknown_language_falls_back_to_english():
    with i18n.using("xx"):
        assert i18n.language() == "en" and i18n.t("Overview") == "Overview"
    with i18n.using("fr"):
        assert i18n.t("Overview") == "Vue d'ensemble"
        assert i18n.t("a text nobody translated") == "a text nobody translated"


class _UniqueKeys(yaml.SafeLoader):
    """A loader that refuses a key given twice (PyYAML keeps the last silently: the first wording is lost unseen)."""

    def construct_mapping(self, node, deep=False):
        keys = [self.construct_object(key, deep=deep) for key, _ in node.value]
        repeated = sorted({key for key in keys if keys.count(key) > 1})
        if repeated:
            raise yaml.constructor.ConstructorError(None, None, f"keys given twice: {repeated}", node.start_mark)
        return super().construct_mapping(node, deep=deep)


@pytest.mark.parametrize("language", FOREIGN)
def test_each_text_is_translated_once(language):
    yaml.load((i18n.LOCALES_DIR / f"{language}.yml").read_text(encoding="utf-8"), Loader=_UniqueKeys)
