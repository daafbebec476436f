"""Coding the open answers: codes of a text question, the answers that carry them, and the
keyword search that proposes answers to code (issue 7, point 5).

A facilitator reads the free-text answers of a question, creates codes ("garde d'enfants"),
and gives them to answers (an answer may carry several). table.py then turns each code into a
yes/no variable "question/code-<pk>", so that tabulations, profiles and maps use it unchanged.
Only complete answers with a non-empty text are coded, as only complete answers are analysed.

The search is pure Python on (id, text) pairs: case- and accent-insensitive (unidecode),
every word of the query must begin a word of the answer ("enfant" finds "enfants"), and a
French plural in the query is read as its singular ("enfants" finds "enfant").
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from unidecode import unidecode

from terreau.surveys.definition import CONTAINERS, label
from terreau.surveys.models import Questionnaire, Submission

from .models import CodeAssignment, OpenCode

LABEL_MAX = OpenCode._meta.get_field("label").max_length
DESCRIPTION_MAX = OpenCode._meta.get_field("description").max_length
# Words that say nothing of a code's meaning: a suggestion does not search for them.
STOP_WORDS = frozenset(
    "a au aux avec ce ces d dans de des du en et l la le les leur leurs ma mes mon n ne nos "
    "notre ou par pas pour qu que qui sa se ses son sur ta tes ton un une vos votre".split())


class CodingError(ValueError):
    """A refused change, with a French message; `field` names the form field at fault."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


# ---- Search (pure) ----------------------------------------------------------------------


def words(text: str) -> list[str]:
    """The words of a text, lower case, without accents ("Sœur aînée" → ["soeur", "ainee"])."""
    return re.findall(r"[a-z0-9]+", unidecode(str(text)).lower())


def _stem(word: str) -> str:
    """A query word without its French plural mark, so that it also finds the singular."""
    if len(word) > 3 and word[-1] in "sx":
        return word[:-1]
    return word


def query_words(query: str) -> list[str]:
    return [_stem(word) for word in words(query)]


def _cites(present: list[str], wanted: str) -> bool:
    return any(word.startswith(wanted) for word in present)


def matches(text: str, query: str) -> bool:
    """Every word of the query begins a word of the text (an empty query matches all)."""
    present = words(text)
    return all(_cites(present, w) for w in query_words(query))


def search(answers: Iterable[tuple[int, str]], query: str) -> list[int]:
    """The ids of the answers whose text matches the query, in their order."""
    wanted = query_words(query)
    found = []
    for answer_id, text in answers:
        present = words(text)
        if all(_cites(present, w) for w in wanted):
            found.append(answer_id)
    return found


def label_words(code_label: str) -> list[str]:
    """The words of a code's label that carry its meaning (no "de", "le", "pour"…)."""
    kept = []
    for word in words(code_label):
        stem = _stem(word)
        if word not in STOP_WORDS and len(word) > 1 and stem not in kept:
            kept.append(stem)
    return kept


def suggest(answers: Iterable[tuple[int, str]], code_label: str,
            exclude: Iterable[int] = ()) -> list[int]:
    """Answers that may deserve the code: those citing a word of its label, the ones citing
    the most words first (then in their order); answers in `exclude` (already coded) left out.
    """
    wanted = label_words(code_label)
    skip = set(exclude)
    scored = []
    for position, (answer_id, text) in enumerate(answers):
        if answer_id in skip:
            continue
        present = words(text)
        score = sum(_cites(present, w) for w in wanted)
        if score:
            scored.append((-score, position, answer_id))
    return [answer_id for _, _, answer_id in sorted(scored)]


# ---- Questions and answers --------------------------------------------------------------


def _text_nodes(nodes: list[dict]) -> Iterable[dict]:
    """Text questions in reading order, outside repeats (a repeat gives several answers)."""
    for node in nodes:
        kind = node.get("type")
        if kind == "repeat":
            continue
        if kind in CONTAINERS:
            yield from _text_nodes(node.get("children", []))
        elif kind == "text":
            yield node


