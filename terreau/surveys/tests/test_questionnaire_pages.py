"""The questionnaire pages and API per role: designers (facilitators) create and change,
members read, another group's members get a 404, a member who tries to change gets a 403."""

import pytest
from django.urls import reverse

from terreau.indicators.tests.factories import user_make
from terreau.surveys.demo import DEFINITION
from terreau.surveys.models import Questionnaire
from terreau.surveys.services import questionnaire_create

API = "/api/v1/enquetes/questionnaires"


@pytest.fixture
def facilitator(tours_group):
    return user_make("fanny", group=tours_group, role="facilitator")


@pytest.fixture
def guide(tours_group, facilitator):
    """The demo's guide de diagnostic: sections, a zone, a constraint and skip logic."""
    return questionnaire_create(group=tours_group, definition=DEFINITION, user=facilitator)


def design_urls(slug: str) -> list[str]:
    return [reverse("surveys:design", args=[slug]),
            reverse("surveys:question_add", args=[slug]),
            reverse("surveys:question_edit", args=[slug, "age"]),
            reverse("surveys:section_add", args=[slug]),
            reverse("surveys:section_edit", args=[slug, "situation"]),
            reverse("surveys:choice_list_add", args=[slug]),
            reverse("surveys:choice_list_edit", args=[slug, "oui_non"]),
            reverse("surveys:node_remove", args=[slug, "transport"])]


@pytest.mark.parametrize("who, read, design", [
    ("facilitator", 200, 200),
    ("tours_member", 200, 403),
    ("steward", 200, 403),
    ("outsider", 404, 404),
])
def test_who_reads_and_who_designs(client, request, guide, who, read, design):
    client.force_login(request.getfixturevalue(who))
    assert client.get(guide.get_absolute_url()).status_code == read
    for url in design_urls(guide.slug):
        assert client.get(url).status_code == design, url
    move = client.post(reverse("surveys:node_move", args=[guide.slug, "age"]),
                       {"sens": "monter"})
    assert move.status_code == (302 if design == 200 else design)
    title = client.post(reverse("surveys:title_edit", args=[guide.slug]), {"title": "Autre"})
    assert title.status_code == (302 if design == 200 else design)
    assert client.get(f"{API}/{guide.slug}").status_code == read


def test_the_list_shows_the_groups_questionnaires_and_answers_to_readers_only(
        client, guide, tours_member, steward, outsider, other_group):
    client.force_login(tours_member)
    page = client.get(reverse("surveys:list")).content.decode()
    assert "Guide de diagnostic — Tours" in page
    assert "0 campagne" in page and "réponse" not in page.split("<main")[1].split("lead")[1]
    assert "Nouveau questionnaire" not in page
    assert 'href="/enquetes/"' in page  # the "Enquêtes" link of the navigation

    client.force_login(steward)
    assert "0 réponse" in client.get(reverse("surveys:list")).content.decode()

    client.force_login(outsider)
    page = client.get(reverse("surveys:list")).content.decode()
    assert "Guide de diagnostic" not in page
    assert "Aucun questionnaire" in page
    assert client.get(API).json() == []


def test_members_may_not_create(client, tours_member):
    client.force_login(tours_member)
    assert client.get(reverse("surveys:create")).status_code == 403
    response = client.post(reverse("surveys:create"), {"title": "Pirate", "group": "1"})
    assert response.status_code == 403
    assert not Questionnaire.objects.exists()


def test_a_facilitator_creates_then_lands_in_the_designer(client, facilitator, tours_group,
                                                           other_group):
    client.force_login(facilitator)
    page = client.get(reverse("surveys:create")).content.decode()
    assert other_group.name not in page  # only the groups they design for
    response = client.post(reverse("surveys:create"), {"title": "", "group": tours_group.pk})
    assert response.status_code == 200
    assert "Ce champ est obligatoire." in response.content.decode()
    assert not Questionnaire.objects.exists()

    response = client.post(reverse("surveys:create"), {
        "title": "Accès aux droits à Tours", "group": tours_group.pk,
        "description": "Diagnostic 2027"})
    questionnaire = Questionnaire.objects.get()
    assert response.url == reverse("surveys:design", args=[questionnaire.slug])
    page = client.get(response.url).content.decode()
    assert "Questionnaire « Accès aux droits à Tours » créé." in page
    assert "Section 1" in page and "Ajouter une question" in page
    assert questionnaire.latest_version().number == 1


def test_the_outline_reads_in_plain_french(client, guide, tours_member):
    client.force_login(tours_member)
    page = client.get(guide.get_absolute_url()).content.decode()
    assert "Votre situation" in page and "Vos besoins" in page
    assert "Zone" in page and "Choix multiple" in page and "obligatoire" in page
    # Relevance and constraint rewritten with the labels, not the names.
    assert ("Affichée seulement si « Avez-vous une voiture ? » = « Non »" in page)
    assert "Contrainte : la réponse ≥ 15 et la réponse ≤ 110" in page
    assert "L&#x27;âge va de 15 à 110 ans." in page
    assert "Locataire d&#x27;un logement social" in page
    assert "Modifier le questionnaire" not in page  # a member reads only
    assert "Première version" in page


