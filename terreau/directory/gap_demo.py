"""The demo's gap map: digital help against poverty in Indre-et-Loire, for the Tours group.

Called by the directory's demo (demo.py) once the real services are imported. The need is a
real INSEE indicator of the demo (`taux-pauvrete`, Filosofi 2019, per commune) and the
services are the real digital-help places of the directory; the map itself is labelled an
example (`GapMap.example`). Loading twice changes nothing: an existing map is left as it is.
"""

from django.contrib.auth import get_user_model

from terreau.accounts.models import TerritorialGroup
from terreau.indicators.models import Indicator

from .gap_needs import GapError
from .gap_publish import gap_map_create
from .gap_queries import GapSpec
from .models import GapMap

SLUG = "exemple-aide-au-numerique-tours"
TITLE = "Aide au numérique et pauvreté — Indre-et-Loire (exemple)"
GROUP = "tours-insertion"
OPERATOR = "admin"  # the demo account that makes it (instance admin)
SPEC = GapSpec(theme="numerique", need={"kind": "indicator", "indicator": "taux-pauvrete"},
               level="commune", within="37")


def gap_demo_load() -> str:
    """Create the example gap map once; return a French line saying what happened."""
    if GapMap.objects.filter(slug=SLUG).exists():
        return f"carte des besoins sans réponse « {SLUG} » déjà présente"
    group = TerritorialGroup.objects.filter(slug=GROUP).first()
    user = get_user_model().objects.filter(username=OPERATOR).first()
    if group is None or user is None:
        return "carte des besoins sans réponse laissée de côté (groupe ou compte absent)"
    if not Indicator.objects.filter(slug=SPEC.need["indicator"]).exists():
        return ("carte des besoins sans réponse laissée de côté (indicateur "
                f"« {SPEC.need['indicator']} » absent : statistiques non chargées)")
    try:
        _, result, _ = gap_map_create(group=group, title=TITLE, spec=SPEC, user=user,
                                      example=True, slug=SLUG)
    except GapError as error:
        return f"carte des besoins sans réponse laissée de côté : {error}"
    gaps = len(result.table.gaps)
    return (f"carte des besoins sans réponse « {SLUG} » créée ({len(result.table.rows)} "
            f"communes, {gaps} avec un besoin fort sans réponse)")
