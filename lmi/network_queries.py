"""Named queries about the network's own activity (events, participation, engagement), and the map shapes.

Parameters are bound ($name), never formatted in. Lists (event types, countries, indicator codes)
bind as DuckDB lists; a caller never passes an empty one (there is nothing to ask then).
"""

from __future__ import annotations

SQL: dict[str, str] = {
    # One row per event; participants_known is the published count, else the uploaded lists' count.
    "network_events": """
        SELECT e.event_id, e.title, e.event_type, e.start_date, e.end_date, year(e.start_date) AS year,
               e.city, e.country_name, e.country_iso3, e.modality,
               e.participants, e.member_countries, e.registered, e.attended,
               coalesce(e.participants, e.attended) AS participants_known,
               CASE WHEN e.participants IS NOT NULL THEN 'published'
                    WHEN e.attended IS NOT NULL THEN 'attendance list' END AS participants_basis,
               (SELECT count(DISTINCT p.iso3) FROM participation p JOIN country c ON c.iso3 = p.iso3 AND c.is_oic_member
                WHERE p.event_id = e.event_id AND p.role = 'participant') AS members_named,
               (SELECT count(DISTINCT p.iso3) FROM participation p JOIN country c ON c.iso3 = p.iso3 AND c.is_oic_member
                WHERE p.event_id = e.event_id AND p.role <> 'participant') AS members_other_roles,
               e.organisers_partners, e.funding, e.source_url, e.notes
        FROM event e
        ORDER BY e.start_date, e.event_id
    """,
    # Who took part in which event, with the year and membership: for distinct members per year.
    "network_participation": """
        SELECT p.event_id, year(e.start_date) AS year, e.event_type, p.iso3, p.country_name, c.name AS reference_name, p.role, p.participants,
               coalesce(c.is_oic_member, false) AS is_oic_member, p.source_url, p.source_file
        FROM participation p JOIN event e USING (event_id) LEFT JOIN country c ON c.iso3 = p.iso3
        ORDER BY e.start_date, p.event_id, p.country_name, p.role
    """,
    "network_event_participation": """
        SELECT p.country_name, p.iso3, c.name AS reference_name, coalesce(c.is_oic_member, false) AS is_oic_member,
               c.is_observer, p.role, p.participants, p.source_url, p.source_file
        FROM participation p LEFT JOIN country c ON c.iso3 = p.iso3
        WHERE p.event_id = $event_id
        ORDER BY CASE p.role WHEN 'host' THEN 0 WHEN 'chair' THEN 1 WHEN 'trainer' THEN 2 ELSE 3 END, p.country_name
    """,
    # De-identified counts from the secretariat's lists: by country and sex, never by institution (with a
    # country and a sex it names persons). A count withheld as a small cell is NULL, and `withheld` says so.
    "network_event_attendance": """
        WITH threshold AS (
            SELECT coalesce(max(value::INTEGER), 5) AS k FROM build_info WHERE key = 'small_cell_threshold'
        ), cells AS (
            SELECT a.iso3, a.country_name, a.sex,
                   CASE WHEN count(a.registered_fewer_than) = 0 THEN sum(a.registered) END AS registered,
                   CASE WHEN count(a.attended_fewer_than) = 0 THEN sum(a.attended) END AS attended,
                   count(a.registered_fewer_than) > 0 AS registered_withheld, count(a.attended_fewer_than) > 0 AS attended_withheld,
                   count(a.attended) = count(*) AS attended_complete, string_agg(DISTINCT a.list_kind, ', ') AS list_kinds
            FROM attendance a
            WHERE a.event_id = $event_id
            GROUP BY a.iso3, a.country_name, a.sex
        ), published AS (  -- lists loaded before the small-cell rule are held to it here too
            SELECT cells.* REPLACE (
                       CASE WHEN registered BETWEEN 1 AND k - 1 THEN NULL ELSE registered END AS registered,
                       CASE WHEN attended BETWEEN 1 AND k - 1 THEN NULL ELSE attended END AS attended,
                       registered_withheld OR registered BETWEEN 1 AND k - 1 AS registered_withheld,
                       attended_withheld OR attended BETWEEN 1 AND k - 1 AS attended_withheld), k
            FROM cells, threshold
        )
        SELECT iso3, country_name, sex, registered, attended, attended_complete, list_kinds,
               registered_withheld, attended_withheld, k AS threshold,
               concat_ws('; ', CASE WHEN registered_withheld THEN 'registered: fewer than ' || k END,
                               CASE WHEN attended_withheld THEN 'attended: fewer than ' || k END) AS withheld
        FROM published
        ORDER BY country_name, sex
    """,
    # The 57 members and what they took part in among the chosen events (period and types).
    "network_member_engagement": """
        WITH chosen AS (
            SELECT event_id, start_date FROM event
            WHERE year(start_date) BETWEEN $first_year AND $last_year AND list_contains($event_types, event_type)
        ), taken AS (
            SELECT p.iso3, p.event_id, p.role, chosen.start_date
            FROM participation p JOIN chosen USING (event_id)
            WHERE p.iso3 IS NOT NULL
        )
        SELECT m.iso3, m.name, m.name_fr, m.name_ar, m.oic_accession_year, m.wb_region,
               count(DISTINCT t.event_id) AS events_attended,
               count(DISTINCT t.event_id) FILTER (WHERE t.role = 'participant') AS events_as_participant,
               count(DISTINCT t.event_id) FILTER (WHERE t.role <> 'participant') AS events_other_roles,
               string_agg(DISTINCT t.role, ', ' ORDER BY t.role) AS roles,
               min(t.start_date) AS first_participation, max(t.start_date) AS last_participation,
               string_agg(DISTINCT t.event_id, ', ' ORDER BY t.event_id) AS event_ids
        FROM country m LEFT JOIN taken t USING (iso3)
        WHERE m.is_oic_member
        GROUP BY m.iso3, m.name, m.name_fr, m.name_ar, m.oic_accession_year, m.wb_region
        ORDER BY events_as_participant DESC, events_attended DESC, m.name
    """,
    # One country's record: each event it took part in, with its roles.
    "network_country_events": """
        SELECT e.event_id, e.title, e.event_type, e.start_date, e.end_date, e.modality,
               string_agg(DISTINCT p.role, ', ' ORDER BY p.role) AS roles,
               CASE WHEN count(p.participants) = count(*) THEN sum(p.participants) END AS participants_from_country,
               min(p.source_url) AS source_url
        FROM participation p JOIN event e USING (event_id)
        WHERE p.iso3 = $iso3
        GROUP BY e.event_id, e.title, e.event_type, e.start_date, e.end_date, e.modality
        ORDER BY e.start_date, e.event_id
    """,
    "network_country": """
        SELECT iso3, name, name_fr, name_ar, is_oic_member, is_observer, oic_accession_year FROM country WHERE iso3 = $iso3
    """,
    # Key labour indicators of chosen countries beside the OIC aggregate and the world, in one
    # reference year per indicator: the latest year with a published OIC aggregate (else the latest
    # with data); a country without a value that year shows its latest within $window years before.
    "network_labour_indicators": """
        WITH meta AS (
            SELECT code, title, unit, short_unit, decimals, higher_is_better, source_name, vintage, aggregation,
                   sex[1] AS sex, age[1] AS age
            FROM indicator WHERE list_contains($codes, code)
        ), reference_year AS (
            SELECT m.code, coalesce(
                (SELECT max(g.year) FROM group_aggregate g WHERE g.group_code = 'OIC' AND g.indicator_code = m.code
                    AND g.sex = m.sex AND g.age = m.age AND g.value IS NOT NULL),
                (SELECT max(o.year) FROM observation o WHERE o.indicator_code = m.code AND list_contains($iso3s, o.iso3))
            ) AS year
            FROM meta m
        ), latest AS (
            SELECT o.iso3, o.indicator_code, max(o.year) AS year, arg_max(o.value, o.year) AS value,
                   arg_max(o.estimate_type, o.year) AS estimate_type
            FROM observation o JOIN meta m ON m.code = o.indicator_code AND o.sex = m.sex AND o.age = m.age
            JOIN reference_year r ON r.code = o.indicator_code
            WHERE list_contains($iso3s, o.iso3) AND o.year BETWEEN r.year - $window AND r.year
            GROUP BY o.iso3, o.indicator_code
        )
        SELECT c.iso3, c.name, m.code AS indicator_code, m.title, m.unit, m.short_unit, m.decimals, m.higher_is_better,
               m.source_name, m.vintage, m.aggregation, r.year AS reference_year,
               l.year, l.value, l.estimate_type,
               oic.value AS oic_value, oic.coverage AS oic_coverage, wld.value AS world_value,
               oic_own.value AS oic_value_same_year
        FROM country c CROSS JOIN meta m
        JOIN reference_year r ON r.code = m.code
        LEFT JOIN latest l ON l.iso3 = c.iso3 AND l.indicator_code = m.code
        LEFT JOIN group_aggregate oic ON oic.group_code = 'OIC' AND oic.indicator_code = m.code
             AND oic.sex = m.sex AND oic.age = m.age AND oic.year = r.year
        LEFT JOIN group_aggregate oic_own ON oic_own.group_code = 'OIC' AND oic_own.indicator_code = m.code
             AND oic_own.sex = m.sex AND oic_own.age = m.age AND oic_own.year = l.year
        LEFT JOIN group_aggregate wld ON wld.group_code = 'WLD' AND wld.indicator_code = m.code
             AND wld.sex = m.sex AND wld.age = m.age AND wld.year = r.year
        WHERE list_contains($iso3s, c.iso3)
        ORDER BY list_position($codes, m.code), c.name
    """,
    # Country outlines for offline maps (lmi.charts_map): every shape, members and the rest.
    "map_country_shapes": """
        SELECT shape_key, iso3, name, geometry FROM country_shape ORDER BY shape_key
    """,
    "network_dataset_files": """
        SELECT file, source, role, vintage, sha256 FROM dataset WHERE source IN ('pesnet', 'pesnet_upload') ORDER BY file
    """,
}
