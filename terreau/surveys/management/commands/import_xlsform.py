"""`terreau import-xlsform PATH --group SLUG [--slug SLUG]`.

Reads an XLSForm (.xlsx or .xls) through pyxform and makes it a questionnaire of the group,
or a new version of the questionnaire named by --slug when it exists in that group. An
invalid form is refused whole, with pyxform's diagnosis in French (sheet, row, column).
"""

from pathlib import Path

from django.core.management.base import BaseCommand

from terreau.accounts.models import TerritorialGroup
from terreau.core.management.errors import Erreur
from terreau.surveys.models import Questionnaire
from terreau.surveys.services import SurveyError, questionnaire_create, version_save
from terreau.surveys.xlsform import xlsform_read
from terreau.surveys.xlsform_errors import XLSFormError


class Command(BaseCommand):
    help = ("Importe un questionnaire XLSForm (KoboToolbox, ODK) dans un groupe : nouveau "
            "questionnaire, ou nouvelle version de celui que nomme --slug. Rien n'est "
            "enregistré si le fichier contient une erreur.")

    def add_arguments(self, parser):
        parser.add_argument("path", metavar="FICHIER", help="le classeur .xlsx ou .xls")
        parser.add_argument("--group", required=True, metavar="GROUPE",
                            help="identifiant du groupe")
        parser.add_argument("--slug", default="", metavar="IDENTIFIANT",
                            help="identifiant du questionnaire (nouvelle version s'il existe)")

    def handle(self, *args, **options):
        path = Path(options["path"])
        if not path.is_file():
            raise Erreur(f"Fichier introuvable : {path}")
        group = TerritorialGroup.objects.filter(slug=options["group"]).first()
        if group is None:
            raise Erreur(f"Groupe introuvable : « {options['group']} ».")
        try:
            definition = xlsform_read(path)
        except XLSFormError as error:
            raise Erreur(f"{path.name} : {error}") from error
        slug = options["slug"].strip()
        existing = Questionnaire.objects.filter(slug=slug).first() if slug else None
        if existing is not None and existing.group_id != group.pk:
            raise Erreur(f"Le questionnaire « {slug} » appartient à un autre groupe.")
        try:
            if existing is None:
                questionnaire = questionnaire_create(group=group, definition=definition,
                                                     user=None, slug=slug,
                                                     source_name=path.name)
                version = questionnaire.latest_version()
            else:
                questionnaire = existing
                version = version_save(questionnaire=existing, definition=definition,
                                       user=None, source_name=path.name,
                                       note=f"Import du fichier {path.name}")
        except SurveyError as error:
            raise Erreur(str(error)) from error
        self.stdout.write(f"Questionnaire « {questionnaire.title} » ({questionnaire.slug}), "
                          f"version {version.number}, importé de {path.name}.")
