"""Streamlit side of the Briefing page: the choices, the cached pack, the slide preview, the downloads."""

from __future__ import annotations

import datetime as dt
import io

import pandas as pd
import streamlit as st

from lmi import formats, i18n, indicators, models, network, warehouse
from lmi.briefing import model, pdf, pptx
from lmi.chart_export import ChartMeta
from lmi.i18n import t
from lmi.models.figures import figure
from lmi.ui.chart_export import chart_downloads
from lmi.ui.data import load as localized


def load(name: str, **params) -> pd.DataFrame:
    """A named query as the models read it (untranslated: the pack words names itself), cached per
    warehouse generation like the other pages' queries, so a rebuild is seen at the next interaction."""
    return _load(name, warehouse.generation(), **params)


@st.cache_data(ttl=300, show_spinner=False)
def _load(name: str, generation: tuple | None, **params) -> pd.DataFrame:
    return models.reader()(name, **params)


def choose_meeting() -> model.Meeting:
    """An event on record (default: the latest network meeting) or a new meeting's title, date and type."""
    events = model.events(load)
    on_record = st.radio(t("Meeting"), [True, False], horizontal=True, key="briefing-on-record",
                         format_func=lambda v: t("An event on record") if v else t("A new meeting"))
    if on_record:
        ids = list(events.sort_values("date", ascending=False)["event_id"])
        label = dict(zip(events["event_id"], [f"{formats.date(d, 'medium')} · {title}" for d, title in zip(events["date"], events["title"])]))
        chosen = st.selectbox(t("Event"), ids, index=ids.index(model.latest_meeting_id(load)), format_func=label.get,
                              key="briefing-event")
        return model.meeting_from_event(load, chosen)
    left, middle, right = st.columns([3, 1, 2])
    title = left.text_input(t("Title"), t("Next meeting of the OIC Public Employment Services Network"), key="briefing-title")
    date = middle.date_input(t("Date"), dt.date.today(), key="briefing-date")
    kind = right.selectbox(t("Type"), list(model.MEETING_TYPES), format_func=lambda k: t(network.EVENT_TYPES[k]), key="briefing-type")
    return model.Meeting(title or t("Meeting"), date, kind)


def choose_period(meeting: model.Meeting) -> tuple[dt.date, dt.date]:
    previous = model.previous_meeting(load, meeting)
    default = model.default_period(load, meeting, previous)
    st.caption(t("Default: since the previous {kind} ({title}, {date}).", kind=t(network.EVENT_TYPES[meeting.event_type]).lower(),
                 title=previous.title, date=formats.date(previous.date)) if previous else t("No earlier meeting of this type: since the first event on record."))
    chosen = st.date_input(t("Period covered"), default, key=f"briefing-period-{meeting.event_id}-{meeting.date}")
    return (chosen[0], chosen[1]) if isinstance(chosen, tuple) and len(chosen) == 2 else default


def choose_countries(meeting: model.Meeting) -> list[str]:
    members = localized("members")  # names in the reader's language
    names = dict(zip(members["iso3"], members["name"]))
    return st.multiselect(t("Countries to feature (default: the host and chair)"), list(names), meeting.hosts, format_func=names.get,
                          key=f"briefing-countries-{meeting.event_id}")


def choose_series() -> list[indicators.Series]:
    catalogue = localized("indicators")  # titles in the reader's language
    titles = dict(zip(catalogue["code"], catalogue["title"]))
    codes = st.multiselect(t("Indicators (default: the Overview's headline set)"), list(titles), [c for c, _, _ in indicators.HEADLINE],
                           format_func=lambda c: t(titles[c]), key="briefing-indicators")
    return [models.default_series(catalogue, code) for code in codes]


def build(meeting: model.Meeting, countries: list[str], series: list[indicators.Series], period: tuple[dt.date, dt.date]) -> model.Briefing:
    """The pack's content, cached per language (its texts are written in it) and warehouse generation (a rebuild
    is a new pack at the next interaction): the files are made from it only when a download is clicked."""
    return _build(meeting, tuple(countries), tuple(series), period, i18n.language(), warehouse.generation())


@st.cache_data(ttl=300, show_spinner=False)  # the page says "Preparing the briefing..." in the reader's language
def _build(meeting: model.Meeting, countries: tuple[str, ...], series: tuple[indicators.Series, ...], period: tuple[dt.date, dt.date],
           language: str, generation: tuple | None) -> model.Briefing:
    """Cached for 5 minutes, like the queries it reads; language and generation are in the key."""
    return model.build(models.reader(), meeting, list(countries), list(series) or None, period)


def preview(briefing: model.Briefing) -> None:
    """Every slide's content as the files will show it."""
    for number, slide in enumerate(briefing.slides, start=1):
        with st.container(border=True):
            st.markdown(f"**{number}. {slide.title}**")
            for line in slide.lines:
                st.markdown(f"- {line}")
            if slide.table is not None:
                st.dataframe(slide.table.text, hide_index=True, width="stretch")
            if slide.chart is not None:
                fig = figure(slide.chart)
                st.plotly_chart(fig, key=f"slide-{slide.key}", config={"displaylogo": False}, width="stretch")
                chart_downloads(fig, ChartMeta(slide.chart.title, slide.chart.unit, model.footer(slide.chart.sources),
                                               t("Data as built on {date}", date=formats.date(briefing.built_at[:10]))),
                                key=f"chart-{slide.key}", name=slide.key)
            st.caption(model.footer(slide.sources))


def downloads(briefing: model.Briefing) -> None:
    """PowerPoint (optionally on the secretariat's template) and PDF, each built when clicked."""
    template = st.file_uploader(t("Start from your own PowerPoint template (optional, .pptx; it is not stored)"), type=["pptx"],
                                key="briefing-template")
    name = (briefing.meeting.event_id or f"meeting-{briefing.meeting.date}") + "-briefing"
    left, right = st.columns(2)
    left.download_button(t("PowerPoint (.pptx)"), lambda: _pptx(briefing, template), f"{name}.pptx",
                         "application/vnd.openxmlformats-officedocument.presentationml.presentation", key="briefing-pptx",
                         on_click="ignore", type="primary", icon=":material/slideshow:", width="stretch")
    right.download_button(t("PDF"), lambda: pdf.render(briefing), f"{name}.pdf", "application/pdf", key="briefing-pdf",
                          on_click="ignore", icon=":material/picture_as_pdf:", width="stretch")


def _pptx(briefing: model.Briefing, template) -> bytes:
    try:
        return pptx.render(briefing, io.BytesIO(template.getvalue()) if template is not None else None)
    except model.BriefingError as err:  # a file that is not a presentation: say so rather than fail the page
        st.error(str(err))
        return pptx.render(briefing)
