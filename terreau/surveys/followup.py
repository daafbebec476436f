"""The follow-up of a collection: answers per day, per collector, per zone, incomplete ones.

Counts only, never an answer's content. Below the disclosure threshold (11) a count is shown
only to the group's answer readers (facilitators, stewards, admins): to the other members
(collectors) it reads "moins de 11", so that a small zone does not point at a person.
"""

from dataclasses import dataclass

from django.db.models import Count, Q
from django.db.models.functions import TruncDate

from .models import Campaign, Submission

THRESHOLD = 11
INCOMPLETE_SHOWN = 50


@dataclass(frozen=True)
class Line:
    label: str
    count: int | None  # None: hidden (under the threshold, reader without the right)
    code: str = ""

    @property
    def hidden(self) -> bool:
        return self.count is None


@dataclass(frozen=True)
class FollowUp:
    total: int | None
    incomplete: int | None
    per_day: list[Line]
    per_collector: list[Line]
    per_zone: list[Line]
    incomplete_answers: list[Submission]  # answer readers only (else empty)
    reader: bool

    @property
    def hides_counts(self) -> bool:
        return any(line.hidden for line in (*self.per_day, *self.per_collector, *self.per_zone))

    def chart_data(self) -> list[dict]:
        """Vega-Lite values of the per-day chart (hidden days are left out)."""
        return [{"jour": line.code, "reponses": line.count}
                for line in self.per_day if not line.hidden]

    def zone_counts(self) -> dict[str, int | None]:
        """{zone code: count}, None where the table says "moins de 11" (the map's values)."""
        return {line.code: line.count for line in self.per_zone if line.code}


def _shown(count: int, reader: bool) -> int | None:
    return count if reader or count == 0 or count >= THRESHOLD else None


def _collector_name(row: dict) -> str:
    if row["collector"] is None:
        return "Lien public (sans enquêteur·rice)"
    full = f"{row['collector__first_name']} {row['collector__last_name']}".strip()
    return full or row["collector__username"]


def campaign_followup(campaign: Campaign, *, reader: bool) -> FollowUp:
    answers = Submission.objects.filter(campaign=campaign).order_by()
    totals = answers.aggregate(total=Count("pk"), incomplete=Count("pk", filter=Q(complete=False)))
    days = (answers.annotate(day=TruncDate("collected_at")).values("day")
            .annotate(n=Count("pk")).order_by("day"))
    collectors = (answers.values("collector", "collector__username", "collector__first_name",
                                 "collector__last_name").annotate(n=Count("pk")).order_by("-n"))
    zones = (answers.values("zone__code", "zone__name").annotate(n=Count("pk"))
             .order_by("zone__name", "zone__code"))
    incomplete = (list(answers.filter(complete=False).select_related("collector", "zone",
                                                                      "version")
                       .order_by("-collected_at")[:INCOMPLETE_SHOWN]) if reader else [])
    return FollowUp(
        total=_shown(totals["total"], reader),
        incomplete=_shown(totals["incomplete"], reader),
        per_day=[Line(row["day"].strftime("%d/%m/%Y"), _shown(row["n"], reader),
                      row["day"].isoformat()) for row in days],
        per_collector=[Line(_collector_name(row), _shown(row["n"], reader)) for row in collectors],
        per_zone=[Line(row["zone__name"] or "Zone non précisée", _shown(row["n"], reader),
                       row["zone__code"] or "") for row in zones],
        incomplete_answers=incomplete, reader=reader)
