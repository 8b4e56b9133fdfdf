"""Named queries about the network's own activity (events, participation, engagement)."""

from __future__ import annotations

SQL: dict[str, str] = {}
