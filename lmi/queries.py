"""Named queries against the warehouse. Parameters are bound ($name), never formatted in."""

from __future__ import annotations

SQL: dict[str, str] = {
    # ---------------------------------------------------------------- reference
    "indicators": """
        SELECT code, source, source_name, concept, title, publisher_title, unit, short_unit, definition, sex, age,
               estimate_type, decimals, higher_is_better, aggregation, weight_indicator, aggregation_note, caveats,
               vintage, first_year, last_year
        FROM indicator ORDER BY source DESC, concept, code
    """,
    "members": """
        SELECT iso3, name, name_fr, name_ar, wb_region, wb_income_group, sesric_region, oic_accession_year
        FROM country WHERE is_oic_member ORDER BY name
    """,
    "weight_definitions": "SELECT code, title, unit, formula, note FROM weight_definition ORDER BY code",
    "build_info": "SELECT key, value FROM build_info ORDER BY key",
    # ---------------------------------------------------------------- statistics
    "member_series": """
        SELECT o.iso3, c.name, o.year, o.value, o.estimate_type, o.source, o.vintage, o.survey, o.obs_status, o.note
        FROM observation AS o JOIN country AS c USING (iso3)
        WHERE c.is_oic_member AND o.indicator_code = $code AND o.sex = $sex AND o.age = $age
        ORDER BY c.name, o.year
    """,
    "group_series": """
        SELECT g.group_code, cg.name AS group_name, g.year, g.value, g.coverage, g.n_members, g.n_members_weight_known,
               g.n_members_with_data, g.method, g.source, g.vintage
        FROM group_aggregate AS g JOIN country_group AS cg USING (group_code)
        WHERE g.indicator_code = $code AND g.sex = $sex AND g.age = $age AND g.group_code IN ('OIC', 'WLD')
        ORDER BY g.group_code, g.year
    """,
    "peer_aggregate": """
        SELECT indicator_code, sex, age, year, value, coverage, n_members, n_members_weight_known, n_members_with_data, method
        FROM aggregate_of($members, $min_coverage)
        WHERE indicator_code = $code AND sex = $sex AND age = $age
        ORDER BY year
    """,
    "country_observations": """
        SELECT indicator_code, sex, age, year, value, estimate_type, source, vintage, survey, obs_status
        FROM observation WHERE iso3 = $iso3
        ORDER BY indicator_code, sex, age, year
    """,
    "country_series_values": """
        SELECT indicator_code, sex, age, year, value, estimate_type, source, vintage, survey, obs_status
        FROM observation WHERE iso3 = $iso3 AND indicator_code = $code AND sex = $sex AND age = $age
        ORDER BY year
    """,
    "country_series": """
        WITH own AS (  -- the country's series: latest year and value, first year, every value in year order
            SELECT indicator_code, sex, age, max(year) AS year, arg_max(value, year) AS value, min(year) AS first_year,
                   list(value ORDER BY year) AS trend
            FROM observation WHERE iso3 = $iso3 GROUP BY ALL
        ),
        ranked AS (  -- its rank among the members with a value that year
            SELECT own.indicator_code, own.sex, own.age, 1 + count(*) FILTER (WHERE o.value > own.value) AS rank,
                   count(*) AS members_with_data
            FROM own JOIN observation AS o USING (indicator_code, sex, age, year) JOIN country AS c ON c.iso3 = o.iso3
            WHERE c.is_oic_member
            GROUP BY ALL
        )
        SELECT indicator_code, sex, age, year, value, rank, members_with_data, first_year, trend
        FROM own LEFT JOIN ranked USING (indicator_code, sex, age)
        ORDER BY indicator_code, sex, age
    """,
    "group_all": """
        SELECT group_code, indicator_code, sex, age, year, value, coverage, n_members, n_members_with_data
        FROM group_aggregate WHERE group_code IN ('OIC', 'WLD')
        ORDER BY group_code, indicator_code, sex, age, year
    """,
    # ---------------------------------------------------------------- provenance
    "datasets": """
        SELECT file, source, role, publisher, vintage, licence, url, repository, "commit", sha256, rows_loaded, loaded_at
        FROM dataset ORDER BY source, file
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

from lmi import peer_queries  # noqa: E402  (the peer groups of Compare)

_register(peer_queries.SQL)
