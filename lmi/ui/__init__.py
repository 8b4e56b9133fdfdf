"""The only part of lmi that knows Streamlit. Pages write `from lmi import ui; ui.load(...)`; the
pieces live in modules by concern and are re-exported here (only what pages and dashboard.py call):

- data: cached loading (per warehouse generation and language), the first-start build, settings as pages say them
- state: widgets bound to the URL, notices for a link's bad values
- parts: a chart with its source line and PNG/SVG downloads, CSV/XLSX downloads, report tables, the series picker
- chart_export: the image buttons and the embed link of the view on screen
- overview, explorer, compare, country: each page's sections, rendering the page models of lmi.models
"""

from lmi.ui.chart_export import embed_panel
from lmi.ui.compare import comparison, scorecard_table
from lmi.ui.country import (engagement, gender_rows, headline_rows, observations_download, profile_metrics, profile_summary,
                            profile_table, series_of)
from lmi.ui.data import (COUNTRY_PAGES, aggregate_rule_text, chosen_country, coverage_words, ensure_warehouse, load, meta, my_country,
                         series_table)
from lmi.ui.explorer import aggregate_section, for_year, member_map, ranking_section, values_table
from lmi.ui.overview import headline_card, headlines
from lmi.ui.parts import about, chart, downloads, series_picker
from lmi.ui.state import bound, bound_year, here

__all__ = ["COUNTRY_PAGES", "about", "aggregate_rule_text", "aggregate_section", "bound", "bound_year", "chart", "chosen_country",
           "comparison", "coverage_words", "downloads", "embed_panel", "engagement", "ensure_warehouse", "for_year", "gender_rows",
           "headline_card", "headline_rows", "headlines", "here", "load", "member_map", "meta", "my_country", "observations_download",
           "profile_metrics", "profile_summary", "profile_table", "ranking_section", "scorecard_table", "series_of", "series_picker",
           "series_table", "values_table"]
