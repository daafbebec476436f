"""On a phone, the catalogue pages never scroll sideways: wide tables scroll in their box.

A dataset of 32 variables (as wide as INSEE's comparateur) makes the widest value table.
"""

import datetime

import pytest

from terreau.catalog.models import DataHolder, HolderRequest, InventoryItem
from terreau.core import testing

from .ui_factories import COMMUNES, dataset_make, group_make, user_make, version_make, zone_make

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone_page(page, live_server, transactional_db, console_errors):
    tours = group_make("tours", "Tours — insertion")
    user_make("dominique", group=tours, role="steward", password=testing.PASSWORD)
    zones = [zone_make(code, name) for code, name in COMMUNES]
    holder = DataHolder.objects.create(name="CAF d'Indre-et-Loire", kind="social_security",
                                       website="https://www.caf.fr/allocataires/caf-de-l-indre-et-loire")
    dataset = dataset_make("comparateur", title="Comparateur de territoires 2022",
                           owner_group=tours, holder=holder,
                           source_url="https://www.insee.fr/fr/statistiques/fichier/2521169/"
                                      "base_cc_comparateur_csv.zip")
    version_make(dataset, {f"variable_{i:02d}_longue": [1000.5 * i, 2.25, "s"]
                           for i in range(32)}, zones=zones)
    HolderRequest.objects.create(holder=holder, group=tours, subject="Allocataires par IRIS",
                                 sent_on=datetime.date(2024, 3, 1))
    InventoryItem.objects.create(group=tours, question="Qui vit seul·e ?",
                                 data_needed="Personnes seules par IRIS", holder=holder,
                                 next_action="Écrire à la CAF pour demander les données")
    page.set_viewport_size(PHONE)
    testing.browser_sign_in(page, live_server.url, "dominique")
    return page, holder


@pytest.mark.parametrize("path", [
    "/donnees/", "/donnees/comparateur/", "/donnees/comparateur/v1/",
    "/donnees/comparateur/modifier/", "/donnees/detenteurs/", "/donnees/detenteurs/{holder}/",
    "/donnees/detenteurs/{holder}/demandes/ajouter/", "/donnees/inventaire/tours/",
    "/donnees/inventaire/tours/ajouter/", "/donnees/importer/",
])
def test_the_page_fits_the_width_of_a_phone(phone_page, live_server, console_errors, path):
    page, holder = phone_page
    page.goto(live_server.url + path.format(holder=holder.pk))
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert console_errors == []
