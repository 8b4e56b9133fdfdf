"""Country names -> codes: the alias table, the OIC reference and pycountry, table-driven."""

from __future__ import annotations

import pytest

from pipelines.countries import CountryResolver, normalise
from pipelines.sources import oic_reference
from tests.conftest import DATA_DIR


@pytest.fixture(scope="module")
def resolver() -> CountryResolver:
    resolver = CountryResolver().add_aliases(oic_reference.parse_aliases(DATA_DIR / "reference" / "country_aliases.csv"))
    members = oic_reference.parse_members(DATA_DIR / "reference" / "oic_members.csv")
    for column in ("name", "name_fr", "name_ar"):
        resolver.add(zip(members[column], members["iso3"]), kind="economy", method="OIC reference")
    return resolver.add_pycountry()


@pytest.mark.parametrize(
    "name, code",
    [
        ("Turkey", "TUR"),
        ("Türkiye", "TUR"),
        ("Republic of Türkiye", "TUR"),
        ("turkiye", "TUR"),
        ("Turquie", "TUR"),
        ("تركيا", "TUR"),
        ("Cote d'Ivoire", "CIV"),
        ("Côte d’Ivoire", "CIV"),
        ("Ivory-Coast", "CIV"),
        ("Kyrgyz Republic", "KGZ"),
        ("Kyrgyzstan", "KGZ"),
        ("Occupied Palestinian Territory", "PSE"),
        ("Territoires palestiniens", "PSE"),
        ("Kosovo", "XKX"),
        ("Iran, Islamic Republic of", "IRN"),
        ("  Jordan ", "JOR"),
        ("JOR", "JOR"),
        ("World", "WLD"),
    ],
)
def test_known_names_resolve(resolver, name, code):
    assert resolver.resolve(name).code == code


@pytest.mark.parametrize("name", ["", "   ", "Atlantis", "Turkish Republic of Northern Cyprus"])
def test_unknown_names_resolve_to_none_never_a_guess(resolver, name):
    assert resolver.resolve(name) is None


def test_aggregates_are_not_economies(resolver):
    match = resolver.resolve("Arab States")
    assert (match.kind, match.code, match.publisher_code) == ("aggregate", "ILO_X36", "X36")


@pytest.mark.parametrize("a, b", [("Côte d'Ivoire", "cote d ivoire"), ("Guinea-Bissau", "guinea bissau"), ("Gambia, The", "gambia the")])
def test_normalise(a, b):
    assert normalise(a) == b
