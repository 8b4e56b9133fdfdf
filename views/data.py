"""Data: every source with its release and last refresh, which values exist, the whole warehouse to download;
for the signed-in secretariat, a Refresh that fetches the newest releases (pipelines.refresh, as the command line
`python -m pipelines refresh` does). Readers keep reading the old warehouse until the new one is swapped in whole."""

import streamlit as st

from lmi import data_catalogue as data
from lmi import ui
from lmi.i18n import t
from lmi.ui import auth
from pipelines.refresh import SOURCE_NAMES, refresh


@st.cache_data(ttl=300, show_spinner=False)
def _model(stamp: str) -> tuple:
    """Sources and coverage of the warehouse file `stamp` names (a swapped-in file has a new stamp)."""
    return data.sources(), data.coverage()


@st.cache_data(ttl=3600, show_spinner=False, max_entries=2)
def _export(file_format: str, stamp: str) -> bytes:
    """The warehouse as a zip; kept for an hour per file version (a few MB), two at most."""
    return data.export(file_format)


stamp = data.warehouse_stamp()
sources, coverage = _model(stamp)
st.title(t("Data"))
st.caption(t("Every figure on this dashboard comes from one warehouse, built from the files below. Download it whole to "
             "query it with DuckDB or pandas; datapackage.json describes every table and column."))

# 1. Sources, their releases and the refresh in use
st.subheader(t("Sources"))
st.dataframe(sources, hide_index=True, width="stretch", column_config={
    "oldest_release": st.column_config.TextColumn(t("oldest release")), "newest_release": st.column_config.TextColumn(t("newest release")),
    "refreshed": st.column_config.TextColumn(t("refreshed on"), help=t("Date of the refreshed snapshot in use; blank: shipped files only."))})

# 2. Which values exist
st.subheader(t("Which values exist"))
st.caption(t("How many of the 57 OIC members have a value, by series and year (from 1990)."))
st.dataframe(coverage, width="stretch", height=420,
             column_config={year: st.column_config.NumberColumn(str(year), format="%d", width="small") for year in coverage.columns})
series = ui.load("indicators")
code = st.selectbox(t("One indicator, member by member"), list(series["code"]), key="data_indicator",
                    format_func=dict(zip(series["code"], series["title"] + " (" + series["code"] + ")")).get)
st.dataframe(data.member_availability(code), width="stretch")
st.caption(t("M: ILO modelled estimate · N: national estimate · C: compiled by the publisher · blank: no value."))

# 3. The whole warehouse
st.subheader(t("Download the warehouse"))
columns = st.columns(2)
for column, file_format in zip(columns, ("parquet", "csv")):
    with column:
        if st.button(t("Prepare {format} files", format=file_format.upper()), key=f"prepare_{file_format}"):
            st.session_state[f"export_{file_format}"] = stamp
        if st.session_state.get(f"export_{file_format}") == stamp:
            st.download_button(t("Download {format} (zip, with datapackage.json)", format=file_format.upper()),
                               _export(file_format, stamp), file_name=f"pesnet-warehouse-{file_format}.zip",
                               mime="application/zip", key=f"download_{file_format}")

# 4. Refresh from the publishers: the secretariat only
if auth.is_secretariat():
    st.subheader(t("Refresh from the publishers"))
    st.caption(t("Fetches the newest World Bank and ILOSTAT releases, builds a new warehouse and swaps it in. Everyone keeps "
                 "reading the current one meanwhile; on any failure it stays in use."))
    chosen = st.multiselect(t("Sources"), list(SOURCE_NAMES), default=list(SOURCE_NAMES), key="refresh_sources")
    if st.button(t("Refresh now"), type="primary", disabled=not chosen, key="refresh_now"):
        with st.status(t("Refreshing..."), expanded=True) as status:
            bars = {}

            def progress(source: str, done: int, total: int, message: str) -> None:
                bar = bars.setdefault(source, st.progress(0.0, text=source))
                bar.progress(min(done / total, 1.0) if total else 1.0, text=f"{source}: {message}")

            report = refresh(chosen, progress=progress)
            status.update(label=report.message.splitlines()[0], state="complete" if report.ok else "error")
        st.cache_data.clear()
        st.code(report.summary(), language=None)
