"""`terreau render-map --indicator SLUG --level commune --format svg -o carte.svg`.

The static map of the export buttons (SVG or PNG), or with `--format json` its
classification: {"method", "breaks", "counts", "missing", …}. Same parameters, same reads and
same classification as the page and /api/v1/atlas/carte.
"""

import json
import sys

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from terreau.atlas.exports import (
    FORMATS,
    MapUnavailable,
    classification_summary,
    export_check,
    export_record,
    map_classified,
    map_render,
)
from terreau.atlas.params import MapParams, ParamsError
from terreau.atlas.queries import IndicatorNotFound, open_or_shared_only
from terreau.core.audit import command_line_actor
from terreau.core.management.errors import Erreur
from terreau.indicators.management.operator import command_line_user
from terreau.indicators.models import Indicator

OUTPUT_FORMATS = (*FORMATS, "json")
# URL parameter → option of this command, to name the right one in messages.
OPTIONS = {"indicateur": "--indicator", "niveau": "--level", "dans": "--within",
           "periode": "--period", "methode": "--method", "classes": "--classes",
           "bornes": "--breaks", "palette": "--palette", "reference": "--reference",
           "symboles": "--symbols"}


class Command(BaseCommand):
    help = (
        "Dessine la carte d'un indicateur comme le bouton d'export de l'atlas (SVG ou PNG : "
        "titre, légende, source, licence, date), ou avec --format json affiche sa "
        "classification : {\"method\", \"breaks\" (borne haute de chaque classe), \"counts\" "
        "(zones par classe), \"missing\" (zones sans valeur)}. "
        "Qui regarde la carte : sans --user, seuls les indicateurs faits de données ouvertes "
        "ou partagées ; pour des données de groupe, --user NOM d'une personne qui peut les "
        "voir. Les données restreintes ne sortent pas en fichier. Chaque carte écrite est "
        "notée au journal d'audit.")

    def add_arguments(self, parser):
        parser.add_argument("--indicator", default="", metavar="SLUG",
                            help="identifiant de l'indicateur (obligatoire)")
        parser.add_argument("--level", default="", metavar="NIVEAU",
                            help="niveau des zones : commune (défaut), iris, departement, "
                                 "region, epci, qpv")
        parser.add_argument("--within", default="", metavar="TERRITOIRE",
                            help="seulement les zones de ce territoire : 37, departement:37, "
                                 "commune:37261 (ses IRIS), vecu:12")
        parser.add_argument("--period", default="", metavar="PÉRIODE",
                            help="période (la plus récente par défaut)")
        parser.add_argument("--method", default="", metavar="METHODE",
                            help="quantiles (défaut), fisher_jenks, equal_interval, std_mean, "
                                 "manual (défaut si --breaks)")
        parser.add_argument("--classes", default="", metavar="K",
                            help="nombre de classes, de 3 à 9 (défaut 5)")
        parser.add_argument("--breaks", default="", metavar="1,2,3",
                            help="seuils choisis, décimales avec un point : 2.5,5,10")
        parser.add_argument("--palette", default="", metavar="NOM",
                            help="palette ColorBrewer (défaut selon le sens de l'indicateur)")
        parser.add_argument("--reference", default="", metavar="TERRITOIRE",
                            help="centre d'une palette divergente : selection ou "
                                 "departement:37")
        parser.add_argument("--symbols", default="", metavar="SLUG",
                            help="indicateur d'effectif dessiné en cercles proportionnels")
        parser.add_argument("--user", default="", metavar="NOM",
                            help="voir la carte comme cette personne (données de groupe)")
        parser.add_argument("--format", default="", metavar="FORMAT",
                            help="svg, png ou json (obligatoire)")
        parser.add_argument("-o", "--output", default="", metavar="FICHIER",
                            help="fichier à écrire (défaut : la sortie standard, sauf PNG)")

    def handle(self, *args, **options):
        fmt = options["format"].strip().lower()
        if fmt not in OUTPUT_FORMATS:
            raise Erreur(f"Option --format : {fmt or 'absente'} ; choisissez "
                         f"{', '.join(OUTPUT_FORMATS)}.")
        if fmt == "png" and not options["output"] and sys.stdout.isatty():
            raise Erreur("Une image PNG ne s'affiche pas : ajoutez -o FICHIER.")
        params = self._params(options)
        user, actor = self._user(options["user"].strip(), params.indicator)
        try:
            export_check(params, user)
            classified = map_classified(params, user)
            if fmt == "json":
                content = (json.dumps(classification_summary(classified), ensure_ascii=False,
                                      indent=2) + "\n").encode()
            else:
                content = map_render(classified, fmt, user)
        except ParamsError as error:
            raise Erreur(_option_message(error)) from None
        except IndicatorNotFound as error:
            raise Erreur(str(error)) from None
        except MapUnavailable as error:
            raise Erreur(str(error)) from None
        output = options["output"]
        _write(self, content, output, fmt)
        if fmt != "json":
            export_record(classified, fmt, actor=actor, file=output or "sortie standard")
        if output:
            self.stderr.write(f"Carte écrite dans {output} ({len(content)} octets).")

    def _params(self, options) -> MapParams:
        query = {name: options[option.removeprefix("--")].strip()
                 for name, option in OPTIONS.items()}
        try:
            return MapParams.from_query(query, require_indicator=True)
        except ParamsError as error:
            raise Erreur(_option_message(error)) from None

    def _user(self, username: str, slug: str):
        """Return (user, audit actor): the named person, or the operator for open data."""
        if username:
            user = get_user_model().objects.filter(username=username, is_active=True).first()
            if user is None:
                raise Erreur(f"Option --user : personne inconnue « {username} ».")
            return user, f"{username} ({command_line_actor()})"
        indicator = Indicator.objects.filter(slug=slug).first()
        if indicator is None:
            raise Erreur(f"Indicateur introuvable : « {slug} ».")
        if not open_or_shared_only(indicator):
            raise Erreur(f"« {slug} » utilise des données de groupe ou restreintes : précisez "
                         "--user NOM, une personne qui peut les voir.")
        return command_line_user(), command_line_actor()


def _option_message(error: ParamsError) -> str:
    option = OPTIONS.get(error.param, error.param)
    return str(error).replace(f"Paramètre « {error.param} »", f"Option {option}", 1)


def _write(command: BaseCommand, content: bytes, output: str, fmt: str) -> None:
    """Write the file (everything is computed before: an error leaves nothing behind)."""
    if output:
        try:
            with open(output, "wb") as file:
                file.write(content)
        except OSError as error:
            raise Erreur(f"Impossible d'écrire {output} : {error.strerror}.") from None
    elif fmt == "png":
        sys.stdout.flush()
        sys.stdout.buffer.write(content)
        sys.stdout.flush()
    else:
        command.stdout.write(content.decode(), ending="")
