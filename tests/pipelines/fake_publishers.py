"""Payloads in the World Bank API v2's and ILOSTAT's real shapes, with values from the shipped files.

The World Bank shape is that of the recorded response in ../shared/data/worldbank_api/ (a 2-element
array: a header with page, pages, per_page, total, sourceid, lastupdated; records with
indicator{id,value}, country{id,value}, countryiso3code, date, value, unit, obs_status, decimal).
Every value, name, region, income group and "Last Updated Date" comes from data/worldbank/ (the
bulk CSVs and their metadata): nothing is invented. Two simplifications, both only in identifiers:
country.id is the ISO alpha-2 code from pycountry where one exists, else the ISO3 code (the API uses
its own 2-character codes for aggregates); and the country list is the 2025 metadata file's.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import parse_qs

import pandas as pd
import pycountry
from werkzeug import Request, Response

from pipelines.sources import worldbank_bulk
from tests.conftest import DATA_DIR

WB_DIR = DATA_DIR / "worldbank"


def bulk_file(code: str) -> Path:
    return next(WB_DIR.glob(f"API_{code}_DS2_*.csv"))


def _iso2(iso3: str) -> str:
    country = pycountry.countries.get(alpha_3=iso3)
    return country.alpha_2 if country else iso3


def records(code: str) -> tuple[str, list[dict]]:
    """(lastupdated, records) of one shipped bulk file, in the API's record shape (country, then year descending)."""
    parsed = worldbank_bulk.parse(bulk_file(code))
    names = dict(zip(parsed.economies["iso3"], parsed.economies["name"]))
    values = parsed.values.sort_values(["iso3", "year"], ascending=[True, False])
    out = [{"indicator": {"id": code, "value": parsed.indicator_name},
            "country": {"id": _iso2(iso3), "value": names[iso3]},
            "countryiso3code": iso3, "date": str(year), "value": float(value), "unit": "", "obs_status": "", "decimal": 1}
           for iso3, year, value in zip(values["iso3"], values["year"], values["value"])]
    return parsed.vintage, out


def country_list() -> list[dict]:
    """The 2025 Metadata_Country file as the API's country records."""
    meta = worldbank_bulk.parse_country_metadata(next(WB_DIR.glob("Metadata_Country_API_SL.UEM.TOTL.ZS_*.csv")))
    out = []
    for row in meta.itertuples():
        aggregate = pd.isna(row.region)
        out.append({"id": row.iso3, "iso2Code": _iso2(row.iso3), "name": row.name,
                    "region": {"id": "NA" if aggregate else "", "iso2code": "NA", "value": "Aggregates" if aggregate else row.region},
                    "adminregion": {"id": "", "iso2code": "", "value": ""},
                    "incomeLevel": {"id": "NA", "iso2code": "NA", "value": "Aggregates" if aggregate else (row.income_group if isinstance(row.income_group, str) else "Not classified")},
                    "lendingType": {"id": "", "iso2code": "", "value": ""},
                    "capitalCity": "", "longitude": "", "latitude": ""})
    return out


def dump(document) -> bytes:
    return json.dumps(document, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def page(records_: list[dict], number: int, per_page: int, lastupdated: str | None = "2025-04-15") -> bytes:
    total = len(records_)
    pages = max(1, -(-total // per_page))
    header = {"page": number, "pages": pages, "per_page": per_page, "total": total, "sourceid": "2"}
    if lastupdated is not None:
        header["lastupdated"] = lastupdated
    chunk = records_[(number - 1) * per_page: number * per_page]
    return dump([header, chunk or None])


class FakeWorldBank:
    """A werkzeug handler answering /v2/country, /v2/indicator/{code} and /v2/country/all/indicator/{code}.

    `fault(request, kind)` may return a Response to inject a fault (kind: countries, meta, data); `calls`
    counts requests per path."""

    def __init__(self, codes: list[str]):
        self.series = {code: records(code) for code in codes}
        self.countries = country_list()
        self.fault: Callable[[Request, str], Response | None] = lambda request, kind: None
        self.calls: dict[str, int] = {}
        self.overrides: dict[str, tuple[str, list[dict]]] = {}

    def __call__(self, request: Request) -> Response:
        path = request.path
        self.calls[path] = self.calls.get(path, 0) + 1
        query = {key: values[0] for key, values in parse_qs(request.query_string.decode()).items()}
        if match := re.fullmatch(r"/v2/country/all/indicator/(.+)", path):
            kind, code = "data", match[1]
        elif match := re.fullmatch(r"/v2/indicator/(.+)", path):
            kind, code = "meta", match[1]
        elif path == "/v2/country":
            kind, code = "countries", None
        else:
            return Response("not found", status=404)
        injected = self.fault(request, kind)
        if injected is not None:
            return injected
        if kind == "countries":
            return self._json(dump([{"page": 1, "pages": 1, "per_page": "1000", "total": len(self.countries)}, self.countries]))
        if code not in self.series and code not in self.overrides:
            return self._json(dump([{"message": [{"id": "120", "key": "Invalid value", "value": "The provided parameter value is not valid"}]}]))
        lastupdated, rows = self.overrides.get(code) or self.series[code]
        if kind == "meta":
            return self._json(dump([{"page": 1, "pages": 1, "per_page": "50", "total": 1},
                                    [{"id": code, "name": rows[0]["indicator"]["value"], "unit": "",
                                      "source": {"id": "2", "value": "World Development Indicators"},
                                      "sourceNote": "", "sourceOrganization": "", "topics": []}]]))
        return self._json(page(rows, int(query.get("page", 1)), int(query.get("per_page", 50)), lastupdated))

    @staticmethod
    def _json(body: bytes, status: int = 200) -> Response:
        return Response(body, status=status, content_type="application/json;charset=utf-8")
