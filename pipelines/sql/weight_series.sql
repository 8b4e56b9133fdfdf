-- Weights for the aggregation rules, per economy and year, in persons.
-- Formulas are those of data/indicators.yml `weights`; every input is a shipped World Bank series.

WITH

inputs AS (
    SELECT
        iso3,
        year,
        max(value) FILTER (WHERE indicator_code = 'SP.POP.TOTL') AS population,
        max(value) FILTER (WHERE indicator_code = 'SP.POP.0014.TO.ZS') AS share_0_14,
        max(value) FILTER (WHERE indicator_code = 'SP.POP.65UP.TO.ZS') AS share_65_plus,
        max(value) FILTER (WHERE indicator_code = 'SL.TLF.CACT.ZS') AS participation_rate,
        max(value) FILTER (WHERE indicator_code = 'SL.EMP.TOTL.SP.ZS') AS employment_ratio
    FROM observation
    WHERE indicator_code IN ('SP.POP.TOTL', 'SP.POP.0014.TO.ZS', 'SP.POP.65UP.TO.ZS', 'SL.TLF.CACT.ZS', 'SL.EMP.TOTL.SP.ZS')
    GROUP BY iso3, year
),

derived AS (
    SELECT
        iso3,
        year,
        population,
        population * (1 - share_0_14 / 100) AS population_15_plus,
        population * (100 - share_0_14 - share_65_plus) / 100 AS population_15_64,
        participation_rate,
        employment_ratio
    FROM inputs
),

final AS (
    SELECT iso3, 'POP_TOTAL' AS weight_code, year, population AS value FROM derived
    UNION ALL
    SELECT iso3, 'POP_15PLUS', year, population_15_plus FROM derived
    UNION ALL
    SELECT iso3, 'POP_15_64', year, population_15_64 FROM derived
    UNION ALL
    SELECT iso3, 'LABOUR_FORCE_15PLUS', year, population_15_plus * participation_rate / 100 FROM derived
    UNION ALL
    SELECT iso3, 'EMPLOYMENT_15PLUS', year, population_15_plus * employment_ratio / 100 FROM derived
)

SELECT iso3, weight_code, year, value
FROM final
WHERE value IS NOT NULL
ORDER BY weight_code, iso3, year
