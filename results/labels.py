"""The English names of the results' codes (medals, a standing's state, the team ranking order) as the
pages show them, beside the tournament's (``tournaments.labels``): msgids that
``results/locale/vi/LC_MESSAGES/results.po`` turns into the Vietnamese of ``MEDAL_VI``,
``STATUS_VI`` (``results.standings``) and ``ORDER_VI`` (``results.service``), which the documents use."""

from __future__ import annotations

from collections.abc import Mapping

from tournaments.labels import LABELS as TOURNAMENT_LABELS

MEDAL = {"gold": "Gold medal", "silver": "Silver medal", "bronze": "Bronze medal", "": ""}
STANDING_STATUS = {"not_drawn": "Not drawn yet", "running": "In progress (provisional)", "final": "Official"}
ORDER = {"medals": "By medals (gold, silver, bronze)", "points": "By team points"}

LABELS: dict[str, Mapping[str, str]] = {**TOURNAMENT_LABELS, "medal": MEDAL, "standing_status": STANDING_STATUS, "order": ORDER}
