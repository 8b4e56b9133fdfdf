"""Country names -> codes, the one resolver every source and upload uses.

Order of trust: the reviewed alias table (`data/reference/country_aliases.csv`), then the OIC
reference (English, French and Arabic names), then the World Bank's own names, then the ISO 3166
names of the maintained `pycountry` library (short, official and common names, and the codes).
Names are compared without case, accents or punctuation variants ("Cote d'Ivoire" finds
"Côte d’Ivoire"). Nothing is guessed: a name none of these knows resolves to None.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

import pycountry


@dataclass(frozen=True)
class Match:
    """What a name resolved to, and by which table (shown to a user for confirmation)."""

    code: str
    kind: str  # economy | aggregate
    method: str
    #: the publisher's own code where it differs from ours (ILOSTAT's KOS for XKX, X01 for World)
    publisher_code: str | None = None


def normalise(name: str) -> str:
    """Case-, accent- and punctuation-insensitive form of a name (Arabic letters are kept)."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.casefold().replace("’", "'").replace("`", "'")
    text = re.sub(r"[\s\-_.,'()]+", " ", text)
    return text.strip()


class CountryResolver:
    """Resolves a country name or code; build it once with every table of names it should know."""

    def __init__(self) -> None:
        self._index: dict[str, Match] = {}

    def add(self, names: Iterable[tuple[str, str]], *, kind: str, method: str) -> CountryResolver:
        """Teach (name, code) pairs; a name already known keeps its earlier, more trusted code."""
        for name, code in names:
            if isinstance(name, str) and isinstance(code, str) and name and code:
                self._index.setdefault(normalise(name), Match(code, kind, method))
        return self

    def add_aliases(self, aliases: Iterable[dict]) -> CountryResolver:
        """Rows of the reviewed alias table: name, code, kind, publisher_code."""
        for row in aliases:
            match = Match(row["code"], row["kind"], "alias table", row.get("publisher_code") or None)
            self._index.setdefault(normalise(row["name"]), match)
        return self

    def add_pycountry(self) -> CountryResolver:
        """The ISO 3166 names and codes of pycountry (the maintained library)."""
        pairs = []
        for country in pycountry.countries:
            for attribute in ("name", "official_name", "common_name", "alpha_3"):
                value = getattr(country, attribute, None)
                if value:
                    pairs.append((value, country.alpha_3))
        return self.add(pairs, kind="economy", method="ISO 3166 (pycountry)")

    def add_reference(self, aliases: Iterable[dict], states: Iterable, world_bank_economies) -> CountryResolver:
        """Every table, in the order of trust: the alias table, the OIC members' and observers' English,
        French and Arabic names (frames with name, name_fr, name_ar, iso3), the World Bank's names of
        economies (a frame with name, iso3), pycountry. The build and the upload checks use the same."""
        self.add_aliases(aliases)
        for frame in states:
            for column in ("name", "name_fr", "name_ar"):
                self.add(zip(frame[column], frame["iso3"]), kind="economy", method="OIC reference")
        self.add(zip(world_bank_economies["name"], world_bank_economies["iso3"]), kind="economy", method="World Bank name")
        return self.add_pycountry()

    def resolve(self, name: str) -> Match | None:
        """The match for a name, or None when no table knows it."""
        if not name or not name.strip():
            return None
        return self._index.get(normalise(name))
