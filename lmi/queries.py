"""Named queries against the warehouse. Parameters are bound ($name), never formatted in."""

from __future__ import annotations

SQL: dict[str, str] = {
    "datasets": """
        SELECT file, source, role, publisher, vintage, licence, url, repository, "commit", sha256, rows_loaded, loaded_at
        FROM dataset ORDER BY source, file
    """,
    "table_counts": """
        SELECT 'country' AS table_name, count(*) AS rows FROM country
        UNION ALL SELECT 'indicator', count(*) FROM indicator
        UNION ALL SELECT 'observation', count(*) FROM observation
        UNION ALL SELECT 'weight_series', count(*) FROM weight_series
        UNION ALL SELECT 'group_aggregate', count(*) FROM group_aggregate
        UNION ALL SELECT 'event', count(*) FROM event
        UNION ALL SELECT 'participation', count(*) FROM participation
        UNION ALL SELECT 'dataset', count(*) FROM dataset
    """,
    "headline_counts": """
        SELECT
            (SELECT count(*) FROM country WHERE is_oic_member) AS members,
            (SELECT count(*) FROM indicator) AS indicators,
            (SELECT count(*) FROM observation) AS observations,
            (SELECT count(*) FROM event) AS events,
            (SELECT count(*) FROM participation) AS participation_rows,
            (SELECT value FROM build_info WHERE key = 'built_at') AS built_at
    """,
    "indicator_catalogue": """
        SELECT code, title, unit, source_name, estimate_type, vintage, first_year, last_year, aggregation, weight_indicator,
               (SELECT count(*) FROM observation o WHERE o.indicator_code = i.code) AS observations
        FROM indicator AS i ORDER BY source, concept, code
    """,
}


def _register(more: dict[str, str]) -> None:
    clash = set(SQL) & set(more)
    if clash:
        raise ValueError(f"query names defined twice: {sorted(clash)}")
    SQL.update(more)


from lmi import network_queries  # noqa: E402  (a sibling registry of named queries)

_register(network_queries.SQL)
