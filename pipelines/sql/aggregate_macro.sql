-- aggregate_of(members, min_coverage): the aggregation rule of every indicator, for any group.
--
-- Persisted in the warehouse, so the OIC aggregate (computed at build time) and a focal point's
-- peer group (computed by the read side) use one and the same rule:
--   weighted_mean: sum(value * weight) / sum(weight) over members with both -- the ratio of sums,
--                  e.g. unemployed / labour force;
--   sum:           sum(value) over members with data; the weight only measures coverage.
-- coverage = weight of the members with data / weight of all members whose weight is known.
-- value is NULL (not published) where coverage < min_coverage. A year in which no member has a
-- weight has no row: with no weight there is no aggregate, never an unweighted mean.

CREATE OR REPLACE MACRO aggregate_of(members, min_coverage) AS TABLE
WITH

member AS (
    SELECT DISTINCT unnest(members) AS iso3
),

rule AS (
    SELECT code AS indicator_code, aggregation, weight_indicator
    FROM indicator
    WHERE aggregation IN ('weighted_mean', 'sum')
),

member_weight AS (
    SELECT w.weight_code, w.year, w.iso3, w.value AS weight
    FROM weight_series AS w
    JOIN member USING (iso3)
),

group_weight AS (
    SELECT weight_code, year, sum(weight) AS total_weight, count(*) AS n_members_weight_known
    FROM member_weight
    GROUP BY weight_code, year
),

member_value AS (
    SELECT o.indicator_code, o.sex, o.age, o.year, o.value, r.aggregation, r.weight_indicator, mw.weight
    FROM observation AS o
    JOIN member USING (iso3)
    JOIN rule AS r USING (indicator_code)
    JOIN member_weight AS mw
        ON mw.iso3 = o.iso3 AND mw.weight_code = r.weight_indicator AND mw.year = o.year
),

aggregated AS (
    SELECT
        indicator_code,
        sex,
        age,
        year,
        any_value(aggregation) AS aggregation,
        any_value(weight_indicator) AS weight_code,
        CASE any_value(aggregation)
            WHEN 'weighted_mean' THEN sum(value * weight) / sum(weight)
            ELSE sum(value)
        END AS unchecked_value,
        sum(weight) AS covered_weight,
        count(*) AS n_members_with_data
    FROM member_value
    GROUP BY indicator_code, sex, age, year
),

final AS (
    SELECT
        a.indicator_code,
        a.sex,
        a.age,
        a.year,
        CASE WHEN a.covered_weight / g.total_weight >= min_coverage THEN a.unchecked_value END AS value,
        a.covered_weight / g.total_weight AS coverage,
        (SELECT count(*) FROM member)::INTEGER AS n_members,
        g.n_members_weight_known::INTEGER AS n_members_weight_known,
        a.n_members_with_data::INTEGER AS n_members_with_data,
        a.aggregation || ' by ' || a.weight_code AS method
    FROM aggregated AS a
    JOIN group_weight AS g ON g.weight_code = a.weight_code AND g.year = a.year
)

SELECT * FROM final
