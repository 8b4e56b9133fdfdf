"""The language of a run: the switch in the sidebar, kept in the URL (?lang=en|fr|ar), the browser's
language as the default, the page's `lang` and `dir`, and the right-to-left layout for Arabic.

Call `setup()` once at the top of dashboard.py, before anything shows text: the switch lives in the
entry script, so it is rendered on every page and its URL parameter follows the user across pages
(Streamlit 1.67 `bind="query-params"`: the widget's value is the `lang` parameter; English, the
widget's default, keeps the URL clean).
"""

from __future__ import annotations

import json

import plotly.graph_objects as go
import streamlit as st

from lmi import formats, i18n

KEY = "lang"
DIGITS_KEY = "digits"
#: the switch's label in the three languages, so a reader who does not read the current one finds it
LABEL = "Language · Langue · اللغة"
#: Arabic glyphs from the shipped Noto Sans Arabic (OFL, static/fonts/OFL.txt); Latin text keeps Streamlit's font
ARABIC_RANGE = "U+0600-06FF, U+0750-077F, U+0870-08FF, U+FB50-FDFF, U+FE70-FEFF, U+200C-200F"


def browser_language(accept_language: str | None, navigator: str | None = None) -> str | None:
    """The first of en / fr / ar the browser asks for (Accept-Language, by q-value; then navigator.language)."""
    ranked = []
    for position, part in enumerate((accept_language or "").split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        ranked.append((-quality, position, tag.strip().lower()))
    tags = [tag for _, _, tag in sorted(ranked)] + [(navigator or "").lower()]
    for tag in tags:
        primary = tag.split("-")[0].split("_")[0]
        if primary in i18n.LANGUAGES:
            return primary
    return None


def _default() -> str:
    try:
        headers = st.context.headers
        accept = headers.get("Accept-Language") if headers is not None else None
        locale = st.context.locale
    except Exception:  # AppTest and bare runs have no browser context
        accept, locale = None, None
    return browser_language(accept, locale) or i18n.DEFAULT


def setup() -> str:
    """Language switch, digits, `lang`/`dir` of the page and the Arabic layout; returns the language."""
    code = _choice(KEY, list(i18n.LANGUAGES), i18n.LANGUAGES.get, LABEL, first=_default)
    code = i18n.set_language(code)
    digits = "latn"
    if code == "ar":
        digits = _choice(DIGITS_KEY, list(formats.DIGITS), {"latn": "0123", "arab": "٠١٢٣"}.get, i18n.t("Digits"),
                         first=lambda: "latn", horizontal=True)
    formats.set_digits(digits)
    _document(code)
    return code


def _choice(key: str, options: list[str], labels, label: str, first, horizontal: bool = False) -> str:
    """A sidebar choice kept in the URL as ?key=<code> (the code, not its label, so a link stays short and
    language-neutral) and in the session, so it follows the user from page to page; the first value of
    a session comes from the URL, else from `first()`. (Streamlit's bind="query-params" would write the
    option's label into the URL: "?lang=Français".)"""
    widget = f"{key}-choice"
    if widget not in st.session_state:
        wanted = st.query_params.get(key)
        st.session_state[widget] = wanted if wanted in options else first()
    if horizontal:
        value = st.sidebar.radio(label, options, format_func=labels, key=widget, horizontal=True)
    else:
        value = st.sidebar.selectbox(label, options, format_func=labels, key=widget)
    if value == options[0]:
        st.query_params.pop(key, None)
    elif st.query_params.get(key) != value:
        st.query_params[key] = value
    return value


def _document(code: str) -> None:
    """Set <html lang dir> for screen readers and the browser, and the styles of the language (right to left
    for Arabic) in one <style> element of the page's <head>. A script writes it: Streamlit's HTML sanitiser
    drops a <style> that loads a font (url(...)), and a style inside the app would not reach plotly's
    measuring <svg> under <body>."""
    styles = ACCESSIBLE_CSS + (RTL_CSS if code in i18n.RIGHT_TO_LEFT else "")
    assert "<" not in styles + LIST_ROLES, "Streamlit's sanitiser drops a script whose text holds markup"
    script = f"""<script>(() => {{
document.documentElement.lang = {json.dumps(code)};
document.documentElement.dir = {json.dumps(i18n.direction(code))};
let style = document.getElementById("pesnet-language-style");
if (!style) {{ style = document.createElement("style"); style.id = "pesnet-language-style"; document.head.appendChild(style); }}
if (style.textContent !== {json.dumps(styles)}) style.textContent = {json.dumps(styles)};
{LIST_ROLES}
}})();</script>"""
    st.html(script, unsafe_allow_javascript=True, width="content")


#: Streamlit's navigation wraps each <li> of its <ul> in a <div> (axe: "list", "listitem"): the wrappers get
#: the item's role (and the <li> none), so assistive technology reads one list of links; kept up as Streamlit redraws
LIST_ROLES = """
if (!window.__pesnetListRoles) {
  window.__pesnetListRoles = true;
  const fix = () => document.querySelectorAll('ul > div:not([role])').forEach(d => {
    d.setAttribute('role', 'listitem');
    d.querySelectorAll(':scope > li').forEach(li => li.setAttribute('role', 'none'));
  });
  fix();
  new MutationObserver(fix).observe(document.body, {childList: true, subtree: true});
}"""
#: WCAG 2.2 AA contrast (1.4.3): Streamlit's light theme fades captions (opacity 0.6: 3.9:1 on white) and
#: disabled labels; 4.5:1 needs them solid: #62615f is 6.1:1 on white
ACCESSIBLE_CSS = """
[data-testid="stCaptionContainer"] { opacity: 1; color: #62615f; }
[data-testid="stWidgetLabel"] p { color: #31333f; opacity: 1; }  /* a disabled widget keeps a legible label */
/* a page's name in the navigation wraps rather than being cut ("Marchés du travail des participants") */
[data-testid="stSidebarNavLink"] span { white-space: normal; overflow: visible; text-overflow: clip; }
[data-testid="stSidebarNavLink"] { height: auto; min-height: 2rem; }
/* a metric's value (a list of roles, a month) wraps rather than ending in "..." */
[data-testid="stMetricValue"] > div, [data-testid="stMetricValue"] p, [data-testid="stMetricLabel"] p { white-space: normal; overflow: visible; text-overflow: clip; overflow-wrap: break-word; }
/* WCAG 2.2 target size (2.5.8): the date picker's day, month and year segments are at least 24 x 24 px */
[data-testid="stDateInput"] [role="spinbutton"] { display: inline-block; min-width: 24px; min-height: 24px; }
"""


def orient(fig: go.Figure) -> go.Figure:
    """A chart for a right-to-left page: title and legend start on the right; a time axis still runs left to right."""
    if i18n.direction() == "rtl":
        fig.update_layout(title_x=1, title_xanchor="right", legend_x=1, legend_xanchor="right")
    return fig


RTL_CSS = """
@font-face { font-family: "Noto Sans Arabic"; font-weight: 400; font-display: swap;
  src: url("app/static/fonts/NotoSansArabic-Regular.ttf") format("truetype"); unicode-range: %(range)s; }
@font-face { font-family: "Noto Sans Arabic"; font-weight: 600 700; font-display: swap;
  src: url("app/static/fonts/NotoSansArabic-Bold.ttf") format("truetype"); unicode-range: %(range)s; }
.stApp :is(h1, h2, h3, h4, p, li, label, span, div, input, textarea, button, th, td, summary):not([data-testid="stIconMaterial"], [data-testid="stExpanderIcon"]),
[data-baseweb="popover"] li { font-family: "Noto Sans Arabic", "Source Sans", "Source Sans Pro", sans-serif; }
.stApp [data-testid="stMain"], .stApp [data-testid="stSidebar"], [data-baseweb="popover"] { direction: rtl; }
.stApp [data-testid="stMarkdownContainer"], .stApp [data-testid="stCaptionContainer"], .stApp h1, .stApp h2, .stApp h3,
.stApp [data-testid="stMetric"], .stApp [data-testid="stWidgetLabel"], .stApp [data-testid="stAlertContentInfo"],
.stApp [data-testid="stAlertContentWarning"], .stApp [data-testid="stExpander"] summary { text-align: right; }
.stApp [data-testid="stMarkdownContainer"] :is(p, ul, ol, li) { direction: rtl; }
.stApp [data-testid="stMarkdownContainer"] :is(ul, ol) { padding-right: 1.2em; padding-left: 0; margin-right: 0.5em; }
/* a collapsed sidebar (width 0, slid out to the left) must not show its content over the page on a phone */
.stApp [data-testid="stSidebar"] { overflow: hidden; }
/* a time axis and a year slider run left to right, as in every Arabic statistical publication */
.stApp [data-testid="stPlotlyChart"], .stApp [data-testid="stSlider"], .stApp .stSlider { direction: ltr; }
/* plotly measures labels in a hidden svg element under the body: measured right to left, its margins come out too small */
#js-plotly-tester, #js-plotly-tester * { direction: ltr; }
""" % {"range": ARABIC_RANGE}


def alt_text(fig: go.Figure) -> str | None:
    """A chart's text alternative for screen readers: its title, and where its numbers are in text."""
    import re

    title = re.sub(r"<[^>]+>", " ", (fig.layout.title.text or "")).strip()
    if not title:
        return i18n.t("Chart; its values are in the table and the downloads on this page.")
    return i18n.t("Chart: {title}. Its values are in the table and the downloads on this page.", title=re.sub(r"\s+", " ", title))
