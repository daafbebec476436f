"""Designing a questionnaire through the pages (plain forms, no JavaScript): sections,
questions of every offered type, choice lists reused, constraints and relevance; the result
is the definition format the rest of the app reads; a change after answers makes a version 2."""

import pytest
from django.urls import reverse
from django.utils import timezone

from terreau.indicators.tests.factories import user_make
from terreau.surveys import definition as fmt
from terreau.surveys import designer
from terreau.surveys.models import Questionnaire, Submission
from terreau.surveys.xlsform import xlsform_read, xlsform_write


@pytest.fixture
def facilitator(tours_group):
    return user_make("fanny", group=tours_group, role="facilitator")


@pytest.fixture
def designing(client, facilitator, tours_group):
    """A signed-in facilitator with a new questionnaire "Accès aux droits"."""
    client.force_login(facilitator)
    client.post(reverse("surveys:create"), {"title": "Accès aux droits",
                                            "group": tours_group.pk})
    return Questionnaire.objects.get()


def post(client, questionnaire, name, data, *args):
    return client.post(reverse(name, args=[questionnaire.slug, *args]), data)


def question(client, questionnaire, **data):
    response = post(client, questionnaire, "surveys:question_add", data)
    assert response.status_code == 302, response.content.decode()
    return response


def latest(questionnaire) -> dict:
    return questionnaire.latest_version().definition


def design_guide(client, q):
    """Two sections, a reused yes/no list, a constraint, relevance through the helper."""
    post(client, q, "surveys:section_edit", {"label_fr": "Votre situation",
                                             "label_en": "Your situation"}, "section_1")
    post(client, q, "surveys:section_add", {"label_fr": "Vos besoins"})
    question(client, q, section="section_1", type="integer", label_fr="Quel âge avez-vous ?",
             label_en="How old are you?", name="age", required="on",
             constraint=". >= 15 and . <= 110",
             constraint_message_fr="L'âge va de 15 à 110 ans.")
    question(client, q, section="section_1", type="select_one",
             label_fr="Avez-vous une voiture ?", name="voiture", choice_list="__nouvelle__",
             new_list_name="oui_non", new_list_choices="oui = Oui | Yes\nnon = Non | No")
    question(client, q, section="section_1", type="select_one",
             label_fr="Les transports en commun vous suffisent-ils ?", name="transport",
             choice_list="oui_non", show_if_question="voiture", show_if_operator="=",
             show_if_value="Non")
    question(client, q, section="vos_besoins", type="select_multiple",
             label_fr="De quoi avez-vous besoin ?", name="besoins",
             choice_list="__nouvelle__",
             new_list_choices="Trouver un emploi\nSe soigner\nmobilite = Se déplacer")
    question(client, q, section="vos_besoins", type="zone", label_fr="Votre quartier",
             name="quartier")
    question(client, q, section="vos_besoins", type="text", label_fr="Autre besoin",
             name="autre", show_if_question="besoins", show_if_operator="=",
             show_if_value="mobilite")
    for kind in ("decimal", "date", "geopoint", "note"):
        question(client, q, section="vos_besoins", type=kind, label_fr=f"Question {kind}")


def test_a_designed_questionnaire_is_the_definition_everyone_reads(client, designing):
    design_guide(client, designing)
    definition = latest(designing)
    assert designing.versions.count() == 1  # no answer yet: changed in place

    sections = [node for node in definition["children"] if node["type"] == "group"]
    assert [(s["name"], s["label"]) for s in sections] == [
        ("section_1", {"fr": "Votre situation", "en": "Your situation"}),
        ("vos_besoins", {"fr": "Vos besoins"})]
    assert definition["languages"] == ["fr", "en"]
    by_name = {node["name"]: node for node in fmt.questions(definition)}
    assert list(by_name) == ["age", "voiture", "transport", "besoins", "quartier", "autre",
                             "question_decimal", "question_date", "question_geopoint"]
    age = by_name["age"]
    assert age["required"] and age["constraint"] == ". >= 15 and . <= 110"
    assert age["label"] == {"fr": "Quel âge avez-vous ?", "en": "How old are you?"}
    assert age["constraint_message"] == {"fr": "L'âge va de 15 à 110 ans."}
    # The yes/no list is reused; the helper wrote the conditions with the choice's name.
    assert by_name["voiture"]["choice_list"] == by_name["transport"]["choice_list"] == "oui_non"
    assert by_name["transport"]["relevant"] == "${voiture} = 'non'"
    assert by_name["autre"]["relevant"] == "selected(${besoins}, 'mobilite')"
    assert definition["choice_lists"]["oui_non"] == [
        {"name": "oui", "label": {"fr": "Oui", "en": "Yes"}},
        {"name": "non", "label": {"fr": "Non", "en": "No"}}]
    assert [c["name"] for c in definition["choice_lists"]["de_quoi_avez_vous_besoin"]] == [
        "trouver_un_emploi", "se_soigner", "mobilite"]

    # Through XLSForm and back (helper A's reader and writer): the same questions.
    again = xlsform_read(xlsform_write(definition), "acces.xlsx")
    assert [(n["name"], n["type"], n.get("relevant", ""), n.get("constraint", ""),
             n.get("choice_list") or "") for n in fmt.questions(again)] == [
        (n["name"], n["type"], n["relevant"], n["constraint"], n.get("choice_list", ""))
        for n in fmt.questions(definition)]
    assert again["choice_lists"]["oui_non"][1]["label"] == {"fr": "Non", "en": "No"}

    # The outline says it in plain French.
    page = client.get(designing.get_absolute_url()).content.decode()
    assert "Affichée seulement si « Avez-vous une voiture ? » = « Non »" in page
    assert "Affichée seulement si « De quoi avez-vous besoin ? » comprend « Se déplacer »" \
        in page


