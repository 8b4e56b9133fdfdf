-- aggregate_of(members, min_coverage): the aggregation rule of every indicator, for any group.
--
-- Persisted in the warehouse, so the OIC aggregate (computed at build time) and a focal point's
-- peer group (computed by the read side) use one and the same rule:
--   weighted_mean: sum(value * weight) / sum(weight) over members with both -- the ratio of sums,
--                  e.g. unemployed / labour force;
--   sum:           sum(value) over members with data; the weight only measures coverage.
-- coverage = the smaller of
--   (a) the weight of the members with data / the weight of all members whose weight is known, and
--   (b) the population of the members with data / the population of all members (where known),
-- so a member whose weight is unknown that year (no participation rate, say) still counts as
-- uncovered, in proportion to its population.
-- Every sum runs in ISO3 order, so the same inputs give the same bits on every build (a parallel
-- sum of doubles otherwise depends on thread timing in its last digits).
-- value is NULL (not published) where coverage < min_coverage. A year in which no member has a
-- weight has no row: with no weight there is no aggregate, never an unweighted mean.

CREATE OR REPLACE MACRO aggregate_of(members, min_coverage, observations := 'observation') AS TABLE
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
    SELECT weight_code, year, sum(weight ORDER BY iso3) AS total_weight, count(*) AS n_members_weight_known
    FROM member_weight
    GROUP BY weight_code, year
),

member_population AS (
    SELECT iso3, year, weight AS population
    FROM member_weight
    WHERE weight_code = 'POP_TOTAL'
),

group_population AS (
    SELECT year, sum(population ORDER BY iso3) AS total_population
    FROM member_population
    GROUP BY year
),

member_value AS (
    SELECT o.iso3, o.indicator_code, o.sex, o.age, o.year, o.value, r.aggregation, r.weight_indicator, mw.weight, mp.population
    FROM query_table(observations) AS o
    JOIN member USING (iso3)
    JOIN rule AS r USING (indicator_code)
    JOIN member_weight AS mw
        ON mw.iso3 = o.iso3 AND mw.weight_code = r.weight_indicator AND mw.year = o.year
    LEFT JOIN member_population AS mp
        ON mp.iso3 = o.iso3 AND mp.year = o.year
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
            WHEN 'weighted_mean' THEN sum(value * weight ORDER BY iso3) / sum(weight ORDER BY iso3)
            ELSE sum(value ORDER BY iso3)
        END AS unchecked_value,
        sum(weight ORDER BY iso3) AS covered_weight,
        sum(population ORDER BY iso3) AS covered_population,
        count(*) AS n_members_with_data
    FROM member_value
    GROUP BY indicator_code, sex, age, year
),

covered AS (
    SELECT
        a.*,
        g.n_members_weight_known,
        least(a.covered_weight / g.total_weight,
              coalesce(a.covered_population / p.total_population, 1.0)) AS coverage
    FROM aggregated AS a
    JOIN group_weight AS g ON g.weight_code = a.weight_code AND g.year = a.year
    LEFT JOIN group_population AS p ON p.year = a.year
),

final AS (
    SELECT
        indicator_code,
        sex,
        age,
        year,
        CASE WHEN coverage >= min_coverage THEN unchecked_value END AS value,
        coverage,
        (SELECT count(*) FROM member)::INTEGER AS n_members,
        n_members_weight_known::INTEGER AS n_members_weight_known,
        n_members_with_data::INTEGER AS n_members_with_data,
        aggregation || ' by ' || weight_code AS method
    FROM covered
)

SELECT * FROM final
