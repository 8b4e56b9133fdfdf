-- Weights for the aggregation rules, per economy and year, in persons.
-- Formulas are those of data/indicators.yml `weights`; every input is a World Bank series, shipped
-- or refreshed. By sex and age: exact where the World Bank's own counts are in the snapshots (after a
-- refresh); where the catalogue's formula says "else", the shipped data's approximation stands in,
-- economy by economy and year by year (coalesce).
-- The build runs it over the staged rows, beside the parse (pipelines/build.py: _weights).

WITH

inputs AS (
    PIVOT (
        SELECT iso3, year, indicator_code, value
        FROM observation
        WHERE indicator_code IN (
            'SP.POP.TOTL', 'SP.POP.0014.TO.ZS', 'SP.POP.65UP.TO.ZS', 'SL.TLF.CACT.ZS', 'SL.EMP.TOTL.SP.ZS',
            'SP.POP.TOTL.FE.IN', 'SP.POP.TOTL.MA.IN', 'SP.POP.TOTL.FE.ZS', 'SP.POP.TOTL.MA.ZS',
            'SP.POP.0014.FE.IN', 'SP.POP.0014.MA.IN', 'SP.POP.1564.FE.IN', 'SP.POP.1564.MA.IN',
            'SP.POP.1519.FE.5Y', 'SP.POP.2024.FE.5Y', 'SP.POP.1519.MA.5Y', 'SP.POP.2024.MA.5Y',
            'SL.TLF.CACT.FE.ZS', 'SL.TLF.CACT.MA.ZS', 'SL.TLF.ACTI.1524.ZS', 'SL.TLF.ACTI.1524.FE.ZS',
            'SL.TLF.ACTI.1524.MA.ZS', 'SL.EMP.TOTL.SP.FE.ZS', 'SL.EMP.TOTL.SP.MA.ZS')
    )
    ON indicator_code IN (
        'SP.POP.TOTL' AS population, 'SP.POP.0014.TO.ZS' AS share_0_14, 'SP.POP.65UP.TO.ZS' AS share_65_plus,
        'SL.TLF.CACT.ZS' AS participation_rate, 'SL.EMP.TOTL.SP.ZS' AS employment_ratio,
        'SP.POP.TOTL.FE.IN' AS female_count, 'SP.POP.TOTL.MA.IN' AS male_count,
        'SP.POP.TOTL.FE.ZS' AS female_share, 'SP.POP.TOTL.MA.ZS' AS male_share,
        'SP.POP.0014.FE.IN' AS female_0_14, 'SP.POP.0014.MA.IN' AS male_0_14,
        'SP.POP.1564.FE.IN' AS female_15_64, 'SP.POP.1564.MA.IN' AS male_15_64,
        'SP.POP.1519.FE.5Y' AS female_share_15_19, 'SP.POP.2024.FE.5Y' AS female_share_20_24,
        'SP.POP.1519.MA.5Y' AS male_share_15_19, 'SP.POP.2024.MA.5Y' AS male_share_20_24,
        'SL.TLF.CACT.FE.ZS' AS female_participation, 'SL.TLF.CACT.MA.ZS' AS male_participation,
        'SL.TLF.ACTI.1524.ZS' AS youth_participation, 'SL.TLF.ACTI.1524.FE.ZS' AS female_youth_participation,
        'SL.TLF.ACTI.1524.MA.ZS' AS male_youth_participation,
        'SL.EMP.TOTL.SP.FE.ZS' AS female_employment_ratio, 'SL.EMP.TOTL.SP.MA.ZS' AS male_employment_ratio
    )
    USING max(value)
),

by_sex AS (
    SELECT
        *,
        population * (1 - share_0_14 / 100) AS population_15_plus,
        population * (100 - share_0_14 - share_65_plus) / 100 AS population_15_64,
        coalesce(female_count, population * female_share / 100) AS population_female,
        coalesce(male_count, population * male_share / 100) AS population_male
    FROM inputs
),

by_sex_and_age AS (
    SELECT
        *,
        -- NOTE: the "else" branch assumes each sex has the whole population's share aged 15+ (approximation)
        coalesce(female_count - female_0_14, population_female * (1 - share_0_14 / 100)) AS female_15_plus,
        coalesce(male_count - male_0_14, population_male * (1 - share_0_14 / 100)) AS male_15_plus,
        population_female * (female_share_15_19 + female_share_20_24) / 100 AS female_15_24,
        population_male * (male_share_15_19 + male_share_20_24) / 100 AS male_15_24
    FROM by_sex
),

final AS (
    SELECT
        iso3,
        year,
        population                                              AS POP_TOTAL,
        population_15_plus                                      AS POP_15PLUS,
        population_15_64                                        AS POP_15_64,
        population_15_plus * participation_rate / 100           AS LABOUR_FORCE_15PLUS,
        population_15_plus * employment_ratio / 100             AS EMPLOYMENT_15PLUS,
        population_female                                       AS POP_FEMALE,
        population_male                                         AS POP_MALE,
        female_15_plus                                          AS POP_15PLUS_FE,
        male_15_plus                                            AS POP_15PLUS_MA,
        female_15_64                                            AS POP_15_64_FE,
        male_15_64                                              AS POP_15_64_MA,
        female_15_24                                            AS POP_15_24_FE,
        male_15_24                                              AS POP_15_24_MA,
        female_15_24 + male_15_24                               AS POP_15_24,
        female_15_plus * female_participation / 100             AS LABOUR_FORCE_15PLUS_FE,
        male_15_plus * male_participation / 100                 AS LABOUR_FORCE_15PLUS_MA,
        (female_15_24 + male_15_24) * youth_participation / 100 AS LABOUR_FORCE_15_24,
        female_15_24 * female_youth_participation / 100         AS LABOUR_FORCE_15_24_FE,
        male_15_24 * male_youth_participation / 100             AS LABOUR_FORCE_15_24_MA,
        female_15_plus * female_employment_ratio / 100          AS EMPLOYMENT_15PLUS_FE,
        male_15_plus * male_employment_ratio / 100              AS EMPLOYMENT_15PLUS_MA
    FROM by_sex_and_age
)

-- one row per economy, weight and year with a value (UNPIVOT leaves out the NULLs)
SELECT iso3, weight_code, year, value
FROM (UNPIVOT final ON COLUMNS(* EXCLUDE (iso3, year)) INTO NAME weight_code VALUE value)
ORDER BY weight_code, iso3, year
