"""The coding pages (/analyses/codage/…) and their API (/api/v1/analyses/codage/…): who may
open them, the search and the filters, coding one by one and in bulk, codes created, renamed
and deleted, the answers' text escaped, the audit log."""

import pytest
from django.urls import reverse

from terreau.analysis import coding
from terreau.analysis.models import CodeAssignment, OpenCode
from terreau.core.models import AuditEvent
from terreau.core.testing import user_create
from terreau.indicators.tests.factories import user_make
from terreau.surveys.models import Submission

from . import test_coding as base
from .test_coding import QUESTION, answer_make, ids

pytestmark = pytest.mark.django_db
answered, campaign, facilitator, questionnaire = (
    base.answered, base.campaign, base.facilitator, base.questionnaire)


def page_url(questionnaire, name: str = "coding_question", *args) -> str:
    if name == "coding":
        return reverse("analysis:coding", args=[questionnaire.slug])
    return reverse(f"analysis:{name}", args=[questionnaire.slug, QUESTION, *args])


def api_url(questionnaire, tail: str = "") -> str:
    return f"/api/v1/analyses/codage/{questionnaire.slug}/{QUESTION}{tail}"


@pytest.fixture
def signed_in(client, facilitator):
    client.force_login(facilitator)
    return client


def code_make(questionnaire, label: str) -> OpenCode:
    return coding.code_create(questionnaire=questionnaire, question=QUESTION, label=label)


def shown(response) -> list[int]:
    return [a.id for a in response.context["page"].object_list]


# ---- Permissions ------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["facilitator", "steward", "admin"])
def test_those_who_analyse_the_group_s_answers_open_the_pages(client, questionnaire, answered,
                                                              tours_group, role):
    client.force_login(user_make("personne", group=tours_group, role=role))
    assert client.get(page_url(questionnaire, "coding")).status_code == 200
    assert client.get(page_url(questionnaire)).status_code == 200
    assert client.get(api_url(questionnaire)).status_code == 200


def test_a_superuser_opens_them_too(client, questionnaire):
    client.force_login(user_create("root", password=None, is_superuser=True))
    assert client.get(page_url(questionnaire)).status_code == 200


def test_a_member_gets_403_someone_else_404_anonymous_the_login(client, questionnaire, answered,
                                                                 tours_member, outsider):
    code = code_make(questionnaire, "Garde")
    urls = [page_url(questionnaire, "coding"), page_url(questionnaire),
            page_url(questionnaire, "coding_code_edit", code.pk),
            page_url(questionnaire, "coding_code_delete", code.pk)]
    posts = [page_url(questionnaire, "coding_code_new"),
             page_url(questionnaire, "coding_answers_save"),
             page_url(questionnaire, "coding_answers_bulk")]
    for user, status in ((tours_member, 403), (outsider, 404)):
        client.force_login(user)
        assert [client.get(url).status_code for url in urls] == [status] * len(urls)
        assert [client.post(url, {"label": "X", "reponse": answered["bus"].pk, "code": code.pk,
                                  "action": "ajouter"}).status_code
                for url in posts + urls[2:]] == [status] * 5
        assert client.get(api_url(questionnaire)).status_code == status
        assert client.post(api_url(questionnaire, "/codes"), {"libelle": "Y"},
                           content_type="application/json").status_code == status
    client.logout()
    assert client.get(urls[1]).status_code == 302
    assert client.get(api_url(questionnaire)).status_code == 401
    assert OpenCode.objects.count() == 1 and not CodeAssignment.objects.exists()


def test_a_question_that_is_not_a_text_question_is_not_found(signed_in, questionnaire):
    url = reverse("analysis:coding_question", args=[questionnaire.slug, "logement"])
    assert signed_in.get(url).status_code == 404
    assert signed_in.get(f"/api/v1/analyses/codage/{questionnaire.slug}/age").status_code == 404


# ---- Reading and searching --------------------------------------------------------------


def test_the_index_lists_the_text_questions_with_their_counts(signed_in, questionnaire,
                                                              answered):
    code = code_make(questionnaire, "Garde d'enfants")
    coding.codes_assign(code=code, submission_ids=ids(answered, "creche", "formation"))
    response = signed_in.get(page_url(questionnaire, "coding"))
    [summary] = response.context["questions"]
    assert (summary.name, summary.answers, summary.coded) == (QUESTION, 7, 2)
    assert "Un autre besoin, dans vos mots ?" in response.content.decode()
    assert "Garde d&#x27;enfants (2)" in response.content.decode()


def test_the_page_lists_the_answers_escaped_and_records_the_reading(
        signed_in, questionnaire, campaign, answered, facilitator):
    answer_make(campaign, {QUESTION: "<script>alert('x')</script> des bus"})
    response = signed_in.get(page_url(questionnaire))
    html = response.content.decode()
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; des bus" in html
    assert "<script>alert" not in html
    assert "Ma sœur est handicapée : aide à domicile" in html
    assert "Garde des enfants malades" not in html  # incomplete
    event = AuditEvent.objects.get()
    assert (event.action, event.target_id, event.user) == (
        "restricted_access", questionnaire.slug, facilitator)
    assert event.details == {"via": "codage", "question": QUESTION, "reponses": 8}


