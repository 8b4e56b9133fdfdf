-- group_aggregate: the OIC computed from its members with aggregate_of(), and the aggregates the
-- sources publish themselves (the world, World Bank regions, ILO regions), loaded as staged.

WITH

oic AS (
    SELECT list(iso3 ORDER BY iso3) AS members
    FROM group_member
    WHERE group_code = 'OIC'
),

oic_aggregate AS (
    SELECT
        'OIC' AS group_code,
        agg.indicator_code, agg.sex, agg.age, agg.year, agg.value, agg.coverage,
        agg.n_members, agg.n_members_weight_known, agg.n_members_with_data, agg.method,
        'computed from members: ' || i.source_name AS source,
        i.vintage
    FROM aggregate_of((SELECT members FROM oic), getvariable('min_coverage'), observations := 'staged_observation') AS agg
    JOIN indicator AS i ON i.code = agg.indicator_code
),

published AS (
    SELECT
        group_code, indicator_code, sex, age, year, value,
        NULL::DOUBLE AS coverage, NULL::INTEGER AS n_members, NULL::INTEGER AS n_members_weight_known,
        NULL::INTEGER AS n_members_with_data,
        'published by ' || source_name AS method,
        source, vintage
    FROM staged_published_aggregate
),

final AS (
    SELECT * FROM oic_aggregate
    UNION ALL
    SELECT * FROM published
)

SELECT * FROM final
ORDER BY group_code, indicator_code, sex, age, year
