"""The display layer: codes become labels, missing values become words, and text from outside (a
link, an upload, an event record) becomes plain text. Pure (no Streamlit), so every page, every
download and the briefing pack show a value the same way.

- `plain(text)`: control and bidi-override characters removed; `markdown(text)` escapes it so a
  Markdown renderer shows it literally (no live link or image); `quoted(text)` shortens it to
  40 characters for a notice; `html(text)` escapes it for plotly's hover labels.
- `label(kind, code)`: the words for a code of the catalogue's code lists (source, estimate type,
  aggregation, sex, role, yes/no), `event_label(...)`: an event's title with its date.
- `for_screen(frame)` and `for_download(frame)`: a table as people read it. On screen every gap
  says what is missing; in a download numbers stay numbers (a gap is an empty number cell) and
  text columns say what is missing.
"""

from __future__ import annotations

import html as _html
import re
import unicodedata

import pandas as pd

from lmi.i18n import t

#: longest piece of outside text quoted in a notice
NOTICE_LIMIT = 40
#: bidi embeddings, overrides and isolates, and the marks (LRM, RLM, ALM): they reorder the text around them
BIDI = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"))
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~:$&@/])")

SOURCES = {"worldbank_wdi": "World Bank, World Development Indicators", "ilostat": "ILO, ILOSTAT", "pesnet": "OIC-PESNET record",
           "pesnet_upload": "secretariat's attendance lists", "natural_earth": "Natural Earth", "oic_reference": "OIC member list"}
ESTIMATES = {"ilo_modelled": "ILO modelled estimate", "national": "National estimate", "compiled": "Compiled by the World Bank"}
AGGREGATIONS = {"weighted_mean": "weighted mean (each member weighted by the rate's own denominator)", "sum": "sum over members",
                "none": "no OIC aggregate"}
SEXES = {"total": "Total", "female": "Female", "male": "Male", "not_stated": "Not stated"}
ROLES = {"host": "host", "chair": "chair", "trainer": "trainer", "participant": "participant"}
DATASET_ROLES = {"observations": "statistics", "geometry": "country shapes", "network_activity": "network activity",
                 "reference": "reference list", "country_metadata": "country metadata", "indicator_metadata": "indicator metadata",
                 "attendance": "attendance counts", "event": "event record"}
KINDS = {"source": SOURCES, "estimate_type": ESTIMATES, "aggregation": AGGREGATIONS, "sex": SEXES, "role": ROLES | DATASET_ROLES}
#: columns of the named queries that hold a code of these lists: shown as their labels on every page and in every download
CODE_COLUMNS = {"source": "source", "estimate_type": "estimate_type", "aggregation": "aggregation", "sex": "sex", "role": "role"}
#: the words for a missing value, by what is missing
MISSING = {"value": "no data", "text": "not stated", "none": "not applicable", "count": "unknown"}


# ---------------------------------------------------------------- text from outside


def plain(text) -> str:
    """The text without control characters (newlines and tabs become spaces) and without bidi controls."""
    if text is None or (not isinstance(text, str) and pd.isna(text)):
        return ""
    out = []
    for char in str(text).translate(BIDI):
        category = unicodedata.category(char)
        if category == "Cc":
            out.append(" " if char in "\t\n\r" else "")
        elif category in ("Cs", "Co", "Cn"):
            continue
        else:
            out.append(char)
    return "".join(out)


def shorten(text: str, limit: int = NOTICE_LIMIT) -> str:
    """At most `limit` characters, with an ellipsis when cut."""
    return text if len(text) <= limit else text[:limit].rstrip() + "…"


