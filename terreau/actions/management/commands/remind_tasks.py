"""`terreau remind-tasks [--days 3] [--dry-run]`: e-mail the tasks due soon (run it daily)."""

from django.core.management.base import BaseCommand, CommandError

from terreau.actions.reminders import DEFAULT_DAYS, send_reminders


class Command(BaseCommand):
    help = ("Envoie un rappel par courriel à la personne chargée de chaque tâche non faite "
            "qui arrive à échéance dans les prochains jours (une seule fois par tâche).")

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=DEFAULT_DAYS,
                            help=f"Échéance dans combien de jours au plus (défaut "
                                 f"{DEFAULT_DAYS}).")
        parser.add_argument("--dry-run", action="store_true",
                            help="Dire ce qui partirait, sans rien envoyer.")

    def handle(self, *args, days: int, dry_run: bool, **options):
        if days < 0:
            raise CommandError("--days : un nombre de jours, 0 ou plus.")
        reminders = send_reminders(days=days, dry_run=dry_run)
        for reminder in reminders:
            task = reminder.task
            if dry_run:
                state = "à envoyer"
            else:
                state = "envoyé" if reminder.sent else "ÉCHEC de l'envoi"
            self.stdout.write(f"{state} : {reminder.to} — « {task.title} » "
                              f"(action « {task.action.title} », pour le "
                              f"{task.due_on:%d/%m/%Y})")
        failed = sum(1 for r in reminders if not dry_run and not r.sent)
        verb = "à envoyer" if dry_run else "envoyé(s)"
        self.stdout.write(f"{len(reminders) - failed} rappel(s) {verb}"
                          + (f", {failed} en échec." if failed else "."))
        if failed:
            raise CommandError(f"{failed} rappel(s) n'ont pas pu partir : voir le journal.")
