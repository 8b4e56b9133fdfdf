"""The Country profile's model: headline figures with years and ranks, gaps to the OIC and to the
country's World Bank region peers, and its engagement in the network."""

from __future__ import annotations

from dataclasses import dataclass

from lmi import indicators, network
from lmi.models import Reader
from lmi.models.compare import Comparison, comparison


@dataclass
class Profile:
    iso3: str
    name: str
    figures: Comparison  # headline figures against the region's members and the OIC
    events_attended: int
    roles: list[str]
    engagement: str  # one sentence


def profile(read: Reader, iso3: str, series: list[indicators.Series], peer_kind: str = "region") -> Profile:
    figures = comparison(read, iso3, series, peer_kind)
    events = read("network_country_events", iso3=iso3)
    roles = sorted({r.strip() for cell in events["roles"].dropna() for r in cell.split(",")}, key=list(network.ROLES).index)
    first = events["start_date"].min() if len(events) else None
    last = events["start_date"].max() if len(events) else None
    by_role = {role: int(events["roles"].fillna("").map(lambda cell, role=role: role in [r.strip() for r in cell.split(",")]).sum())
               for role in roles}  # events per role, as the Country profile counts them (lmi.network.engagement_summary)
    sentence = network.summary_sentence(figures.country_name, len(events), len(read("network_events")), roles,
                                        first and first.date(), last and last.date(), by_role)
    return Profile(iso3, figures.country_name, figures, len(events), roles, sentence)
