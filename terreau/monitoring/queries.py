"""Who may do what in the monitoring pages, and the project years of a group.

- The members of a group read its sessions (without names), calendar, targets, dashboard,
  interview register (without notes) and yearly report (counts only).
- Names of participants are personal data: only the group's facilitators and admins see them
  (and each person sees their own presences). They also record sessions and attendance,
  import sheets, set the group's targets and run the self-evaluation.
- Interview notes: the interviewer and the group's facilitators and admins.
- The project calendar, each group's offset and the instance's targets: instance admins.
  Every signed-in person reads the whole project's report (counts per group, no names).
"""

from django.db.models import QuerySet

from terreau.accounts.models import TerritorialGroup
from terreau.accounts.queries import administers, membership_role
from terreau.accounts.roles import Role

from .models import GroupCalendar, Interview, ProjectCalendar, WorkSession
from .years import ProjectYears

MANAGER_ROLES = (Role.FACILITATOR, Role.ADMIN)


def _signed_in(user) -> bool:
    return user is not None and user.is_authenticated


def can_read(user, group: TerritorialGroup) -> bool:
    return administers(user) or membership_role(user, group.pk) is not None


def can_manage(user, group: TerritorialGroup) -> bool:
    """Record sessions and attendance, see names, set targets (facilitators and admins)."""
    return administers(user) or membership_role(user, group.pk) in MANAGER_ROLES


def can_see_names(user, group: TerritorialGroup) -> bool:
    return can_manage(user, group)


def can_read_notes(user, interview: Interview) -> bool:
    return (_signed_in(user) and interview.interviewer_id == user.pk) or can_manage(
        user, interview.group)


def group_get_readable(user, slug: str) -> TerritorialGroup | None:
    group = TerritorialGroup.objects.filter(slug=slug).first()
    return group if group is not None and can_read(user, group) else None


def groups_readable(user) -> QuerySet[TerritorialGroup]:
    if administers(user):
        return TerritorialGroup.objects.order_by("name")
    if not _signed_in(user):
        return TerritorialGroup.objects.none()
    return TerritorialGroup.objects.filter(memberships__user=user).order_by("name")


def project_calendar() -> ProjectCalendar:
    calendar = ProjectCalendar.objects.order_by("pk").first()
    return calendar or ProjectCalendar.objects.create()


def project_years(group: TerritorialGroup | None = None) -> ProjectYears:
    """The years of the project, shifted for a group that started later (None: the
    instance's own years)."""
    calendar = project_calendar()
    offset = 0
    if group is not None:
        offset = (GroupCalendar.objects.filter(group=group)
                  .values_list("offset_years", flat=True).first() or 0)
    return ProjectYears(calendar.first_day, calendar.years, offset)


def sessions_in_year(group: TerritorialGroup | None, year: int | None,
                     years: ProjectYears | None = None) -> QuerySet[WorkSession]:
    """The sessions of a group (all groups when None) in project year `year` (the whole
    project when None), by the group's own calendar (`years`, when the caller has it)."""
    sessions = WorkSession.objects.all()
    if group is not None:
        sessions = sessions.filter(group=group)
    years = years or project_years(group)
    first, last = years.whole() if year is None else years.bounds(year)
    return sessions.filter(date__gte=first, date__lte=last)