def test_the_api_lists_and_reads_versions(client, guide, tours_member, steward):
    assert client.get(API).status_code == 401
    client.force_login(tours_member)
    listed = client.get(API).json()
    assert [(q["slug"], q["version"], q["reponses"]) for q in listed] == [
        (guide.slug, 1, None)]
    detail = client.get(f"{API}/{guide.slug}").json()
    assert detail["definition"] == DEFINITION
    assert [v["numero"] for v in detail["versions"]] == [1]
    version = client.get(f"{API}/{guide.slug}/versions/1").json()
    assert version["definition"]["choice_lists"]["oui_non"][0]["name"] == "oui"
    missing = client.get(f"{API}/{guide.slug}/versions/7")
    assert missing.status_code == 404 and "version 7" in missing.json()["detail"]
    client.force_login(steward)
    assert client.get(API).json()[0]["reponses"] == 0


def test_every_real_xlsform_reads_as_an_outline_and_opens_in_the_designer(
        client, data_dir, tours_group, facilitator):
    """The real forms of ../shared/data (KoboToolbox, pyxform's tests), read by the XLSForm
    import: their outline shows every question's label, their designer opens, and one of
    their questions saves unchanged through the question form."""
    from terreau.surveys import definition as fmt
    from terreau.surveys.forms_designer import question_initial
    from terreau.surveys.xlsform import xlsform_read
    from terreau.surveys.xlsform_errors import XLSFormError

    client.force_login(facilitator)
    read = 0
    for path in sorted((data_dir / "surveys" / "xlsforms").iterdir()):
        try:
            definition = xlsform_read(path, path.name)
        except XLSFormError:
            continue  # the EPFL forms' real defects (duplicate names): A's tests
        read += 1
        questionnaire = questionnaire_create(group=tours_group, definition=definition,
                                             user=facilitator, slug=path.stem.lower()[:60])
        page = client.get(questionnaire.get_absolute_url())
        assert page.status_code == 200, path.name
        assert client.get(reverse("surveys:design", args=[questionnaire.slug])
                          ).status_code == 200
        first = next(n for n in fmt.questions(definition) if n.get("label"))
        assert fmt.label(first, "fr").split("\n")[0][:20] in page.content.decode() \
            .replace("&#x27;", "'").replace("&quot;", '"'), path.name
        initial = question_initial(definition, first["name"])
        data = {key: value for key, value in initial.items()
                if isinstance(value, str | bool) and value is not False}
        response = client.post(reverse("surveys:question_edit",
                                       args=[questionnaire.slug, first["name"]]), data)
        assert response.status_code == 302, (path.name, response.context["form"].errors)
        saved = {n["name"]: n for n in fmt.questions(questionnaire.latest_version().definition)}
        assert saved[first["name"]]["label"] == first["label"]
    assert read >= 4


def test_the_page_links_xlsform_campaigns_and_answers_by_role(client, guide, facilitator,
                                                              tours_member, steward):
    import datetime

    from terreau.surveys.models import Campaign

    Campaign.objects.create(questionnaire=guide, slug="diag-2027", title="Diagnostic 2027",
                            starts_on=datetime.date(2027, 1, 10), collected_by="Tours Insertion",
                            purpose="Connaître les besoins.")
    slug = guide.slug
    links = {
        "Télécharger en XLSForm": f'href="/enquetes/{slug}/versions/1/xlsform/"',
        "Importer une nouvelle version (XLSForm)": f'href="/enquetes/{slug}/importer/"',
        "Exporter les réponses (CSV)": f'href="/enquetes/{slug}/reponses/export.csv"',
        "Importer des réponses": f'href="/enquetes/{slug}/reponses/importer/"',
        "Lancer une campagne": f'href="/enquetes/campagnes/nouvelle/?questionnaire={slug}"',
        "Modifier le questionnaire": f'href="/enquetes/{slug}/modifier/"',
    }
    seen = {"facilitator": set(links), "steward": {"Télécharger en XLSForm",
                                                   "Exporter les réponses (CSV)"},
            "tours_member": {"Télécharger en XLSForm"}}
    for who, user in (("facilitator", facilitator), ("steward", steward),
                      ("tours_member", tours_member)):
        client.force_login(user)
        page = client.get(guide.get_absolute_url()).content.decode()
        assert '<a href="/enquetes/campagnes/diag-2027/">Diagnostic 2027</a>' in page
        for text, href in links.items():
            assert (href in page) == (text in seen[who]), (who, text)
