"""World Bank API v2 (JSON): one indicator's values for every economy and aggregate, the indicator's
metadata, and the country list with region and income level.

fetch() downloads into a dated snapshot (pipelines/snapshots.py), page by page, each page byte for
byte with its origin record; parse_*() read those files, never the network.

    {base}/country/all/indicator/{code}?format=json&source=2&per_page=N&date=Y0:Y1&page=n
        -> [{"page", "pages", "per_page", "total", "sourceid", "lastupdated"}, [record, ...]]
        record: {"indicator": {"id", "value"}, "country": {"id", "value"}, "countryiso3code", "date",
                 "value", "unit", "obs_status", "decimal"}
    {base}/indicator/{code}?format=json   -> [header, [{"id", "name", "sourceNote", "sourceOrganization", ...}]]
    {base}/country?format=json&per_page=N -> [header, [{"id", "iso2Code", "name", "region": {"id", "value"},
                                                        "incomeLevel": {"id", "value"}, ...}]]
The header's `lastupdated` is the vintage. An error comes as a 1-element list: [{"message": [...]}].

Drift is caught here, not loaded: a missing or renamed field, a value that is not a number or null,
a date that is not a year, a page count or total that changes while paging, an empty page where the
header promises records. (Out-of-range values and unknown country codes are checked by the build,
against the catalogue and the country list.)
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pandas as pd

import settings
from pipelines.errors import SourceError
from pipelines.http import FetchError, get
from pipelines.snapshots import Snapshot
from pipelines.sources.series import Series
from pipelines.sources.worldbank_bulk import IndicatorFile

SOURCE = "worldbank_api"
PUBLISHER = "World Bank, World Development Indicators (API v2)"
LICENCE = "CC BY 4.0"
WDI_SOURCE_ID = 2
PER_PAGE = 20_000
COUNTRIES = "countries.json"
HEADER_FIELDS = ("page", "pages", "per_page", "total")
RECORD_FIELDS = ("indicator", "country", "countryiso3code", "date", "value")
COUNTRY_FIELDS = ("id", "iso2Code", "name", "region", "incomeLevel")

Progress = Callable[[str], None]


# ---------------------------------------------------------------- fetch


def data_file(code: str, page: int) -> str:
    return f"data/{code}.p{page:03d}.json"


def meta_file(code: str) -> str:
    return f"meta/{code}.json"


def fetch(http, snapshot: Snapshot, codes: list[str], say: Progress | None = None, per_page: int | None = None) -> list[str]:
    """Fetch the country list, then each indicator's metadata and pages; returns the pieces fetched now
    (pieces already in this snapshot are skipped). Raises FetchError naming the URL and the fault."""
    say = say or (lambda _: None)
    per_page = per_page or PER_PAGE
    base = settings.wb_api()
    years = f"{settings.refresh_first_year()}:{dt.date.today().year}"
    fetched = []
    if not snapshot.has(COUNTRIES):
        url = f"{base}/country"
        body, status, final = _get_json(http, url, {"format": "json", "per_page": 1000})
        header, records = check_page(final, body, COUNTRY_FIELDS)
        if header["pages"] > 1:
            raise FetchError(final, f"the country list has {header['pages']} pages at per_page=1000; expected one")
        snapshot.write(COUNTRIES, body, final, status, role="country_metadata")
        fetched.append(COUNTRIES)
    for number, code in enumerate(codes, start=1):
        say(f"{code} ({number}/{len(codes)})")
        if not snapshot.has(meta_file(code)):
            body, status, final = _get_json(http, f"{base}/indicator/{code}", {"format": "json"})
            check_page(final, body, ("id", "name"))
            snapshot.write(meta_file(code), body, final, status, role="indicator_metadata", indicator=code)
            fetched.append(meta_file(code))
        fetched += _fetch_pages(http, snapshot, base, code, years, per_page)
    return fetched


def _fetch_pages(http, snapshot: Snapshot, base: str, code: str, years: str, per_page: int) -> list[str]:
    url = f"{base}/country/all/indicator/{code}"
    first = None
    fetched = []
    page = 1
    while True:
        name = data_file(code, page)
        if snapshot.has(name):
            body, final = (snapshot.path / name).read_bytes(), snapshot.record(name)["url"]
            status = None
        else:
            body, status, final = _get_json(http, url, {"format": "json", "source": WDI_SOURCE_ID, "per_page": per_page,
                                                        "date": years, "page": page})
        try:
            header, records = check_page(final, body, RECORD_FIELDS, first=first, expected_page=page)
        except FetchError:
            _forget(snapshot, code)  # a retry starts this indicator afresh, not from a stale first page
            raise
        if status is not None:
            snapshot.write(name, body, final, status, role="observations", indicator=code,
                           vintage=header.get("lastupdated"))
            fetched.append(name)
        first = first or header
        if page >= header["pages"]:
            return fetched
        page += 1


def _forget(snapshot: Snapshot, code: str) -> None:
    for path in snapshot.path.glob(f"data/{code}.p*.json"):
        path.unlink()


def _get_json(http, url: str, params: dict) -> tuple[bytes, int, str]:
    """GET a JSON answer; a body that does not parse (truncated, empty) is fetched again, then refused."""
    problem = ""
    for _attempt in range(3):
        body, status, final = get(http, url, params)
        try:
            json.loads(body)
            return body, status, final
        except ValueError as err:
            problem = "an empty response" if not body.strip() else f"not valid JSON (truncated?): {err}"
    raise FetchError(final, f"{problem}; tried 3 times")


def check_page(url: str, body: bytes, fields: tuple[str, ...], first: dict | None = None,
               expected_page: int | None = None) -> tuple[dict, list[dict]]:
    """(header, records) of one answer, or a FetchError saying how it departs from the API's shape."""
    try:
        document = json.loads(body)
    except ValueError as err:
        raise FetchError(url, f"not valid JSON: {err}") from None
    if isinstance(document, list) and len(document) == 1 and isinstance(document[0], dict) and "message" in document[0]:
        messages = "; ".join(f"{m.get('key', '')}: {m.get('value', '')}" for m in document[0]["message"] or [])
        raise FetchError(url, f"the API answered with an error: {messages}")
    if not (isinstance(document, list) and len(document) == 2 and isinstance(document[0], dict)):
        raise FetchError(url, "expected [header, records]: the API's answer changed shape")
    header, records = document
    missing = [field for field in HEADER_FIELDS if field not in header]
    if missing:
        raise FetchError(url, f"the page header lacks {missing} (fields renamed or removed?)")
    header = {**header, **{field: int(header[field]) for field in HEADER_FIELDS}}
    if first is not None:
        for field in ("pages", "total", "per_page", "lastupdated"):
            if header.get(field) != first.get(field):
                raise FetchError(url, f"{field} changed while paging ({first.get(field)} on page 1, {header.get(field)} "
                                      f"on page {header['page']}): the publisher updated the series meanwhile; run the refresh again")
    if expected_page is not None and header["page"] != expected_page:
        raise FetchError(url, f"asked for page {expected_page}, got page {header['page']}")
    records = records or []
    expected = _records_on_page(header)
    if fields == RECORD_FIELDS and len(records) != expected:
        what = "an empty page" if not records else f"{len(records)} records"
        raise FetchError(url, f"{what} where the header promises {expected} (page {header['page']} of {header['pages']}, "
                              f"total {header['total']}, per_page {header['per_page']})")
    for number, record in enumerate(records, start=1):
        missing = [field for field in fields if not isinstance(record, dict) or field not in record]
        if missing:
            raise FetchError(url, f"record {number} lacks the field(s) {missing} (renamed or removed?)")
        if fields == RECORD_FIELDS:
            _check_record(url, number, record)
    return header, records