def markdown(text) -> str:
    """Plain text that a Markdown renderer shows literally: every special character backslash-escaped."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", plain(text))


def quoted(text, limit: int = NOTICE_LIMIT) -> str:
    """Outside text for a notice: plain, at most `limit` characters, escaped, in quotes."""
    return "“" + markdown(shorten(plain(text).strip(), limit)) + "”"


def html(text) -> str:
    """Plain text for plotly labels (which read a few HTML tags, links among them)."""
    return _html.escape(plain(text), quote=True)


def link_target(url) -> str | None:
    """A web address a page may link to (http or https only), else None: shown as text then."""
    text = plain(url).strip()
    return text if re.match(r"^https?://[^\s<>\"']+$", text) else None


# ---------------------------------------------------------------- codes and missing values


def label(kind: str, code) -> str:
    """The words for a code of one of the code lists; a missing code says so; an unknown code is shown as written."""
    if code is None or (not isinstance(code, (list, tuple)) and pd.isna(code)):
        return t(MISSING["text"])
    if isinstance(code, bool):
        return yes_no(code)
    return t(KINDS[kind].get(code, plain(code)))


def labels(kind: str, codes) -> str:
    """A comma-separated list of codes ("chair, participant") in words."""
    if codes is None or (isinstance(codes, float) and pd.isna(codes)):
        return t(MISSING["text"])
    items = [code.strip() for code in codes.split(",")] if isinstance(codes, str) else list(codes)
    return ", ".join(label(kind, code) for code in items if code)


def yes_no(value) -> str:
    if value is None or (not isinstance(value, bool) and pd.isna(value)):
        return t(MISSING["text"])
    return t("yes") if bool(value) else t("no")


def event_label(title, start) -> str:
    """"2022-10-10 · Training course on ...": an event as people recognise it."""
    when = pd.Timestamp(start).strftime("%Y-%m-%d") if start is not None and not pd.isna(start) else t("date not stated")
    return f"{when} · {plain(title)}"


def event_labels(events: pd.DataFrame) -> dict[str, str]:
    """event_id -> its title with its date."""
    return {row.event_id: event_label(row.title, row.start_date) for row in events.itertuples()}


def labelled(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with every code column (CODE_COLUMNS) in words; a list column is left as it is."""
    out = frame.copy()
    for column, kind in CODE_COLUMNS.items():
        if column in out and (out[column].dtype == object or pd.api.types.is_string_dtype(out[column])):
            out[column] = [value if isinstance(value, (list, tuple)) or value is None or (isinstance(value, float) and pd.isna(value))
                           else labels(kind, value) for value in out[column]]
    return out


def _is_number_column(column: pd.Series) -> bool:
    return pd.api.types.is_numeric_dtype(column) and not pd.api.types.is_bool_dtype(column)


