"""The only part of lmi that knows Streamlit. Pages write `from lmi import ui; ui.load(...)`; the
pieces live in modules by concern and are re-exported here:

- data: cached loading (per warehouse generation and language), the first-start build, settings as pages say them
- state: widgets bound to the URL, notices for a link's bad values
- parts: a chart with its source line and PNG/SVG downloads, CSV/XLSX downloads, report tables, the series picker
- chart_export: the image buttons and the embed link of the view on screen
- overview, explorer, compare, country: each page's sections, rendering the page models of lmi.models
"""

from lmi.ui.chart_export import chart_downloads, embed_panel
from lmi.ui.compare import ARROWS, comparison, scorecard_table
from lmi.ui.country import (engagement, gender_rows, headline_rows, observations_download, profile_metrics, profile_summary,
                            profile_table, series_of)
from lmi.ui.data import (COUNTRY_PAGES, DEFAULT_COUNTRY, aggregate_rule_text, chosen_country, coverage_words, default_series,
                         ensure_warehouse, load, meta, my_country, series_table)
from lmi.ui.explorer import aggregate_section, for_year, member_map, ranking_section, values_table
from lmi.ui.overview import headline_card, headlines
from lmi.ui.parts import PLOTLY_CONFIG, about, age_label, chart, downloads, export_meta, report_table, series_picker, sources_of
from lmi.ui.state import bound, bound_period, bound_toggle, bound_year, here, notice

__all__ = ["ARROWS", "COUNTRY_PAGES", "DEFAULT_COUNTRY", "PLOTLY_CONFIG", "about", "age_label", "aggregate_rule_text", "aggregate_section",
           "bound", "bound_period", "bound_toggle", "bound_year", "chart", "chart_downloads", "chosen_country", "comparison",
           "coverage_words", "default_series", "downloads", "embed_panel", "engagement", "ensure_warehouse", "export_meta", "for_year", "gender_rows",
           "headline_card", "headlines", "headline_rows", "here", "load", "member_map", "meta", "my_country", "notice",
           "observations_download", "profile_metrics", "profile_summary", "profile_table", "ranking_section", "report_table",
           "scorecard_table", "series_of", "series_picker", "series_table", "sources_of", "values_table"]
