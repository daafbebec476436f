"""E-mail reminders of the actions' tasks: the person a task is given to hears of it a few
days before it is due, once (Task.reminded_on). `terreau remind-tasks` runs this daily.

A task done, without a date, without anyone, or whose person has no e-mail address is not
reminded; a task already late when the command first sees it is not either (the reminder
says "before", the action's page shows what is late).
"""

import logging
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils import timezone

from .models import Task
from .plans import person_name

logger = logging.getLogger(__name__)

SUBJECT_PREFIX = "[Terreau] "
DEFAULT_DAYS = 3


@dataclass
class Reminder:
    task: Task
    to: str
    sent: bool


def absolute_url(path: str) -> str:
    """A page of this site, for an e-mail (TERREAU_SITE_URL + path)."""
    return settings.TERREAU_SITE_URL.rstrip("/") + path


def tasks_to_remind(today: date, days: int):
    """Tasks not done, due between today and `days` days later, not reminded yet."""
    return (Task.objects.filter(done_at__isnull=True, reminded_on__isnull=True,
                                due_on__gte=today, due_on__lte=today + timedelta(days=days),
                                assignee__isnull=False)
            .exclude(assignee__email="")
            .select_related("action", "assignee").order_by("due_on", "pk"))


def when_text(due_on: date, today: date) -> str:
    left = (due_on - today).days
    if left == 0:
        return "aujourd'hui"
    if left == 1:
        return "demain"
    return f"dans {left} jours, le {due_on:%d/%m/%Y}"


def reminder_message(task: Task, today: date) -> EmailMessage:
    when = when_text(task.due_on, today)
    body = "\n".join([
        f"Bonjour {person_name(task.assignee)},", "",
        f"La tâche « {task.title} » de l'action « {task.action.title} » est à faire pour "
        f"{when}.", "",
        f"Pour la voir, ou la marquer comme faite : "
        f"{absolute_url(task.action.get_absolute_url())}#taches", "",
        "— Terreau (vous recevez ce message parce que cette tâche vous est confiée)",
    ])
    return EmailMessage(subject=f"{SUBJECT_PREFIX}Tâche à faire pour {when} : {task.title}"[:200],
                        body=body, to=[task.assignee.email])


def send_reminders(*, days: int = DEFAULT_DAYS, today: date | None = None,
                   dry_run: bool = False) -> list[Reminder]:
    """Send each reminder due and mark its task; with `dry_run`, only say what would go."""
    if days < 0:
        raise ValueError("Le nombre de jours doit être 0 ou plus.")
    today = today or timezone.localdate()
    reminders = []
    for task in tasks_to_remind(today, days):
        sent = False
        if not dry_run:
            try:
                reminder_message(task, today).send()
                sent = True
            except Exception:  # one unreachable address must not stop the others
                logger.exception("Rappel non envoyé à %s", task.assignee.email)
            if sent:
                Task.objects.filter(pk=task.pk).update(reminded_on=today)
        reminders.append(Reminder(task=task, to=task.assignee.email, sent=sent))
    return reminders