def test_search_filters_and_suggestions(signed_in, questionnaire, answered):
    garde = code_make(questionnaire, "Garde d'enfants")
    coding.codes_assign(code=garde, submission_ids=ids(answered, "mercredi"))
    url = page_url(questionnaire)
    assert shown(signed_in.get(url, {"q": "ENFANTS"})) == ids(
        answered, "creche", "mercredi", "formation")
    assert shown(signed_in.get(url, {"q": "transport soir"})) == ids(answered, "soir")
    assert shown(signed_in.get(url, {"q": "enfant", "non_codees": "on"})) == ids(
        answered, "creche", "formation")
    suggested = signed_in.get(url, {"suggestion": garde.pk})
    assert shown(suggested) == ids(answered, "formation", "creche")
    assert "Réponses proposées pour le code « Garde d&#x27;enfants »" in (
        suggested.content.decode())
    nothing = signed_in.get(url, {"q": "piscine"})
    assert shown(nothing) == [] and "Aucune réponse ne correspond" in nothing.content.decode()


def test_answers_come_fifty_a_page(signed_in, questionnaire, campaign):
    for n in range(60):
        answer_make(campaign, {QUESTION: f"Besoin numéro {n}"})
    first = signed_in.get(page_url(questionnaire))
    assert len(shown(first)) == 50 and "Page 1 sur 2" in first.content.decode()
    assert len(shown(signed_in.get(page_url(questionnaire), {"page": 2}))) == 10


def test_the_tables_link_preselects_the_question_once_it_has_codes(signed_in, questionnaire,
                                                                  answered):
    tables = f'{reverse("analysis:tabulations", args=[questionnaire.slug])}?question={QUESTION}'
    assert tables not in signed_in.get(page_url(questionnaire)).content.decode()
    code_make(questionnaire, "Garde")
    assert tables in signed_in.get(page_url(questionnaire)).content.decode()


# ---- Changing codes ---------------------------------------------------------------------


def test_creating_a_code_then_its_suggestions(signed_in, questionnaire, answered):
    response = signed_in.post(page_url(questionnaire, "coding_code_new"),
                              {"label": "Transport le soir", "description": ""})
    code = OpenCode.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{page_url(questionnaire)}?suggestion={code.pk}"
    assert shown(signed_in.get(response["Location"])) == ids(answered, "soir", "bus")
    again = signed_in.post(page_url(questionnaire, "coding_code_new") + "?q=bus",
                           {"label": "transport LE SOIR"})
    assert again.status_code == 200
    assert "Cette question a déjà un code « Transport le soir »." in again.content.decode()
    assert shown(again) == ids(answered, "bus")  # the list as it was
    empty = signed_in.post(page_url(questionnaire, "coding_code_new"), {"label": ""})
    assert "Donnez un nom au code." in empty.content.decode()
    assert OpenCode.objects.count() == 1


def test_saving_the_checkboxes_of_the_answers_shown(signed_in, questionnaire, answered):
    garde, soir = code_make(questionnaire, "Garde"), code_make(questionnaire, "Soir")
    coding.codes_assign(code=garde, submission_ids=ids(answered, "bus"))
    creche, bus, formation = ids(answered, "creche", "bus", "formation")
    response = signed_in.post(page_url(questionnaire, "coding_answers_save") + "?q=e&page=1",
                              {"reponse": [creche, bus, formation],
                               f"codes-{creche}": [garde.pk],
                               f"codes-{formation}": [garde.pk, soir.pk]})
    assert response["Location"] == f"{page_url(questionnaire)}?q=e&page=1"
    carried = {a.id: a.codes for a in coding.open_answers(questionnaire, QUESTION)}
    assert (carried[creche], carried[bus], carried[formation]) == (
        {garde.pk}, frozenset(), {garde.pk, soir.pk})
    page = signed_in.get(response["Location"]).content.decode()
    assert "Codes enregistrés : 3 réponses modifiées." in page
    assert f'name="codes-{formation}" value="{soir.pk}" checked' in page
    bad = signed_in.post(page_url(questionnaire, "coding_answers_save"),
                         {"reponse": [creche, answered["incomplete"].pk]}, follow=True)
    assert "Rien n&#x27;est enregistré" in bad.content.decode()
    assert CodeAssignment.objects.filter(submission_id=creche).exists()


