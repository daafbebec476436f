"""`terreau add-indicator SLUG --formula "taux(a, b)" --label "…"`: create an indicator."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand

from terreau.accounts.models import TerritorialGroup
from terreau.catalog.choices import VariableKind
from terreau.core.management.errors import Erreur
from terreau.indicators.choices import Direction
from terreau.indicators.formula import FormulaError
from terreau.indicators.management.operator import command_line_user
from terreau.indicators.queries import formula_read
from terreau.indicators.services import indicator_create

FIELD_NAMES = {"slug": "identifiant", "label": "libellé", "formula": "formule",
               "decimals": "décimales", "owner_group": "groupe", "kind": "nature",
               "direction": "sens", "unit": "unité"}


class Command(BaseCommand):
    help = ("Crée un indicateur à partir d'une formule sur des variables importées, avec les "
            "mêmes vérifications que le formulaire. Exemple : terreau add-indicator chomage "
            "--formula \"taux(p18_chom1564, p18_act1564)\" --label \"Taux de chômage\" --unit %")

    def add_arguments(self, parser):
        parser.add_argument("slug", help="identifiant de l'indicateur (lettres, chiffres, -)")
        parser.add_argument("--formula", required=True,
                            help="formule, ex. \"taux(chomeurs, actifs)\"")
        parser.add_argument("--label", required=True, help="libellé affiché")
        parser.add_argument("--unit", default="", help="unité, ex. %%, €")
        parser.add_argument("--kind", default=VariableKind.RATE, choices=VariableKind.values,
                            help="nature : " + ", ".join(VariableKind.values))
        parser.add_argument("--group", help="identifiant du groupe propriétaire")
        parser.add_argument("--decimals", type=int, default=1, help="décimales affichées (1)")
        parser.add_argument("--direction", default=Direction.NEUTRAL, choices=Direction.values,
                            help="sens : better (plus haut = mieux), worse, neutral")
        parser.add_argument("--definition", default="", help="définition en une phrase")

    def handle(self, *args, slug, formula, label, unit, kind, group, decimals, direction,
               definition, **options):
        owner_group = None
        if group:
            owner_group = TerritorialGroup.objects.filter(slug=group).first()
            if owner_group is None:
                raise Erreur(f"Groupe inconnu : « {group} ».")
        user = command_line_user()
        try:  # read the formula first, to show the faulty part under a caret
            formula_read(formula, user)
        except FormulaError as error:
            raise Erreur(f"Indicateur non créé. {error.explain()}") from None
        try:
            indicator = indicator_create(
                slug=slug, label=label, formula=formula, unit=unit, kind=kind,
                decimals=decimals, direction=direction, definition=definition,
                owner_group=owner_group, user=user)
        except ValidationError as error:
            raise Erreur(self.explain(error)) from None
        names = ", ".join(f"{v.qualified_slug}" for v in indicator.variables.all())
        self.stdout.write(f"Indicateur « {indicator.label} » créé ({indicator.slug}) : "
                          f"{indicator.formula} — variables : {names or 'aucune'}.")

    @staticmethod
    def explain(error: ValidationError) -> str:
        """Return the errors, one line per field."""
        lines = ["Indicateur non créé."]
        for field, messages in error.message_dict.items():
            lines += [f"{FIELD_NAMES.get(field, field)} : {message}" for message in messages]
        return "\n".join(lines)
