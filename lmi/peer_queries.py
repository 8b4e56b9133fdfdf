"""Named queries of the peer groups a focal point chooses (Compare): every country with its World
Bank region and income group, and a group's value as the World Bank publishes it. Bound parameters only."""

from __future__ import annotations

SQL: dict[str, str] = {
    # Every country (OIC members and the rest), for peer groups beyond the OIC. region_key: the region's name
    # untranslated (the reader's loader translates wb_region), the key of its published series.
    "countries": """
        SELECT iso3, name, name_fr, name_ar, is_oic_member, wb_region, wb_income_group, wb_region AS region_key
        FROM country WHERE NOT is_aggregate ORDER BY name
    """,
    # A region's or income group's own published series (World Bank), by the group's English name (a region_key).
    "published_group_series": """
        SELECT g.group_code, g.year, g.value
        FROM group_aggregate AS g JOIN country_group AS cg USING (group_code)
        WHERE cg.name = $group_name AND cg.kind = 'published' AND g.indicator_code = $code AND g.sex = $sex AND g.age = $age
              AND g.value IS NOT NULL
        ORDER BY g.year
    """,
}