def test_coding_all_the_answers_shown_in_one_go(signed_in, questionnaire, answered):
    garde = code_make(questionnaire, "Garde")
    url = page_url(questionnaire, "coding_answers_bulk")
    shown_ids = ids(answered, "creche", "mercredi", "formation")
    coding.codes_assign(code=garde, submission_ids=shown_ids[:1])
    added = signed_in.post(url, {"reponse": shown_ids, "code": garde.pk, "action": "ajouter"},
                           follow=True)
    assert "Code « Garde » donné à 2 réponses de plus ; 1 réponse l&#x27;avait déjà." in (
        added.content.decode())
    assert garde.assignments.count() == 3
    removed = signed_in.post(url, {"reponse": shown_ids[1:], "code": garde.pk,
                                   "action": "retirer"}, follow=True)
    assert "Code « Garde » retiré de 2 réponses." in removed.content.decode()
    unknown = signed_in.post(url, {"reponse": shown_ids, "code": garde.pk + 99,
                                   "action": "ajouter"}, follow=True)
    assert "Ce code n&#x27;existe pas pour cette question." in unknown.content.decode()
    assert list(garde.assignments.values_list("submission_id", flat=True)) == shown_ids[:1]


def test_renaming_a_code(signed_in, questionnaire, answered):
    garde, _ = code_make(questionnaire, "Garde"), code_make(questionnaire, "Soir")
    url = page_url(questionnaire, "coding_code_edit", garde.pk)
    assert 'value="Garde"' in signed_in.get(url).content.decode()
    refused = signed_in.post(url, {"label": "SOIR", "description": ""})
    assert "Cette question a déjà un code « Soir »." in refused.content.decode()
    response = signed_in.post(url, {"label": "Garde d'enfants", "description": "Crèche"})
    assert response.status_code == 302
    garde.refresh_from_db()
    assert (garde.label, garde.description) == ("Garde d'enfants", "Crèche")


def test_deleting_a_code_asks_first(signed_in, questionnaire, answered):
    garde = code_make(questionnaire, "Garde")
    coding.codes_assign(code=garde, submission_ids=ids(answered, "creche", "mercredi"))
    url = page_url(questionnaire, "coding_code_delete", garde.pk)
    question = signed_in.get(url).content.decode()
    assert "Supprimer le code « Garde » ?" in question
    assert "2 réponses le portent : elles le perdront." in question
    assert OpenCode.objects.exists()
    assert signed_in.post(url).status_code == 302
    assert not OpenCode.objects.exists() and Submission.objects.count() == 10


def test_a_code_of_another_question_is_not_found(signed_in, questionnaire):
    other = OpenCode.objects.create(questionnaire=questionnaire, question="autre", label="X")
    assert signed_in.get(page_url(questionnaire, "coding_code_edit", other.pk)).status_code == 404


# ---- API --------------------------------------------------------------------------------


def test_the_api_lists_codes_creates_them_and_assigns_answers(signed_in, questionnaire,
                                                              answered):
    created = signed_in.post(api_url(questionnaire, "/codes"),
                             {"libelle": "Garde d'enfants", "definition": "Crèche"},
                             content_type="application/json")
    assert created.status_code == 201
    code_id = created.json()["id"]
    assert created.json()["variable"] == f"{QUESTION}/code-{code_id}"
    duplicate = signed_in.post(api_url(questionnaire, "/codes"), {"libelle": "GARDE D'ENFANTS"},
                               content_type="application/json")
    assert duplicate.status_code == 400
    assert duplicate.json()["detail"] == "Cette question a déjà un code « Garde d'enfants »."
    body = {"code": code_id, "reponses": ids(answered, "creche", "mercredi")}
    assign = signed_in.post(api_url(questionnaire, "/affectations"), body,
                            content_type="application/json")
    assert assign.json() == {"code": code_id, "modifiees": 2, "reponses": 2}
    again = signed_in.post(api_url(questionnaire, "/affectations"), body,
                           content_type="application/json")
    assert again.json() == {"code": code_id, "modifiees": 0, "reponses": 2}
    bad = signed_in.post(api_url(questionnaire, "/affectations"),
                         {"code": code_id, "reponses": ids(answered, "bus", "vide")},
                         content_type="application/json")
    assert bad.status_code == 400 and str(answered["vide"].pk) in bad.json()["detail"]
    removed = signed_in.post(api_url(questionnaire, "/affectations"),
                             {**body, "reponses": body["reponses"][:1], "retirer": True},
                             content_type="application/json")
    assert removed.json() == {"code": code_id, "modifiees": 1, "reponses": 1}
    listed = signed_in.get(api_url(questionnaire)).json()
    assert (listed["reponses"], listed["codees"]) == (7, 1)
    assert listed["codes"] == [{"id": code_id, "libelle": "Garde d'enfants",
                                "definition": "Crèche", "reponses": 1,
                                "variable": f"{QUESTION}/code-{code_id}"}]
    unknown = signed_in.post(api_url(questionnaire, "/affectations"),
                             {"code": code_id + 9, "reponses": body["reponses"]},
                             content_type="application/json")
    assert unknown.status_code == 400
