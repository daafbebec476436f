"""Task reminders: e-mails in French with a link to the action, to the person of each task
not done and due within N days, once per task; `terreau remind-tasks`."""

# ruff: noqa: F811
import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from terreau.actions.models import Task
from terreau.actions.plans import action_create, task_add, task_done
from terreau.actions.reminders import send_reminders

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def tasks(group, fanny, mehdi):
    mehdi.email, mehdi.first_name, mehdi.last_name = "mehdi@example.org", "Mehdi", "Benali"
    mehdi.save()
    action = action_create(group=group, by=fanny, title="Forum de l'emploi")
    days = datetime.timedelta

    def add(title, due, who=mehdi):
        return task_add(action=action, by=fanny, title=title, assignee=who,
                        due_on=TODAY + days(due) if due is not None else None)

    done = add("Réserver la salle", 1)
    task_done(task=done, by=fanny)
    return {"soon": add("Imprimer les affiches", 2), "today": add("Appeler la mairie", 0),
            "later": add("Bilan", 10), "late": add("Devis", -1), "undated": add("Café", None),
            "nobody": add("Stand", 1, who=None), "no_email": add("Tables", 1, who=fanny),
            "done": done}


def test_reminders_go_once_to_the_tasks_due_soon(tasks):
    sent = send_reminders(days=3)
    assert [r.task.title for r in sent] == ["Appeler la mairie", "Imprimer les affiches"]
    assert len(mail.outbox) == 2
    message = mail.outbox[1]
    assert message.to == ["mehdi@example.org"]
    assert message.subject.startswith("[Terreau] Tâche à faire pour dans 2 jours")
    assert "Bonjour Mehdi Benali," in message.body
    assert "« Imprimer les affiches » de l'action « Forum de l'emploi »" in message.body
    assert "/actions/forum-de-lemploi/#taches" in message.body
    assert "aujourd'hui" in mail.outbox[0].subject
    assert Task.objects.get(pk=tasks["soon"].pk).reminded_on == TODAY
    assert send_reminders(days=3) == [] and len(mail.outbox) == 2  # once per task


def test_the_command_says_what_it_sends_and_dry_run_sends_nothing(tasks, capsys):
    call_command("remind_tasks", "--days", "10", "--dry-run")
    out = capsys.readouterr().out
    assert "à envoyer : mehdi@example.org — « Bilan » (action « Forum de l'emploi »" in out
    assert "3 rappel(s) à envoyer." in out
    assert not mail.outbox and not Task.objects.filter(reminded_on__isnull=False).exists()
    call_command("remind_tasks")
    out = capsys.readouterr().out
    assert "envoyé : mehdi@example.org — « Imprimer les affiches »" in out
    assert "2 rappel(s) envoyé(s)." in out and len(mail.outbox) == 2


def test_the_console_script_runs_it(tasks, run_cli):
    code, out, _ = run_cli("remind-tasks", "--days", "0")
    assert code == 0 and "« Appeler la mairie »" in out and len(mail.outbox) == 1
    code, _, err = run_cli("remind-tasks", "--days", "-1")
    assert code == 1 and "--days : un nombre de jours, 0 ou plus." in err
