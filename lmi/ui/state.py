"""Widgets bound to the URL with Streamlit's own binding (`bind="query-params"`).

Streamlit keeps each bound widget and its query parameter in step (a change writes the URL, the
browser's Back restores the earlier value) and drops a value that is not an option. Around that,
`bound()` adds what a shared link needs: the other names of an option a link may carry (an ISO3
code, an event id), checked by lmi.selection, and a visible notice, as plain text, for a value
that is not on record. `persist=True` keeps the value for the session when the page is left (the
explorer's indicator, the Compare page's peers); what follows the user across pages ("my
country") is declared once in dashboard.py before the page runs.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st
from streamlit.errors import StreamlitAPIException

from lmi import selection
from lmi.i18n import t


def notice(text: str) -> None:
    """A visible note that the link asked for something not shown (`text` already made safe by lmi.selection)."""
    st.session_state.setdefault(_SHOWN, []).append(text)
    st.warning(text, icon="🔗")


_PAGE = "_lmi_page"


_SHOWN, _CARRIED = "_lmi_notices_shown", "_lmi_notices_carried"


def here(page) -> None:
    """Remember the page running now (dashboard.py, right after st.navigation): a link that names an
    option otherwise than as shown is rewritten to it (see `_seed`); the notices of the run that
    rewrote it are shown again in the new one."""
    st.session_state[_PAGE] = page
    st.session_state[_SHOWN] = []
    for text in st.session_state.pop(_CARRIED, []):
        notice(text)


def _seed(key: str, checked: selection.Checked, options: list, formatted: set[str], multiple: bool,
          format_func: Callable = str) -> None:
    """Start the widget from the link when the link names an option otherwise than as shown (`?country=JOR`,
    which Streamlit would drop): the same page opens again with the option as shown in its URL, so the
    link in the address bar reproduces the view. A value no longer among the options gives way to the default."""
    raw = selection.raw_values(st.query_params, key)
    if checked.value is not None and raw and not all(value in formatted for value in raw):
        shown = [format_func(v) for v in checked.value] if multiple else format_func(checked.value)
        page = st.session_state.get(_PAGE)
        if page is not None:
            try:
                st.session_state[_CARRIED] = list(st.session_state.get(_SHOWN, []))
                st.switch_page(page, query_params={**st.query_params.to_dict(), key: shown})
            except StreamlitAPIException:  # another parameter is already bound this run: Streamlit alone may write it
                st.session_state.pop(_CARRIED, None)
        # NOTE: without the new start, the view is right but the URL gets the option only at the next choice
        st.session_state[key] = checked.value
    current = st.session_state.get(key)
    if current is None:
        return
    if multiple:
        kept = [item for item in current if item in options]
        if len(kept) != len(current):
            st.session_state[key] = kept
    elif isinstance(current, tuple):
        if not all(item in options for item in current):
            del st.session_state[key]
    elif current not in options:
        del st.session_state[key]


def bound(widget: Callable, label: str, key: str, options: list, default, *, what: str, format_func: Callable = str,
          others: tuple[dict, ...] = (), persist: bool = False, **kwargs):
    """A selectbox, radio, multiselect or select_slider bound to the query parameter `key`.

    `default`: an option (a list for a multiselect, a pair for a range slider); `what` names the thing
    chosen in a notice ("country"); `others`: other names of the options a link may use."""
    multiple = widget is st.multiselect
    names = selection.aliases(options, format_func, *others)
    checked = selection.many(st.query_params, key, names, what) if multiple else selection.one(
        st.query_params, key, names, what, format_func(default) if not isinstance(default, (list, tuple)) else "")
    if checked.notice:
        notice(checked.notice)
    _seed(key, checked, options, {format_func(option) for option in options}, multiple, format_func)
    persist_state = "session" if persist else None
    if widget in (st.selectbox, st.radio):
        return widget(label, options, index=options.index(default), key=key, format_func=format_func, bind="query-params",
                      persist_state=persist_state, **kwargs)
    if multiple:
        return widget(label, options, default=default, key=key, format_func=format_func, bind="query-params",
                      persist_state=persist_state, **kwargs)
    raise TypeError(f"not a bindable choice widget: {widget!r}")


def bound_year(label: str, key: str, years: list[int], default: int, *, persist: bool = False) -> int:
    """A year slider over the years with data, bound to `key`; a year that is not four ASCII digits
    among them gives a notice ("²⁰²⁰" and "٢٠٢٠" are not years here)."""
    checked = selection.year(st.query_params, key, years, default)
    if checked.notice:
        notice(checked.notice)
    _seed(key, selection.Checked(), years, {str(year) for year in years}, False)
    if len(years) == 1:
        st.caption(t("{label}: {year} (the only year with data)", label=label, year=years[0]))
        return years[0]
    return st.select_slider(label, options=years, value=default, key=key, bind="query-params",
                            persist_state="session" if persist else None)


def bound_period(label: str, key: str, lowest: int, highest: int) -> tuple[int, int]:
    """A period (first and last year) bound to `key` (`?years=2016&years=2022`)."""
    checked = selection.period(st.query_params, key, lowest, highest)
    if checked.notice:
        notice(checked.notice)
    years = list(range(lowest, highest + 1))
    _seed(key, selection.Checked(), years, {str(year) for year in years}, False)
    if lowest == highest:
        st.caption(t("Year: {year}", year=lowest))
        return lowest, highest
    return st.select_slider(label, options=years, value=(lowest, highest), key=key, bind="query-params")


def bound_toggle(label: str, key: str, *, persist: bool = False, **kwargs) -> bool:
    """An on/off setting bound to `key` (`?national=true`)."""
    checked = selection.flag(st.query_params, key)
    if checked.notice:
        notice(checked.notice)
    raw = selection.raw_values(st.query_params, key)
    if checked.value is not None and raw and raw[-1].strip().casefold() not in ("true", "false"):
        st.session_state[key] = checked.value
    return st.toggle(label, key=key, bind="query-params", persist_state="session" if persist else None, **kwargs)
