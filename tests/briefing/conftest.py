"""Briefing tests: the pack is built from the session's test warehouse; every expected figure comes
from SQL written here against that warehouse, never from the generator or the page models."""

from __future__ import annotations

import datetime as dt
import re

import duckdb
import pytest

from lmi import models
from lmi.briefing import model

FEATURED = ["JOR", "TUR"]
HEADLINE = [("SL.UEM.TOTL.ZS", "total", "15+"), ("SL.UEM.1524.ZS", "total", "15-24"), ("SL.TLF.CACT.ZS", "total", "15+"),
            ("SL.TLF.CACT.FE.ZS", "female", "15+"), ("SL.EMP.TOTL.SP.ZS", "total", "15+"), ("SL.AGR.EMPL.ZS", "total", "15+")]


class Warehouse:
    """Plain SQL against the built warehouse: the tests' independent source of truth."""

    def __init__(self, path):
        self.path = path

    def rows(self, sql: str, *params) -> list[tuple]:
        with duckdb.connect(str(self.path), read_only=True) as con:
            return con.execute(sql, list(params)).fetchall()

    def one(self, sql: str, *params):
        found = self.rows(sql, *params)
        return found[0] if found else None

    def latest_meeting(self) -> tuple[str, str, dt.date]:
        return self.one("SELECT event_id, title, start_date FROM event WHERE event_type = 'meeting' ORDER BY start_date DESC LIMIT 1")

    def period(self, event_id: str) -> tuple[dt.date, dt.date]:
        """The day after the previous meeting of the same type, to the day before this one."""
        kind, date = self.one("SELECT event_type, start_date FROM event WHERE event_id = ?", event_id)
        previous = self.one("SELECT max(start_date) FROM event WHERE event_type = ? AND start_date < ?", kind, date)[0]
        return previous + dt.timedelta(days=1), date - dt.timedelta(days=1)

    def oic_latest(self, code, sex, age):
        """(year, value, coverage) of the OIC's latest published aggregate, or None."""
        return self.one("SELECT year, value, coverage FROM group_aggregate WHERE group_code = 'OIC' AND indicator_code = ? AND sex = ? "
                        "AND age = ? AND value IS NOT NULL ORDER BY year DESC LIMIT 1", code, sex, age)

    def group_value(self, group, code, sex, age, year):
        found = self.one("SELECT value FROM group_aggregate WHERE group_code = ? AND indicator_code = ? AND sex = ? AND age = ? "
                         "AND year = ?", group, code, sex, age, year)
        return None if found is None else found[0]

    def country_latest(self, iso3, code, sex, age):
        return self.one("SELECT year, value FROM observation WHERE iso3 = ? AND indicator_code = ? AND sex = ? AND age = ? "
                        "ORDER BY year DESC LIMIT 1", iso3, code, sex, age)

    def rank(self, iso3, code, sex, age, year):
        """(rank, members with data): 1 = highest among the members with a value that year."""
        return self.one("""SELECT 1 + count(*) FILTER (WHERE o.value > (SELECT value FROM observation WHERE iso3 = ? AND indicator_code = ?
                               AND sex = ? AND age = ? AND year = ?)), count(*)
                           FROM observation o JOIN country c USING (iso3)
                           WHERE c.is_oic_member AND o.indicator_code = ? AND o.sex = ? AND o.age = ? AND o.year = ?""",
                        iso3, code, sex, age, year, code, sex, age, year)

    def gap_to(self, iso3, code, sex, age, members: list[str] | None):
        """(year, gap) to the OIC (members None) or to the aggregate of `members`, in the latest year both have."""
        if members is None:
            aggregate = "SELECT year, value FROM group_aggregate WHERE group_code = 'OIC' AND indicator_code = $code AND sex = $sex AND age = $age"
        else:
            aggregate = ("SELECT year, value FROM aggregate_of($members, (SELECT value::DOUBLE FROM build_info WHERE key = 'min_coverage')) "
                         "WHERE indicator_code = $code AND sex = $sex AND age = $age")
        sql = f"""SELECT o.year, o.value - a.value FROM observation o JOIN ({aggregate}) a USING (year)
                  WHERE o.iso3 = $iso3 AND o.indicator_code = $code AND o.sex = $sex AND o.age = $age AND a.value IS NOT NULL
                  ORDER BY o.year DESC LIMIT 1"""
        params = {"iso3": iso3, "code": code, "sex": sex, "age": age} | ({} if members is None else {"members": members})
        with duckdb.connect(str(self.path), read_only=True) as con:
            return con.execute(sql, params).fetchone()

    def region_peers(self, iso3) -> list[str]:
        return [r[0] for r in self.rows("SELECT iso3 FROM country WHERE is_oic_member AND iso3 <> ? AND wb_region = "
                                        "(SELECT wb_region FROM country WHERE iso3 = ?) ORDER BY iso3", iso3, iso3)]

    def name(self, iso3) -> str:
        return self.one("SELECT name FROM country WHERE iso3 = ?", iso3)[0]


@pytest.fixture(scope="session")
def sql(built_warehouse) -> Warehouse:
    return Warehouse(built_warehouse)


@pytest.fixture(scope="session")
def read(built_warehouse):
    return models.reader(built_warehouse)


@pytest.fixture(scope="session")
def briefing(read, sql):
    """The pack for the latest network meeting, featuring Jordan and Türkiye."""
    event_id = sql.latest_meeting()[0]
    return model.build(read, model.meeting_from_event(read, event_id), FEATURED)


def parse_value(text: str) -> tuple[float | None, int | None]:
    """'18.0% (2024)' -> (18.0, 2024); '+12.6 pp' -> (12.6, None); 'no data' -> (None, None)."""
    if text == "no data":
        return None, None
    match = re.fullmatch(r"([+-]?[\d,]+(?:\.\d+)?)(?:%| pp|[^()]*)?(?: \((\d{4})\))?", text)
    assert match, f"not a figure: {text!r}"
    return float(match[1].replace(",", "")), int(match[2]) if match[2] else None
