"""`terreau add-group SLUG --name NAME [--zones CODE,...]`: create or update a group."""

from django.core.management.base import BaseCommand

from terreau.accounts.services import AccountsError, group_create_or_update
from terreau.core.management.errors import Erreur


class Command(BaseCommand):
    help = (
        "Crée un groupe territorial (ou le met à jour). Les zones se donnent par leur code "
        "INSEE, séparées par des virgules : --zones 37261,37122 (niveau:code si le code est "
        "ambigu, ex. region:24)."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug", help="identifiant du groupe, ex. tours-insertion")
        parser.add_argument("--name", required=True, help="nom affiché, ex. « Tours — insertion »")
        parser.add_argument("--zones",
                            help="codes INSEE des zones du groupe, séparés par des virgules")
        parser.add_argument("--description", help="description du groupe")

    def handle(self, *args, slug, name, zones, description, **options):
        codes = None if zones is None else [c for c in zones.split(",") if c.strip()]
        try:
            group, created = group_create_or_update(
                slug=slug, name=name, zone_codes=codes, description=description
            )
        except AccountsError as error:
            raise Erreur(str(error)) from error
        zone_list = ", ".join(f"{z.name} ({z.code})" for z in group.zones.order_by("code"))
        verb = "créé" if created else "mis à jour"
        self.stdout.write(self.style.SUCCESS(
            f"Groupe « {group.name} » ({group.slug}) {verb}. Zones : {zone_list or 'aucune'}."
        ))
