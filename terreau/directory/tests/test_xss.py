"""What files and strangers put in the directory (imported names and descriptions, a secret
link's message and name) is shown inert: classic XSS payloads run nothing on its pages."""

import datetime

import pytest
from django.urls import reverse

from terreau.directory.models import ChangeProposal, Service, Structure
from terreau.scenarios.tests.test_xss_payloads import PAYLOADS, active_content

pytestmark = pytest.mark.django_db
DAY = datetime.date(2024, 3, 1)


@pytest.fixture
def hostile(vocabularies, tours_group):
    structures = []
    for n, payload in enumerate(PAYLOADS[:15]):
        structure = Structure.objects.create(
            source="essai", source_id=f"x{n}", nom=payload[:300], description=payload,
            adresse=payload[:300], commune=payload[:200], code_insee="37261",
            latitude=47.39, longitude=0.69, date_maj=DAY, group=tours_group,
            horaires_accueil=payload[:500], site_web="https://exemple.fr")
        Service.objects.create(
            structure=structure, source="essai", source_id=f"s{n}", nom=payload[:300],
            description=payload, conditions_acces=payload, frais_precisions=payload,
            thematiques=["numerique--acceder-a-des-services-en-ligne"], date_maj=DAY)
        ChangeProposal.objects.create(structure=structure, via="secret_link",
                                      proposer_name=payload[:200], message=payload,
                                      changes={"structure": {"description": payload}})
        structures.append(structure)
    return structures


def test_no_directory_page_runs_what_files_and_strangers_wrote(client, hostile, steward):
    client.force_login(steward)
    first = hostile[0]
    pages = [reverse("directory:index"), reverse("directory:index") + "?q=script",
             reverse("directory:review_list")]
    for structure in hostile:
        pages += [reverse("directory:structure", args=[structure.pk]),
                  reverse("directory:service", args=[structure.services.get().pk]),
                  reverse("directory:history", args=[structure.pk]),
                  reverse("directory:proposal", args=[structure.proposals.get().pk])]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert active_content(response.content.decode()) == [], url
    page = client.get(reverse("directory:structure", args=[first.pk])).content.decode()
    assert "&lt;script&gt;window.__xss=1&lt;/script&gt;" in page
