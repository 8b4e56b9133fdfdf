"""docs/warehouse.md documents every table and column the build creates (the read side's contract)."""

from __future__ import annotations

import re

import duckdb

import settings

DOC = (settings.ROOT / "docs" / "warehouse.md").read_text(encoding="utf-8")


def test_every_table_and_column_is_documented(built_warehouse):
    documented = set(re.findall(r"`([a-z_0-9]+)`", DOC)) | set(re.findall(r"^### ([a-z_ ]+)$", DOC, flags=re.M))
    documented |= {word for heading in re.findall(r"^### (.+)$", DOC, flags=re.M) for word in heading.split(" and ")}
    with duckdb.connect(str(built_warehouse), read_only=True) as con:
        columns = con.execute("SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'main'").fetchall()
    missing = sorted({f"{table}.{column}" for table, column in columns if column not in documented}
                     | {table for table, _ in columns if table not in documented})
    assert not missing, f"document these in docs/warehouse.md: {missing}"


def test_the_aggregate_macro_is_persisted_for_the_read_side(built_warehouse):
    with duckdb.connect(str(built_warehouse), read_only=True) as con:
        members = [row[0] for row in con.execute("SELECT iso3 FROM group_member WHERE group_code = 'OIC'").fetchall()]
        again = con.execute("SELECT value FROM aggregate_of(?, 2/3) WHERE indicator_code = 'SL.UEM.TOTL.ZS' AND year = 2020",
                            [members]).fetchone()[0]
        stored = con.execute("SELECT value FROM group_aggregate WHERE group_code = 'OIC' AND indicator_code = 'SL.UEM.TOTL.ZS' "
                             "AND year = 2020").fetchone()[0]
    assert again == stored
