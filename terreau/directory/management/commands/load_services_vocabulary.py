"""`terreau load-services-vocabulary [DOSSIER]`: load the data·inclusion v1 value lists."""

from pathlib import Path

from django.core.management.base import BaseCommand

from terreau.core.management.errors import Erreur

from ...export import schema_dir_find
from ...vocabularies import vocabularies_load


class Command(BaseCommand):
    help = ("Charge (ou met à jour) les listes de valeurs du schéma data·inclusion v1 : "
            "thématiques, publics, frais, modes d'accueil et de mobilisation, réseaux "
            "porteurs… Lit les fichiers extra/*.json du dossier du schéma. Sans effet de bord "
            "si on le relance ; les thèmes propres aux groupes ne sont pas touchés.")

    def add_arguments(self, parser):
        parser.add_argument("folder", nargs="?", metavar="DOSSIER",
                            help="dossier du schéma v1, qui contient extra/ (défaut : "
                                 "services/data-inclusion du dossier de données ouvertes)")

    def handle(self, *args, folder, **options):
        path = Path(folder) if folder else schema_dir_find()
        if path is None or not (path / "extra").is_dir():
            raise Erreur(f"Dossier du schéma data·inclusion introuvable : "
                         f"{path or 'aucun dossier de données (TERREAU_DATA_DIR)'} "
                         "(il doit contenir extra/thematiques.json…).")
        count = vocabularies_load(path)
        if not count:
            raise Erreur(f"Aucune liste de valeurs dans {path / 'extra'}.")
        self.stdout.write(f"{count} valeurs chargées depuis {path / 'extra'}.")