def text_questions(questionnaire: Questionnaire, language: str = "fr") -> list[dict]:
    """[{"name", "label"}] of the questionnaire's text questions (its latest version)."""
    version = questionnaire.latest_version()
    definition = version.definition if version else {}
    return [{"name": node["name"], "label": label(node, language, node["name"])}
            for node in _text_nodes(definition.get("children", []))]


def text_question(questionnaire: Questionnaire, name: str) -> dict:
    question = next((q for q in text_questions(questionnaire) if q["name"] == name), None)
    if question is None:
        raise CodingError(f"« {name} » n'est pas une question à réponse libre de ce "
                          "questionnaire.", "question")
    return question


@dataclass(frozen=True)
class OpenAnswer:
    id: int
    text: str
    codes: frozenset[int]  # ids of the question's codes it carries


def open_answers(questionnaire: Questionnaire, question: str) -> list[OpenAnswer]:
    """The complete answers with a non-empty text for the question, oldest first."""
    texts = []
    for pk, answers in (Submission.objects.filter(questionnaire=questionnaire, complete=True)
                        .order_by("pk").values_list("pk", "answers")):
        value = answers.get(question) if isinstance(answers, dict) else None
        text = "" if value is None else str(value).strip()
        if text:
            texts.append((pk, text))
    carried: dict[int, set[int]] = {}
    for sid, code_id in CodeAssignment.objects.filter(
            code__questionnaire=questionnaire, code__question=question).values_list(
            "submission_id", "code_id"):
        carried.setdefault(sid, set()).add(code_id)
    return [OpenAnswer(pk, text, frozenset(carried.get(pk, ()))) for pk, text in texts]


def question_codes(questionnaire: Questionnaire, question: str) -> list[OpenCode]:
    return list(OpenCode.objects.filter(questionnaire=questionnaire, question=question)
                .order_by("label", "pk"))


def code_counts(answers: Iterable[OpenAnswer]) -> dict[int, int]:
    """How many of the answers carry each code (codes no answer carries are absent)."""
    counts: dict[int, int] = {}
    for answer in answers:
        for code_id in answer.codes:
            counts[code_id] = counts.get(code_id, 0) + 1
    return counts


@dataclass
class QuestionSummary:
    name: str
    label: str
    answers: int  # complete answers with a text
    coded: int  # of which carry at least one code
    codes: list[tuple[OpenCode, int]]  # each code with its count


def question_summary(questionnaire: Questionnaire, question: dict,
                     answers: list[OpenAnswer] | None = None) -> QuestionSummary:
    if answers is None:
        answers = open_answers(questionnaire, question["name"])
    counts = code_counts(answers)
    return QuestionSummary(
        question["name"], question["label"], len(answers),
        sum(1 for a in answers if a.codes),
        [(code, counts.get(code.pk, 0)) for code in question_codes(questionnaire,
                                                                   question["name"])])


def coding_summary(questionnaire: Questionnaire) -> list[QuestionSummary]:
    """Every text question of the questionnaire with its answers, coded answers and codes."""
    return [question_summary(questionnaire, q) for q in text_questions(questionnaire)]


# ---- Codes ------------------------------------------------------------------------------


def _clean_label(text: str) -> str:
    text = " ".join(str(text or "").split())
    if not text:
        raise CodingError("Donnez un nom au code.", "label")
    if len(text) > LABEL_MAX:
        raise CodingError(f"Le nom du code dépasse {LABEL_MAX} caractères ({len(text)}).",
                          "label")
    return text


def _clean_description(text: str) -> str:
    text = " ".join(str(text or "").split())
    if len(text) > DESCRIPTION_MAX:
        raise CodingError(f"La définition dépasse {DESCRIPTION_MAX} caractères "
                          f"({len(text)}).", "description")
    return text


def _check_free(questionnaire, question: str, text: str, code: OpenCode | None = None):
    """Two codes of a question may not read the same, accents and capitals aside."""
    key = words(text)
    for other in OpenCode.objects.filter(questionnaire=questionnaire, question=question):
        if (code is None or other.pk != code.pk) and words(other.label) == key:
            raise CodingError(f"Cette question a déjà un code « {other.label} ».", "label")


