"""The data inventory of a group: who reads it, who edits it, its summary and its export."""

import csv
import io

import pytest

from terreau.catalog.models import DataHolder, InventoryItem

from .ui_factories import page_text, world_fixture  # noqa: F401

URL = "/donnees/inventaire/tours/"


@pytest.fixture
def inventory(world):
    """The Tours group's inventory: 2 questions, 4 data needed, one of each status."""
    tours = world["groups"]["tours"]
    caf = DataHolder.objects.create(name="CAF", kind="social_security", email="caf@exemple.fr",
                                    phone="02 00 00 00 00", contact_name="Mme Étude")
    rows = [
        ("Qui vit seul·e ?", "Personnes seules par IRIS", "available", None,
         world["datasets"]["shared"]),
        ("Qui vit seul·e ?", "Familles monoparentales", "unusable", caf, None),
        ("Accès aux droits", "Allocataires du RSA", "missing", caf, None),
        ("Accès aux droits", "=HYPERLINK(\"http://x\")", "to_produce", None, None),
    ]
    for question, data_needed, status, holder, dataset in rows:
        InventoryItem.objects.create(group=tours, question=question, data_needed=data_needed,
                                     status=status, holder=holder, dataset=dataset,
                                     next_action="Écrire à la CAF" if holder else "")
    return tours


@pytest.mark.parametrize("role,status", [("member", 200), ("facilitator", 200),
                                         ("steward", 200), ("admin", 200), ("superuser", 200),
                                         ("other", 404), ("nogroup", 404)])
def test_the_inventory_is_visible_to_the_group_and_administrators_only(client, world,
                                                                       inventory, role, status):
    client.force_login(world["people"][role])
    assert client.get(URL).status_code == status
    assert client.get(URL + "export.csv").status_code == status
    assert client.get(URL + "export.xlsx").status_code == status


def test_anonymous_visitors_are_sent_to_sign_in(client, world, inventory):
    assert client.get(URL)["Location"].startswith("/connexion/")


def test_the_page_groups_the_data_by_question_with_holder_and_next_action(client, world,
                                                                          inventory):
    client.force_login(world["people"]["member"])
    page = page_text(client.get(URL))
    assert "Qui vit seul·e ?" in page and "Accès aux droits" in page
    assert "Familles monoparentales" in page and "Écrire à la CAF" in page
    assert 'href="/donnees/donnees-shared/"' in page


def test_the_summary_counts_each_status_as_text(client, world, inventory):
    client.force_login(world["people"]["member"])
    page = page_text(client.get(URL))
    assert "4 données nécessaires en tout." in page
    for label in ["Disponible", "Existe mais pas utilisable", "Manquante",
                  "À produire avec les habitant·es"]:
        assert f"{label}</span> : 1 sur 4 (25 %)" in page, label


def test_members_read_but_do_not_see_the_edit_links(client, world, inventory):
    client.force_login(world["people"]["member"])
    page = page_text(client.get(URL))
    assert "Ajouter une donnée nécessaire" not in page and "/modifier/" not in page


@pytest.mark.parametrize("role,status", [("member", 403), ("facilitator", 200),
                                         ("steward", 200), ("admin", 200), ("other", 404)])
def test_who_may_add_and_edit_rows(client, world, inventory, role, status):
    item = inventory.inventory.first()
    client.force_login(world["people"][role])
    assert client.get(URL + "ajouter/").status_code == status
    assert client.get(f"{URL}{item.pk}/modifier/").status_code == status
    response = client.post(f"{URL}{item.pk}/retirer/")
    assert response.status_code == (302 if status == 200 else status)


def test_a_facilitator_adds_a_row_for_a_question(client, world, inventory):
    client.force_login(world["people"]["facilitator"])
    form = client.get(URL + "ajouter/?question=Accès aux droits").context["form"]
    assert form.initial["question"] == "Accès aux droits"
    response = client.post(URL + "ajouter/", {"question": "Accès aux droits",
                                              "data_needed": "Bénéficiaires de la CSS",
                                              "status": "missing"})
    assert response["Location"] == URL
    assert inventory.inventory.filter(data_needed="Bénéficiaires de la CSS").exists()


def test_a_row_without_the_data_needed_is_refused_in_french(client, world, inventory):
    client.force_login(world["people"]["steward"])
    page = page_text(client.post(URL + "ajouter/", {"question": "Q", "status": "missing"}))
    assert "Ce champ est obligatoire." in page and "n'est pas enregistré" in page


def test_the_dataset_choices_are_only_those_the_editor_may_see(client, world, inventory):
    client.force_login(world["people"]["facilitator"])
    choices = client.get(URL + "ajouter/").context["form"].fields["dataset"].queryset
    assert {d.slug for d in choices} == {"donnees-open", "donnees-shared", "donnees-group"}


def test_editing_a_row_linked_to_a_restricted_dataset_keeps_the_link(client, world, inventory):
    item = inventory.inventory.get(status="missing")
    item.dataset = world["datasets"]["restricted"]
    item.save()
    client.force_login(world["people"]["facilitator"])
    response = client.get(f"{URL}{item.pk}/modifier/")
    assert "dataset" not in response.context["form"].fields
    assert "Données restricted" not in page_text(response)
    client.post(f"{URL}{item.pk}/modifier/", {"question": item.question,
                                               "data_needed": "RSA", "status": "available"})
    item.refresh_from_db()
    assert item.dataset == world["datasets"]["restricted"] and item.status == "available"


def test_the_csv_lists_available_and_missing_data_and_their_holders(client, world, inventory):
    client.force_login(world["people"]["member"])
    response = client.get(URL + "export.csv")
    assert response["Content-Type"].startswith("text/csv")
    assert "inventaire-donnees-tours.csv" in response["Content-Disposition"]
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][:4] == ["question", "donnee_necessaire", "statut", "detenteur"]
    by_data = {row[1]: row for row in rows[1:]}
    assert by_data["Allocataires du RSA"][2:4] == ["Manquante", "CAF"]
    assert "caf@exemple.fr" in by_data["Allocataires du RSA"]
    assert by_data["Personnes seules par IRIS"][9] == "Données shared"


def test_the_csv_opens_in_a_french_spreadsheet(client, world, inventory):
    client.force_login(world["people"]["member"])
    content = client.get(URL + "export.csv").content
    assert content.startswith("\ufeff".encode()) and content.count(b";") > content.count(b",")


def test_exports_neutralise_cells_a_spreadsheet_would_run_as_formulas(client, world,
                                                                      inventory):
    from openpyxl import load_workbook

    client.force_login(world["people"]["member"])
    text = client.get(URL + "export.csv").content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert "'=HYPERLINK(\"http://x\")" in [row[1] for row in rows]
    assert not any(cell.startswith("=") for row in rows for cell in row)
    sheet = load_workbook(io.BytesIO(client.get(URL + "export.xlsx").content)).active
    cells = [c for row in sheet.iter_rows(values_only=True) for c in row if c]
    assert "'=HYPERLINK(\"http://x\")" in cells
    assert not any(str(c).startswith("=") for c in cells)


def test_the_index_lists_the_users_groups(client, world, inventory):
    client.force_login(world["people"]["member"])
    page = page_text(client.get("/donnees/inventaire/"))
    assert 'href="/donnees/inventaire/tours/"' in page
    client.force_login(world["people"]["nogroup"])
    assert "aucun groupe" in page_text(client.get("/donnees/inventaire/"))
