"""Coding the open answers (coding.py): the keyword search, the codes, their assignment, and
the code columns that tabulations, profiles and maps then read (answers.answers_table).

The answers are real Submissions of the Tours demo questionnaire (surveys/demo.py), whose
text question `autre_besoin` ("Un autre besoin, dans vos mots ?") gets varied French free
text: accents, capitals, plurals, an empty answer, a missing one, an incomplete one.
"""

import datetime
import uuid

import pytest
from django.utils import timezone

from terreau.analysis import coding
from terreau.analysis.answers import answers_table
from terreau.analysis.coding import CodingError
from terreau.analysis.models import CodeAssignment, OpenCode
from terreau.indicators.tests.factories import user_make
from terreau.surveys.demo import DEFINITION
from terreau.surveys.models import Campaign, Submission
from terreau.surveys.services import questionnaire_create

QUESTION = "autre_besoin"
TEXTS = {
    "creche": "Une place en crèche pour mes deux enfants",
    "mercredi": "Garde d'enfant le mercredi",
    "bus": "Des bus le soir après 21 h",
    "soir": "Pas de transport le soir pour rentrer du TRAVAIL",
    "formation": "Faire garder les ENFANTS pendant ma formation",
    "medecin": "Un médecin généraliste près de chez moi",
    "soeur": "Ma sœur est handicapée : aide à domicile",
}


@pytest.fixture
def facilitator(tours_group):
    return user_make("fanny", group=tours_group, role="facilitator")


@pytest.fixture
def campaign(tours_group, facilitator):
    questionnaire = questionnaire_create(group=tours_group, definition=DEFINITION,
                                         user=facilitator, slug="guide-tours")
    return Campaign.objects.create(
        questionnaire=questionnaire, slug="diagnostic-tours", title="Diagnostic Tours",
        starts_on=datetime.date(2026, 1, 5), collected_by="Le groupe Tours insertion",
        purpose="Connaître les besoins.", created_by=facilitator)


@pytest.fixture
def questionnaire(campaign):
    return campaign.questionnaire


def answer_make(campaign, answers: dict, *, complete: bool = True) -> Submission:
    at = timezone.make_aware(datetime.datetime(2026, 3, 2, 11))
    return Submission.objects.create(
        questionnaire=campaign.questionnaire, version=campaign.questionnaire.latest_version(),
        campaign=campaign, answers={"age": 40, "logement": "heberge", **answers},
        complete=complete, consent={"accepte": True}, consent_at=at, collected_at=at,
        idempotency_key=str(uuid.uuid4()))


@pytest.fixture
def answered(campaign) -> dict[str, Submission]:
    """The seven written answers, then one empty, one without the question, one incomplete."""
    made = {name: answer_make(campaign, {QUESTION: text}) for name, text in TEXTS.items()}
    made["vide"] = answer_make(campaign, {QUESTION: ""})
    made["absente"] = answer_make(campaign, {})
    made["incomplete"] = answer_make(campaign, {QUESTION: "Garde des enfants malades"},
                                     complete=False)
    return made


def ids(answered, *names) -> list[int]:
    return [answered[name].pk for name in names]


# ---- Search (pure) ----------------------------------------------------------------------

PAIRS = list(enumerate(TEXTS.values()))
NAMES = list(TEXTS)


def found(query: str) -> list[str]:
    return [NAMES[i] for i in coding.search(PAIRS, query)]


def test_words_drop_capitals_and_accents():
    assert coding.words("Sœur aînée, À DOMICILE !") == ["soeur", "ainee", "a", "domicile"]


def test_a_word_finds_the_words_it_begins_whatever_the_case_and_accents():
    assert found("enfant") == ["creche", "mercredi", "formation"]
    assert found("ENFANT") == found("enfant")
    assert found("creche") == ["creche"]
    assert found("Médecin") == found("medecin") == ["medecin"]
    assert found("soeur") == found("sœur") == ["soeur"]
    assert found("travail") == ["soir"]


def test_a_plural_in_the_query_also_finds_the_singular():
    assert found("enfants") == ["creche", "mercredi", "formation"]
    assert found("bus") == ["bus"]  # a short word is not cut


def test_every_word_of_the_query_must_be_there():
    assert found("soir") == ["bus", "soir"]
    assert found("transport soir") == ["soir"]
    assert found("garde enfant") == ["mercredi", "formation"]  # "garde" begins "garder"
    assert found("enfant soir") == []


def test_a_word_longer_than_the_text_s_finds_nothing_and_an_empty_query_finds_all():
    assert found("enfantin") == []
    assert found("  ") == NAMES
    assert coding.matches("Garde d'enfant", "d'enfant")