def _records_on_page(header: dict) -> int:
    if header["total"] == 0:
        return 0
    if header["page"] < header["pages"]:
        return header["per_page"]
    return header["total"] - header["per_page"] * (header["pages"] - 1)


def _check_record(url: str, number: int, record: dict) -> None:
    value = record["value"]
    if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float))):
        raise FetchError(url, f"record {number}: value {value!r} is a {type(value).__name__}, not a number or null (a new value type)")
    date = record["date"]
    if not (isinstance(date, str) and len(date) == 4 and date.isdigit()):
        raise FetchError(url, f"record {number}: date {date!r} is not a year")
    for nested in ("indicator", "country"):
        if not isinstance(record[nested], dict) or "id" not in record[nested]:
            raise FetchError(url, f"record {number}: {nested} has no id")


# ---------------------------------------------------------------- parse (files only)


def _load(path: Path, fields: tuple[str, ...]) -> tuple[dict, list[dict]]:
    try:
        return check_page(str(path), path.read_bytes(), fields)
    except FetchError as err:
        raise SourceError(path, err.message) from None


def parse_countries(path: Path) -> pd.DataFrame:
    """iso3, iso2, name, region, income_group (region NULL for an aggregate, as in the bulk metadata)."""
    _, records = _load(path, COUNTRY_FIELDS)
    rows = []
    for record in records:
        region = (record.get("region") or {}).get("value", "").strip()
        income = (record.get("incomeLevel") or {}).get("value", "").strip()
        aggregate = region == "Aggregates"
        rows.append({"iso3": record["id"], "iso2": record["iso2Code"], "name": record["name"].strip(),
                     "region": None if aggregate or not region else region,
                     "income_group": None if aggregate or not income or income == "Not classified" else income,
                     "special_notes": None})
    frame = pd.DataFrame(rows, columns=["iso3", "iso2", "name", "region", "income_group", "special_notes"])
    duplicated = frame[frame["iso3"].duplicated()]
    if len(duplicated):
        raise SourceError(path, f"country {duplicated['iso3'].iloc[0]!r} is listed twice")
    return frame


