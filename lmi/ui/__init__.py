"""The only part of lmi that knows Streamlit: cached loading, the first-start build, shared widgets."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from lmi import warehouse
from lmi.i18n import t


def ensure_warehouse(build: Callable) -> None:
    """Build the warehouse on first start, showing each step; stop the page with the error if it fails."""
    if warehouse.exists():
        return
    with st.status(t("First start: building the data warehouse from the shipped snapshots..."), expanded=True) as status:
        def progress(number: int, total: int, message: str) -> None:
            status.update(label=t("Building the warehouse: step {number} of {total}", number=number, total=total))
            if ":" in message:
                st.write(f"{number}/{total} · {message}")
        try:
            report = build(progress=progress)
        except Exception as err:  # a SourceError or ContractError, shown as the user would report it
            status.update(label=t("The warehouse could not be built"), state="error")
            st.error(str(err))
            st.stop()
        status.update(label=t("Warehouse built in {seconds:.1f} s", seconds=report.seconds), state="complete", expanded=False)
    st.cache_data.clear()


@st.cache_data(ttl=300, show_spinner=False)
def load(name: str, **params) -> pd.DataFrame:
    """A named query's result, cached for 5 minutes: the warehouse changes only when it is rebuilt
    (a refresh or an upload, which clear this cache), so the TTL only bounds memory for stale keys."""
    return warehouse.read(name, **params)