def _text(value, missing: str) -> str:
    if value is None or (not isinstance(value, (list, tuple)) and pd.isna(value)):
        return missing
    if isinstance(value, bool):
        return yes_no(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else f"{value:,.1f}"
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    return plain(value)


def for_screen(frame: pd.DataFrame, missing: dict[str, str] | None = None, default: str = "value") -> pd.DataFrame:
    """A table for the screen: every gap in words (by column: `missing` maps a column to a key of
    MISSING, else `default`), booleans as yes/no, text stripped of control characters. Number columns
    without gaps stay numbers (so they sort and align as numbers)."""
    missing = missing or {}
    out = labelled(frame)
    for column in out.columns:
        series = out[column]
        word = _word(missing.get(column, default))
        if isinstance(series.dropna().iloc[0] if series.notna().any() else None, (list, tuple)):
            continue  # a list (a sparkline's values) is drawn, not written
        if _is_number_column(series) and not series.isna().any():
            continue
        if pd.api.types.is_datetime64_any_dtype(series) and not series.isna().any():
            continue
        out[column] = [_text(value, word) for value in series]
    return out


def for_download(frame: pd.DataFrame, missing: dict[str, str] | None = None, default: str = "text") -> pd.DataFrame:
    """A table for a download: numbers stay numbers (a gap is an empty number cell, said in the file's
    notes); booleans as yes/no; gaps in text columns in words; text stripped of control characters."""
    missing = missing or {}
    out = labelled(frame)
    for column in out.columns:
        series = out[column]
        if _is_number_column(series) or pd.api.types.is_datetime64_any_dtype(series):
            continue
        if series.map(lambda v: isinstance(v, (list, tuple))).any():
            out[column] = [", ".join(map(str, v)) if isinstance(v, (list, tuple)) else _text(v, "") for v in series]
            continue
        numeric = pd.to_numeric(series, errors="coerce")
        if series.notna().any() and numeric[series.notna()].notna().all() and not series.map(lambda v: isinstance(v, bool)).any():
            out[column] = numeric  # numbers held as objects (an Int64 with gaps, a date-free year): numbers again
            continue
        word = _word(missing.get(column, default))
        out[column] = [_text(value, word) for value in series]
    return out


def _word(key: str) -> str:
    """The word for a gap: a key of MISSING ("value", "text", "none", "count"), or a word given as is."""
    return t(MISSING[key]) if key in MISSING else key


#: what a download's notes say about its empty cells
EMPTY_NUMBER_NOTE = "An empty number cell: no data (the source publishes no value)."


# ---------------------------------------------------------------- a table as HTML (wraps on a laptop, stacks on a phone)

TABLE_STYLE = """<style>
.lmi-report{width:100%;border-collapse:collapse;font-size:0.875rem;line-height:1.35}
.lmi-report th,.lmi-report td{border-bottom:1px solid #e6e6e6;padding:6px 8px;text-align:left;vertical-align:top;overflow-wrap:break-word}
.lmi-report th{font-weight:600;background:#f7f7f9}
.lmi-report td.number{text-align:right}
.lmi-report td.spark{font-family:monospace;letter-spacing:-1px;white-space:nowrap;color:#0072B2}
.lmi-report td.spark::before{color:#31333f;font-family:"Source Sans Pro",sans-serif;letter-spacing:0}
@media (max-width:640px){
 .lmi-report thead{display:none}
 .lmi-report tr{display:block;border:1px solid #e6e6e6;border-radius:6px;margin:0 0 10px 0;padding:4px 0}
 .lmi-report td{display:flex;justify-content:space-between;gap:12px;border:none;padding:3px 10px;text-align:right}
 .lmi-report td::before{content:attr(data-label);font-weight:600;text-align:left;flex:0 0 45%}
 .lmi-report td.first{font-weight:600;text-align:left;display:block}
 .lmi-report td.first::before{content:none}
}
</style>"""


SPARK = "▁▂▃▄▅▆▇█"


def sparkline(values, last: int = 24) -> str:
    """The last `last` values as a line of block characters (▁▃▅▇), gaps skipped: a trend that any
    renderer shows, a screen reader included."""
    points = [float(v) for v in values if v is not None and not pd.isna(v)][-last:]
    if len(points) < 2:
        return t("one value only")
    low, high = min(points), max(points)
    span = (high - low) or 1.0
    return "".join(SPARK[round((v - low) / span * (len(SPARK) - 1))] for v in points)


def html_table(frame: pd.DataFrame, numbers: tuple[str, ...] = (), sparklines: tuple[str, ...] = ()) -> str:
    """The table as escaped HTML with each cell's column name in `data-label` (the phone layout shows
    each row as a card); `numbers` are right-aligned, `sparklines` (lists of values) drawn as small lines."""
    shown = for_screen(frame)
    head = "".join(f"<th>{html(column)}</th>" for column in shown.columns)
    rows = []
    for record in shown.itertuples(index=False):
        cells = []
        for position, (column, value) in enumerate(zip(shown.columns, record)):
            kind = "first" if position == 0 else "number" if column in numbers else "spark" if column in sparklines else ""
            content = html(sparkline(value)) if column in sparklines else html(value)
            cells.append(f'<td class="{kind}" data-label="{html(column)}">{content}</td>')
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return f'{TABLE_STYLE}<table class="lmi-report"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'