def parse_indicator_metadata(path: Path) -> dict:
    _, records = _load(path, ("id", "name"))
    if len(records) != 1:
        raise SourceError(path, f"expected one indicator, found {len(records)}")
    record = records[0]
    return {"code": record["id"], "name": record["name"], "source_note": record.get("sourceNote") or "",
            "source_organization": record.get("sourceOrganization") or ""}


def parse_indicator(folder: Path, code: str, iso2_to_iso3: dict[str, str]) -> IndicatorFile:
    """All pages of one indicator in a snapshot, as one IndicatorFile (line = record number over the pages)."""
    pages = sorted(Path(folder).glob(f"data/{code}.p*.json"))
    if not pages:
        raise SourceError(Path(folder) / data_file(code, 1), "no page of this indicator in the snapshot")
    first, rows, names = None, [], set()
    for number, path in enumerate(pages, start=1):
        try:
            header, records = check_page(str(path), path.read_bytes(), RECORD_FIELDS, first=first, expected_page=number)
        except FetchError as err:
            raise SourceError(path, err.message) from None
        first = first or header
        for record in records:
            if record["indicator"]["id"] != code:
                raise SourceError(path, f"record of indicator {record['indicator']['id']!r} in the file of {code}",
                                  line=len(rows) + 1, column="indicator.id")
            names.add(record["indicator"].get("value", ""))
            iso3 = record["countryiso3code"] or iso2_to_iso3.get(record["country"]["id"], record["country"]["id"])
            rows.append((iso3, record["country"].get("value", ""), int(record["date"]), record["value"]))
    if len(pages) != (first["pages"] or 1):
        raise SourceError(pages[-1], f"{len(pages)} page files for {first['pages']} pages: the snapshot is incomplete")
    frame = pd.DataFrame(rows, columns=["iso3", "name", "year", "value"])
    frame["line"] = range(1, len(frame) + 1)
    keys = frame[frame.duplicated(["iso3", "year"])]
    if len(keys):
        row = keys.iloc[0]
        raise SourceError(pages[0], f"{row['iso3']} {row['year']} appears twice", line=int(row["line"]))
    values = frame.dropna(subset=["value"]).astype({"value": "float64"})
    return IndicatorFile(indicator_code=code, indicator_name=next(iter(names), ""), vintage=str(first.get("lastupdated") or ""),
                         values=values[["iso3", "year", "value", "line"]].reset_index(drop=True),
                         economies=frame[["iso3", "name", "line"]].drop_duplicates("iso3").reset_index(drop=True))


# ---------------------------------------------------------------- the registry's interface (pipelines/registry.py)

NAME = "worldbank"
TITLE = "World Bank API (WDI)"
CATALOGUE_SOURCE = "worldbank_wdi"


def countries(folder: Path) -> pd.DataFrame | None:
    """The snapshot's country list (region, income level), or None if it has none."""
    path = Path(folder) / COUNTRIES
    return parse_countries(path) if path.exists() else None


def read(folder: Path, entries: dict[str, dict], country_list: pd.DataFrame, data_dir: Path) -> list[Series]:
    """Every catalogue indicator the snapshot holds, checked against its metadata's title."""
    folder = Path(folder)
    iso2 = dict(zip(country_list["iso2"], country_list["iso3"])) if country_list is not None and "iso2" in country_list else {}
    codes = sorted({path.name.rsplit(".p", 1)[0] for path in folder.glob("data/*.p*.json")})
    out = []
    for code in codes:
        parsed = parse_indicator(folder, code, iso2)
        title = parsed.indicator_name
        meta = folder / meta_file(code)
        if meta.exists():
            title = parse_indicator_metadata(meta)["name"]
        first = sorted(folder.glob(f"data/{code}.p*.json"))[0]
        out.append(Series(code=code, title=title, vintage=parsed.vintage,
                          file=first.relative_to(data_dir).as_posix(), frame=parsed.values))
    return out