def test_errors_beside_the_field_and_nothing_saved(client, designing):
    before = latest(designing)
    cases = [
        ({"type": "integer", "label_fr": "Âge", "constraint": ". >= 0 and (. <= 120"},
         "constraint", "Contrainte"),
        ({"type": "integer", "label_fr": "Âge", "constraint": ". >= 0"},
         "constraint_message_fr", "message affiché"),
        ({"type": "text", "label_fr": "Nom", "relevant": "${inconnue} = 'x'"},
         "relevant", "inconnue"),
        ({"type": "text", "label_fr": "Nom", "relevant": "frobnicate(.)"},
         "relevant", "frobnicate"),
        ({"type": "select_one", "label_fr": "Choix"}, "choice_list", "liste de choix"),
        ({"type": "text", "label_fr": "Nom", "name": "1 mauvais nom"}, "name", "lettre"),
        ({"type": "text", "label_fr": ""}, "label_fr", "obligatoire"),
    ]
    for data, field, words in cases:
        response = post(client, designing, "surveys:question_add", data)
        assert response.status_code == 400, data
        errors = response.context["form"].errors
        assert field in errors and words in " ".join(errors[field]), (data, errors)
        assert f'id="id_{field}_errors"' in response.content.decode()
    assert latest(designing) == before


def test_move_remove_and_rename_follow_the_conditions(client, designing):
    design_guide(client, designing)
    post(client, designing, "surveys:node_move", {"sens": "monter"}, "transport")
    names = [n["name"] for n in fmt.questions(latest(designing))]
    assert names[:3] == ["age", "transport", "voiture"]
    # A question cited by a condition is not removed.
    response = post(client, designing, "surveys:node_remove", {}, "voiture")
    assert "est citée par : transport" in client.get(response.url).content.decode()
    assert "voiture" in designer.names(latest(designing))
    # Renaming it carries the condition along.
    edit = post(client, designing, "surveys:question_edit", {
        "section": "section_1", "type": "select_one", "label_fr": "Avez-vous une voiture ?",
        "name": "auto", "choice_list": "oui_non"}, "voiture")
    assert edit.status_code == 302
    by_name = {n["name"]: n for n in fmt.questions(latest(designing))}
    assert by_name["transport"]["relevant"] == "${auto} = 'non'"
    post(client, designing, "surveys:node_remove", {}, "transport")
    post(client, designing, "surveys:node_remove", {}, "vos_besoins")
    assert [n["name"] for n in fmt.questions(latest(designing))] == ["age", "auto"]


def test_a_change_after_answers_makes_version_2_and_version_1_stays(client, designing,
                                                                    facilitator):
    design_guide(client, designing)
    first = designing.latest_version()
    now = timezone.now()
    Submission.objects.create(questionnaire=designing, version=first,
                              answers={"age": 40, "voiture": "non"},
                              consent={"accepte": True}, consent_at=now,
                              idempotency_key="cle-1", collected_at=now)
    page = client.get(reverse("surveys:design", args=[designing.slug])).content.decode()
    assert "Ce questionnaire a déjà des réponses." in page
    assert "créera une nouvelle version (version 2)" in page
    form_page = client.get(reverse("surveys:question_add", args=[designing.slug]))
    assert "créera une nouvelle version (version 2)" in form_page.content.decode()

    response = question(client, designing, section="section_1", type="text",
                        label_fr="Votre prénom (facultatif)", name="prenom")
    assert "Version 2 créée : les réponses déjà reçues gardent la version 1." in \
        client.get(response.url).content.decode()
    assert list(designing.versions.values_list("number", flat=True)) == [2, 1]
    first.refresh_from_db()
    assert "prenom" not in designer.names(first.definition)
    assert "prenom" in designer.names(latest(designing))
    assert Submission.objects.get().version == first
    # A second change goes into version 2 (no answer yet), not a version 3.
    question(client, designing, section="section_1", type="text", label_fr="Commentaire")
    assert designing.versions.count() == 2

    old = client.get(f"{designing.get_absolute_url()}?version=1").content.decode()
    assert "ancienne version" in old and "Votre prénom" not in old
    assert "/versions/1/xlsform/" in old
    assert "Votre prénom" in client.get(designing.get_absolute_url()).content.decode()
    assert client.get(f"/api/v1/enquetes/questionnaires/{designing.slug}/versions/1"
                      ).json()["definition"] == first.definition


