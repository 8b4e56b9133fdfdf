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

    def __init__(self, codes: list[str], unknown_is_empty: bool = False):
        self.series = {code: records(code) for code in codes}
        self.unknown_is_empty = unknown_is_empty  # answer other codes as the API answers a series without values
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
        if code not in self.series and code not in self.overrides and self.unknown_is_empty:
            if kind == "meta":
                return self._json(dump([{"page": 1, "pages": 1, "per_page": "50", "total": 1},
                                        [{"id": code, "name": "", "sourceNote": "", "sourceOrganization": ""}]]))
            return self._json(dump([{"page": 1, "pages": 0, "per_page": 50, "total": 0, "sourceid": "2",
                                     "lastupdated": "2025-04-15"}, None]))
        if code not in self.series and code not in self.overrides:
            return self._json(dump([{"message": [{"id": "120", "key": "Invalid value", "value": "The provided parameter value is not valid"}]}]))
        lastupdated, rows = self.overrides.get(code) or self.series[code]
        if kind == "meta":
            return self._json(dump([{"page": 1, "pages": 1, "per_page": "50", "total": 1},
                                    [{"id": code, "name": rows[0]["indicator"]["value"], "unit": "",
                                      "source": {"id": "2", "value": "World Development Indicators"},
                                      "sourceNote": "", "sourceOrganization": "", "topics": []}]]))
        return self._json(page(rows, int(query.get("page", 1)), int(query.get("per_page", 50)), lastupdated))

    def stand_in(self, code: str, from_code: str, scale: float) -> None:
        """Serve `code`, which no shipped file holds, with STAND-IN values: `from_code`'s shipped values times
        `scale`. Test weights only, never data: they let a test walk the whole chain (fetch, parse, weights,
        aggregates) for series the offline snapshots lack."""
        lastupdated, rows = records(from_code)
        self.overrides[code] = (lastupdated, [{**row, "indicator": {"id": code, "value": f"stand-in for {code}"},
                                               "value": row["value"] * scale} for row in rows])

    @staticmethod
    def _json(body: bytes, status: int = 200) -> Response:
        return Response(body, status=status, content_type="application/json;charset=utf-8")


# ---------------------------------------------------------------- ILOSTAT (bulk download service, code columns)

ILOSTAT_FILES = {"UNE_DEAP_SEX_AGE_RT": "unemployment_rate_sex_age_ilostat.csv", "EIP_NEET_SEX_RT": "neet_sex_ilostat.csv"}
AGE_CODES = {"15-24": "AGE_YTHADULT_Y15-24", "25+": "AGE_YTHADULT_YGE25", "15+": "AGE_YTHADULT_YGE15"}


def ilostat_csv(code: str) -> bytes:
    """A shipped ILOSTAT label file re-expressed in the code columns the service answers with `type=code`:
    ref_area is the ISO3 code that starts the file's own source.label ("ABW - PC - ..."), sex and age
    become their ILOSTAT codes; every value is the file's."""
    import csv
    import io

    with open(DATA_DIR / "ilostat" / ILOSTAT_FILES[code], encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    has_age = "classif1.label" in rows[0]
    out = io.StringIO()
    columns = ["ref_area", "source", "indicator", "sex", *(["classif1"] if has_age else []), "time", "obs_value", "obs_status", "note_source"]
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        iso3, survey = (part.strip() for part in row["source.label"].split(" - ")[:2])
        sex = {"Sex: Total": "SEX_T", "Sex: Male": "SEX_M", "Sex: Female": "SEX_F"}[row["sex.label"]]
        age = [AGE_CODES[row["classif1.label"].split(": ")[-1]]] if has_age else []
        writer.writerow([iso3, survey, f"{code}_A", sex, *age, row["time"], row["obs_value"], row["obs_status.label"], row["note_source.label"]])
    return out.getvalue().encode("utf-8")


class FakeIlostat:
    """A werkzeug handler answering {base}/data/indicator/?id=CODE_A&type=code&format=.csv."""

    def __init__(self):
        self.fault: Callable[[Request], Response | None] = lambda request: None
        self.calls = 0

    def __call__(self, request: Request) -> Response:
        self.calls += 1
        injected = self.fault(request)
        if injected is not None:
            return injected
        code = request.args.get("id", "").removesuffix("_A")
        if code not in ILOSTAT_FILES or request.args.get("type") != "code":
            return Response("not found", status=404)
        return Response(ilostat_csv(code), content_type="text/csv")