def test_suggestions_come_from_the_meaningful_words_of_the_label():
    assert coding.label_words("Garde d'enfants") == ["garde", "enfant"]
    assert coding.label_words("Transport le soir dans les quartiers") == [
        "transport", "soir", "quartier"]
    suggested = [NAMES[i] for i in coding.suggest(PAIRS, "Garde d'enfants")]
    assert suggested == ["mercredi", "formation", "creche"]  # two words cited, then one
    assert [NAMES[i] for i in coding.suggest(PAIRS, "Garde d'enfants", exclude=[1])] == [
        "formation", "creche"]
    assert coding.suggest(PAIRS, "de la") == []


# ---- Questions and answers --------------------------------------------------------------


def test_the_text_questions_of_the_questionnaire(questionnaire):
    assert coding.text_questions(questionnaire) == [
        {"name": QUESTION, "label": "Un autre besoin, dans vos mots ?"}]
    with pytest.raises(CodingError, match="« logement » n'est pas une question à réponse libre"):
        coding.text_question(questionnaire, "logement")


def test_only_complete_non_empty_answers_are_coded(campaign, answered):
    blank = answer_make(campaign, {QUESTION: "   "})
    answers = coding.open_answers(campaign.questionnaire, QUESTION)
    assert [a.id for a in answers] == ids(answered, *TEXTS)
    assert blank.pk not in [a.id for a in answers]
    assert answers[1].text == TEXTS["mercredi"]


# ---- Codes ------------------------------------------------------------------------------


def test_creating_a_code_and_the_refusals(questionnaire, facilitator):
    code = coding.code_create(questionnaire=questionnaire, question=QUESTION,
                              label="  Garde   d'enfants ", description="Crèche, nourrice",
                              user=facilitator)
    assert (code.label, code.description, code.created_by) == (
        "Garde d'enfants", "Crèche, nourrice", facilitator)
    refusals = [
        ({"label": " "}, "Donnez un nom au code."),
        ({"label": "garde D'ENFANTS"}, "Cette question a déjà un code « Garde d'enfants »."),
        ({"label": "x" * 121}, "Le nom du code dépasse 120 caractères (121)."),
        ({"label": "Logement", "question": "logement"},
         "« logement » n'est pas une question à réponse libre de ce questionnaire."),
        ({"label": "Autre", "question": "inconnue"}, "« inconnue » n'est pas une question"),
        ({"label": "Autre", "description": "y" * 301}, "La définition dépasse 300 caractères"),
    ]
    for fields, message in refusals:
        with pytest.raises(CodingError) as refused:
            coding.code_create(questionnaire=questionnaire,
                               **{"question": QUESTION, **fields})
        assert str(refused.value).startswith(message)
    assert OpenCode.objects.count() == 1


def test_renaming_and_describing_a_code(questionnaire):
    garde = coding.code_create(questionnaire=questionnaire, question=QUESTION, label="Garde")
    coding.code_create(questionnaire=questionnaire, question=QUESTION, label="Transport")
    coding.code_update(code=garde, label="Garde d'enfants", description="Crèche ou nourrice")
    garde.refresh_from_db()
    assert (garde.label, garde.description) == ("Garde d'enfants", "Crèche ou nourrice")
    coding.code_update(code=garde, label="garde d'enfants")  # its own name, other capitals
    with pytest.raises(CodingError, match="déjà un code « Transport »"):
        coding.code_update(code=garde, label="TRANSPORT")
    garde.refresh_from_db()
    assert garde.label == "garde d'enfants"


def test_assigning_is_idempotent_and_an_answer_may_carry_several_codes(
        questionnaire, answered, facilitator):
    garde = coding.code_create(questionnaire=questionnaire, question=QUESTION, label="Garde")
    transport = coding.code_create(questionnaire=questionnaire, question=QUESTION,
                                   label="Transport le soir")
    first = ids(answered, "creche", "mercredi", "formation")
    assert coding.codes_assign(code=garde, submission_ids=first, user=facilitator) == 3
    assert coding.codes_assign(code=garde, submission_ids=first + first) == 0
    assert coding.codes_assign(code=transport, submission_ids=ids(
        answered, "bus", "soir", "formation")) == 3
    assert garde.assignments.count() == 3
    formation = next(a for a in coding.open_answers(questionnaire, QUESTION)
                     if a.id == answered["formation"].pk)
    assert formation.codes == {garde.pk, transport.pk}
    assert coding.codes_unassign(code=garde, submission_ids=ids(answered, "creche", "bus")) == 1
    assert coding.codes_unassign(code=garde, submission_ids=ids(answered, "creche")) == 0
    summary = coding.question_summary(questionnaire, coding.text_question(questionnaire,
                                                                          QUESTION))
    assert (summary.answers, summary.coded) == (7, 4)
    assert [(code.label, n) for code, n in summary.codes] == [
        ("Garde", 2), ("Transport le soir", 3)]