def code_create(*, questionnaire: Questionnaire, question: str, label: str,
                description: str = "", user=None) -> OpenCode:
    text_question(questionnaire, question)
    text = _clean_label(label)
    description = _clean_description(description)
    _check_free(questionnaire, question, text)
    return OpenCode.objects.create(questionnaire=questionnaire, question=question, label=text,
                                   description=description, created_by=user)


def code_update(*, code: OpenCode, label: str, description: str = "") -> OpenCode:
    """Rename and describe a code; its answers keep it."""
    text = _clean_label(label)
    description = _clean_description(description)
    _check_free(code.questionnaire, code.question, text, code)
    code.label, code.description = text, description
    code.save(update_fields=["label", "description"])
    return code


def code_delete(*, code: OpenCode) -> int:
    """Delete a code and its assignments (the answers stay); return how many answers had it."""
    count = code.assignments.count()
    code.delete()
    return count


# ---- Assignments ------------------------------------------------------------------------


def _answer_ids(questionnaire, question: str, ids: Iterable) -> list[int]:
    """The given ids as open answers of the question; refuse the batch if one is not."""
    try:
        wanted = list(dict.fromkeys(int(i) for i in ids))
    except (TypeError, ValueError):
        raise CodingError("Les réponses se désignent par leur numéro.", "reponses") from None
    if not wanted:
        raise CodingError("Choisissez au moins une réponse.", "reponses")
    known = {a.id for a in open_answers(questionnaire, question)}
    unknown = [str(i) for i in wanted if i not in known]
    if unknown:
        raise CodingError("Ces numéros ne sont pas des réponses (complètes, non vides) à "
                          f"cette question : {', '.join(unknown)}.", "reponses")
    return wanted


def codes_assign(*, code: OpenCode, submission_ids: Iterable, user=None) -> int:
    """Give the code to these answers (those that have it keep it); return how many gained it."""
    ids = _answer_ids(code.questionnaire, code.question, submission_ids)
    have = set(code.assignments.filter(submission_id__in=ids)
               .values_list("submission_id", flat=True))
    new = [CodeAssignment(code=code, submission_id=i, assigned_by=user)
           for i in ids if i not in have]
    CodeAssignment.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


def codes_unassign(*, code: OpenCode, submission_ids: Iterable) -> int:
    """Take the code from these answers; return how many lost it."""
    ids = _answer_ids(code.questionnaire, code.question, submission_ids)
    removed, _ = code.assignments.filter(submission_id__in=ids).delete()
    return removed


def answers_codes_set(*, questionnaire: Questionnaire, question: str,
                      chosen: dict[int, Iterable], user=None) -> int:
    """Set the codes of each answer to exactly the ones chosen (the page's checkboxes).

    `chosen`: answer id → code ids. Checked as a whole before anything changes; return how
    many answers changed.
    """
    codes = {code.pk: code for code in question_codes(questionnaire, question)}
    ids = _answer_ids(questionnaire, question, chosen)
    wanted: dict[int, set[int]] = {}
    for answer_id, code_ids in chosen.items():
        try:
            wanted[int(answer_id)] = {int(c) for c in code_ids}
        except (TypeError, ValueError):
            raise CodingError("Les codes se désignent par leur numéro.", "codes") from None
        unknown = wanted[int(answer_id)] - codes.keys()
        if unknown:
            raise CodingError("Ces codes n'appartiennent pas à cette question : "
                              f"{', '.join(map(str, sorted(unknown)))}.", "codes")
    current = {a.id: a.codes for a in open_answers(questionnaire, question) if a.id in wanted}
    changed = 0
    with transaction.atomic():
        for answer_id in ids:
            add = wanted[answer_id] - current[answer_id]
            drop = current[answer_id] - wanted[answer_id]
            if drop:
                CodeAssignment.objects.filter(submission_id=answer_id,
                                              code_id__in=drop).delete()
            CodeAssignment.objects.bulk_create(
                [CodeAssignment(code=codes[c], submission_id=answer_id, assigned_by=user)
                 for c in add], ignore_conflicts=True)
            changed += bool(add or drop)
    return changed