def test_choice_list_edit_keeps_codes_and_renames_everywhere(client, designing):
    design_guide(client, designing)
    response = client.get(reverse("surveys:choice_list_edit",
                                  args=[designing.slug, "oui_non"]))
    assert "oui = Oui | Yes\nnon = Non | No" in response.content.decode()
    post(client, designing, "surveys:choice_list_edit", {
        "name": "oui_non_nsp", "choices": "oui = Oui\nnon = Non\nnsp = Ne sait pas"},
        "oui_non")
    definition = latest(designing)
    assert "oui_non" not in definition["choice_lists"]
    assert [c["name"] for c in definition["choice_lists"]["oui_non_nsp"]] == [
        "oui", "non", "nsp"]
    by_name = {n["name"]: n for n in fmt.questions(definition)}
    assert by_name["voiture"]["choice_list"] == by_name["transport"]["choice_list"] \
        == "oui_non_nsp"
    duplicate = post(client, designing, "surveys:choice_list_add",
                     {"name": "x", "choices": "oui = Oui\noui = Encore"})
    assert duplicate.status_code == 400 and "déjà pris" in duplicate.content.decode()


def test_relevance_helper_writes_expressions():
    definition = designer.blank("Test")
    definition = designer.question_save(definition, {
        "section": "section_1", "type": "integer", "label_fr": "Âge", "name": "age"})
    assert designer.relevance_build(definition, "age", ">", "17,5") == "${age} > 17.5"
    assert designer.relevance_build(definition, "age", "!=", "0") == "${age} != 0"
    with pytest.raises(designer.DesignError, match="n'est pas un nombre"):
        designer.relevance_build(definition, "age", "=", "dix")
    definition = designer.question_save(definition, {
        "section": "", "type": "text", "label_fr": "Ville", "name": "ville"})
    assert designer.relevance_build(definition, "ville", "=", "L'Île") \
        == "${ville} = 'L’Île'"
    assert designer.blank("Été 2027")["form_id"] == "ete_2027"


def test_editing_keeps_the_labels_of_other_languages():
    definition = designer.blank("Test")
    definition["languages"] = ["fr", "es"]
    definition["children"][0]["children"].append({
        **designer._node("text", "ville", {"fr": "Ville", "es": "Ciudad"}),
        "hint": {"fr": "Commune", "es": "Municipio"}})
    changed = designer.question_save(definition, {
        "section": "section_1", "type": "text", "label_fr": "Votre ville",
        "label_en": "Your town", "hint_fr": "Commune"}, "ville")
    node = designer.find(changed, "ville")[2]
    assert node["label"] == {"es": "Ciudad", "fr": "Votre ville", "en": "Your town"}
    assert node["hint"] == {"es": "Municipio", "fr": "Commune"}
    assert changed["languages"] == ["fr", "es", "en"]
    assert definition["children"][0]["children"][0]["label"]["fr"] == "Ville"  # a copy


def test_title_and_description(client, designing):
    response = post(client, designing, "surveys:title_edit",
                    {"title": "Accès aux droits 2027", "description": "Pour le diagnostic."})
    assert response.status_code == 302
    designing.refresh_from_db()
    assert designing.title == "Accès aux droits 2027"
    assert designing.description == "Pour le diagnostic."
    assert latest(designing)["title"] == "Accès aux droits 2027"
    page = client.get(designing.get_absolute_url()).content.decode()
    assert "<h1>Accès aux droits 2027</h1>" in page and "Pour le diagnostic." in page


def test_labels_are_text_not_html(client, designing):
    question(client, designing, section="section_1", type="text", name="nom",
             label_fr="<script>alert(1)</script> Nom")
    question(client, designing, section="section_1", type="text", label_fr="Suite",
             show_if_question="nom", show_if_operator="=", show_if_value="<b>x</b>")
    for url in (designing.get_absolute_url(),
                reverse("surveys:design", args=[designing.slug])):
        page = client.get(url).content.decode()
        assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)" in page
        assert "<b>x</b>" not in page and "&lt;b&gt;x&lt;/b&gt;" in page