def test_a_bad_answer_in_a_batch_changes_nothing(questionnaire, answered, campaign):
    garde = coding.code_create(questionnaire=questionnaire, question=QUESTION, label="Garde")
    for bad in ("incomplete", "vide", "absente"):
        with pytest.raises(CodingError, match="ne sont pas des réponses .* : "
                                              f"{answered[bad].pk}"):
            coding.codes_assign(code=garde, submission_ids=ids(answered, "creche", bad))
    with pytest.raises(CodingError, match="Choisissez au moins une réponse"):
        coding.codes_assign(code=garde, submission_ids=[])
    with pytest.raises(CodingError, match="par leur numéro"):
        coding.codes_assign(code=garde, submission_ids=["trois"])
    assert not CodeAssignment.objects.exists()


def test_the_checkboxes_of_a_page_set_exactly_the_codes_ticked(questionnaire, answered):
    garde = coding.code_create(questionnaire=questionnaire, question=QUESTION, label="Garde")
    soir = coding.code_create(questionnaire=questionnaire, question=QUESTION, label="Soir")
    coding.codes_assign(code=garde, submission_ids=ids(answered, "bus"))
    creche, bus, soir_id = ids(answered, "creche", "bus", "soir")
    changed = coding.answers_codes_set(
        questionnaire=questionnaire, question=QUESTION,
        chosen={creche: [str(garde.pk)], bus: [soir.pk], soir_id: [garde.pk, soir.pk]})
    assert changed == 3
    carried = {a.id: a.codes for a in coding.open_answers(questionnaire, QUESTION)}
    assert (carried[creche], carried[bus], carried[soir_id]) == (
        {garde.pk}, {soir.pk}, {garde.pk, soir.pk})
    assert coding.answers_codes_set(questionnaire=questionnaire, question=QUESTION,
                                    chosen={creche: [garde.pk]}) == 0
    other = OpenCode.objects.create(questionnaire=questionnaire, question="autre", label="X")
    with pytest.raises(CodingError, match=f"n'appartiennent pas à cette question : {other.pk}"):
        coding.answers_codes_set(questionnaire=questionnaire, question=QUESTION,
                                 chosen={creche: [], bus: [other.pk]})
    assert CodeAssignment.objects.filter(submission_id=creche).count() == 1


def test_deleting_a_code_keeps_the_answers(questionnaire, answered):
    garde = coding.code_create(questionnaire=questionnaire, question=QUESTION, label="Garde")
    coding.codes_assign(code=garde, submission_ids=ids(answered, "creche", "mercredi"))
    assert coding.code_delete(code=garde) == 2
    assert not CodeAssignment.objects.exists()
    assert len(coding.open_answers(questionnaire, QUESTION)) == 7


# ---- The codes as columns of the answers table ------------------------------------------


def test_after_coding_the_answers_table_has_a_yes_no_column_per_code(questionnaire, answered):
    garde = coding.code_create(questionnaire=questionnaire, question=QUESTION,
                               label="Garde d'enfants")
    soir = coding.code_create(questionnaire=questionnaire, question=QUESTION,
                              label="Transport le soir")
    coding.codes_assign(code=garde, submission_ids=ids(answered, "creche", "mercredi",
                                                       "formation"))
    coding.codes_assign(code=soir, submission_ids=ids(answered, "bus", "soir", "formation"))
    table = answers_table(questionnaire).table
    garde_key, soir_key = f"{QUESTION}/code-{garde.pk}", f"{QUESTION}/code-{soir.pk}"
    assert table.multiples[QUESTION] == [garde_key, soir_key]
    assert table.variables[garde_key].choice_label == "Garde d'enfants"
    rows = {name: table.frame.loc[answered[name].pk] for name in answered
            if name != "incomplete"}
    assert answered["incomplete"].pk not in table.frame.index
    expected = {"creche": ("oui", "non"), "mercredi": ("oui", "non"), "bus": ("non", "oui"),
                "soir": ("non", "oui"), "formation": ("oui", "oui"), "medecin": ("non", "non"),
                "soeur": ("non", "non"), "vide": (None, None), "absente": (None, None)}
    assert {name: (row[garde_key], row[soir_key]) for name, row in rows.items()} == expected
