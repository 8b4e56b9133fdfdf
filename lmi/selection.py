"""What a link asks for, checked before the widgets bound to the URL read it (pure).

Streamlit binds each widget to its query parameter (`bind="query-params"`): the URL holds the
option as the widget shows it, and Streamlit silently drops a value that is not an option. This
module does the rest: it accepts the other names of an option a link may carry (an ISO3 code, a
publisher's indicator code, an event id, a name in another language), and words the notice for a
value that is not on record: shortened to 40 characters, escaped, never an exception. Numbers are
parsed strictly: ASCII digits only (`str.isdigit` accepts "²⁰²⁰" and "٢٠٢٠", which are not years).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from lmi import display
from lmi.i18n import t

#: a year as a link writes it: four ASCII digits
YEAR = re.compile(r"[0-9]{4}", re.ASCII)


@dataclass(frozen=True)
class Checked:
    """A link's value for one widget: `value` to start from (None: leave the widget as it is), and a notice."""

    value: object = None
    notice: str | None = None


def raw_values(params: Mapping, key: str) -> list[str]:
    """The parameter's values as written (a repeated parameter gives several), blanks left out."""
    if hasattr(params, "get_all"):
        values = params.get_all(key)
    else:
        value = params.get(key)
        values = [] if value is None else value if isinstance(value, list) else [value]
    return [value for value in values if isinstance(value, str) and value.strip()]


def aliases(options: Iterable, format_func: Callable = str, *others: Mapping) -> dict[str, object]:
    """Every name a link may use for an option: as shown (what Streamlit writes), the option itself,
    and the names in `others` (option -> another name); matched case-insensitively."""
    names: dict[str, object] = {}
    for option in options:
        extra = [other.get(option) for other in others]
        for name in (option, format_func(option), *[n for item in extra for n in (item if isinstance(item, (list, tuple)) else [item])]):
            if isinstance(name, str) and name.strip():
                names.setdefault(_key(name), option)
    return names


def _key(text: str) -> str:
    return " ".join(display.plain(text).split()).casefold()


#: the notice for a single choice the link names but the record lacks, by what is chosen (whole sentences, for translation)
ONE = {
    "country": "The link asks for country {value}, which is not on record; showing {default} instead.",
    "indicator": "The link asks for indicator {value}, which is not on record; showing {default} instead.",
    "sex": "The link asks for sex {value}, which is not on record; showing {default} instead.",
    "age group": "The link asks for age group {value}, which is not on record; showing {default} instead.",
    "peer group": "The link asks for peer group {value}, which is not on record; showing {default} instead.",
    "event": "The link asks for event {value}, which is not on record; showing {default} instead.",
    "event with named countries": "The link asks for event {value}, which is not on record with named countries; showing {default} instead.",
}
#: the notice for items of a multiple choice that are not known, by what is chosen
MANY = {
    "event types": "The link asks for event types {values}, not known here; left out.",
    "modalities": "The link asks for modalities {values}, not known here; left out.",
    "peer": "The link asks for peers {values}, not known here; left out.",
    "indicator": "The link asks for indicators {values}, not known here; left out.",
}


def one(params: Mapping, key: str, names: Mapping[str, object], what: str, default_label: str) -> Checked:
    """A single choice: the option a name stands for, else a notice (and the widget's own default)."""
    values = raw_values(params, key)
    if not values:
        return Checked()
    raw = values[-1]
    if _key(raw) in names:
        return Checked(names[_key(raw)])
    template = ONE.get(what, "The link asks for {value}, which is not on record; showing {default} instead.")
    return Checked(notice=t(template, value=display.quoted(raw), default=display.markdown(default_label)))


def many(params: Mapping, key: str, names: Mapping[str, object], what: str) -> Checked:
    """A multiple choice (repeated or comma-separated): the known ones, and a notice naming the others."""
    values = [part for value in raw_values(params, key) for part in (value.split(",") if _key(value) not in names else [value])]
    if not values:
        return Checked()
    known = list(dict.fromkeys(names[_key(v)] for v in values if _key(v) in names))
    unknown = [v for v in values if _key(v) not in names]
    notice = None
    if unknown:
        shown = ", ".join(display.quoted(v) for v in unknown[:3]) + (t(" and {n} more", n=len(unknown) - 3) if len(unknown) > 3 else "")
        notice = t(MANY.get(what, "The link asks for {values}, not known here; left out."), values=shown)
    return Checked(known or None, notice)


def year(params: Mapping, key: str, years: list[int], default: int) -> Checked:
    """One year with data: four ASCII digits among `years`, else a notice and `default`."""
    values = raw_values(params, key)
    if not values:
        return Checked()
    raw = values[-1].strip()
    if YEAR.fullmatch(raw) and int(raw) in years:
        return Checked(int(raw))
    return Checked(default, t("No data for year {value} in the link; showing {default} instead.", value=display.quoted(raw),
                              default=default))


def period(params: Mapping, key: str, lowest: int, highest: int) -> Checked:
    """A period (two years, first and last) within lowest-highest, else every year with a notice."""
    values = raw_values(params, key)
    if not values:
        return Checked()
    parts = [part.strip() for value in values for part in value.split(",")]
    if len(parts) == 2 and all(YEAR.fullmatch(part) for part in parts):
        start, end = int(parts[0]), int(parts[1])
        if lowest <= start <= end <= highest:
            return Checked((start, end))
    return Checked((lowest, highest), t("The link's period {value} is not within {lowest}-{highest}; showing every year.",
                                        value=display.quoted(" - ".join(parts)), lowest=lowest, highest=highest))


def flag(params: Mapping, key: str) -> Checked:
    """A yes/no setting ("true"/"false", or 1/0)."""
    values = raw_values(params, key)
    if not values:
        return Checked()
    raw = values[-1].strip().casefold()
    if raw in ("true", "1", "yes"):
        return Checked(True)
    if raw in ("false", "0", "no"):
        return Checked(False)
    return Checked(False, t("The link's setting {key} {value} is neither yes nor no; left off.", key=display.quoted(key),
                            value=display.quoted(raw)))
