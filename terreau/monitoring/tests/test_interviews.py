"""The interview register: services, and its pages per role (notes hidden from the other
members, shown to the interviewer and the facilitators, each reading audited)."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from terreau.core.choices import AuditTarget
from terreau.core.models import AuditEvent
from terreau.monitoring.interviews import (
    InterviewError,
    interview_counts,
    interview_create,
    interview_update,
)
from terreau.monitoring.models import Interview

SECRET = "La personne a parlé de sa **situation**"


@pytest.fixture
def interview(group, mehdi):
    return interview_create(group=group, by=mehdi, date=date(2025, 6, 12),
                            person_kind="habitant", structure="Centre social Pluriel",
                            topic="Accès aux droits", notes=SECRET)


def test_counts_per_year_and_kind(group, fanny, mehdi, interview):
    interview_create(group=group, by=fanny, interviewer=mehdi, date=date(2026, 3, 31),
                     person_kind="elu")
    interview_create(group=group, by=fanny, date=date(2026, 4, 1), person_kind="habitant")
    counts = interview_counts(group)
    assert counts["total"] == 3
    assert [row["count"] for row in counts["years"]] == [2, 1, 0]
    assert {row["label"]: row["count"] for row in counts["kinds"]} == {"Habitant·e": 2,
                                                                       "Élu·e": 1}


def test_a_member_records_only_interviews_they_led(group, fanny, mehdi):
    with pytest.raises(InterviewError) as error:
        interview_create(group=group, by=mehdi, interviewer=fanny, date=date(2025, 6, 1),
                         person_kind="habitant")
    assert error.value.field == "interviewer"
    assert not Interview.objects.exists()


def test_bad_input_is_refused_with_the_field(group, mehdi, olga):
    cases = [({"date": date.today() + timedelta(days=2), "person_kind": "habitant"}, "date"),
             ({"date": date(2025, 6, 1), "person_kind": "nom"}, "person_kind"),
             ({"date": date(2025, 6, 1), "person_kind": "habitant", "interviewer": olga},
              "interviewer")]
    for values, field in cases:
        with pytest.raises(InterviewError) as error:
            interview_create(group=group, by=mehdi, **values)
        assert error.value.field == field
    assert not Interview.objects.exists()


def test_only_the_interviewer_and_facilitators_change_it(group, fanny, mehdi, interview):
    other = interview_create(group=group, by=fanny, date=date(2025, 7, 1), person_kind="agent")
    with pytest.raises(InterviewError):
        interview_update(interview=other, by=mehdi, topic="Changé")
    interview_update(interview=interview, by=fanny, topic="Mobilité")
    interview.refresh_from_db()
    assert interview.topic == "Mobilité"


def _detail(interview):
    return reverse("monitoring:interview_detail", args=[interview.group.slug, interview.pk])


def test_notes_hidden_from_other_members(client, group, fanny, interview):
    from terreau.accounts.tests.factories import user_make
    other_member = user_make("nora", group=group)
    client.force_login(other_member)
    page = client.get(_detail(interview)).content.decode()
    assert "situation" not in page and "Accès aux droits" in page
    listing = client.get(reverse("monitoring:interviews", args=[group.slug])).content.decode()
    assert "situation" not in listing and "Centre social Pluriel" in listing
    edit = reverse("monitoring:interview_edit", args=[group.slug, interview.pk])
    assert client.get(edit).status_code == 403
    assert client.post(edit, {"topic": "x"}).status_code == 403
    assert not AuditEvent.objects.filter(target_type=AuditTarget.INTERVIEW).exists()


@pytest.mark.parametrize("reader", ["mehdi", "fanny"])
def test_notes_shown_to_interviewer_and_facilitator_and_audited(client, request, interview,
                                                                reader):
    user = request.getfixturevalue(reader)
    client.force_login(user)
    page = client.get(_detail(interview)).content.decode()
    assert "<strong>situation</strong>" in page
    event = AuditEvent.objects.get(target_type=AuditTarget.INTERVIEW)
    assert event.user == user and event.target_id == str(interview.pk)


def test_notes_are_sanitised(client, group, mehdi):
    interview = interview_create(group=group, by=mehdi, date=date(2025, 6, 1),
                                 person_kind="habitant",
                                 notes="<script>alert(1)</script> [x](javascript:alert(1))")
    client.force_login(mehdi)
    page = client.get(_detail(interview)).content.decode()
    assert "<script>alert" not in page and 'href="javascript' not in page


def test_other_groups_and_strangers_get_404(client, group, olga, camille, interview):
    for user in (olga, camille):
        client.force_login(user)
        assert client.get(reverse("monitoring:interviews", args=[group.slug])).status_code == 404
        assert client.get(_detail(interview)).status_code == 404
        create = reverse("monitoring:interview_create", args=[group.slug])
        assert client.post(create, {"date": "2025-06-01"}).status_code == 404
    client.logout()
    assert client.get(_detail(interview)).status_code == 302


def test_a_member_records_an_interview_through_the_form(client, group, mehdi):
    client.force_login(mehdi)
    url = reverse("monitoring:interview_create", args=[group.slug])
    assert client.get(url).status_code == 200
    response = client.post(url, {"date": "2025-09-15", "person_kind": "professionnel",
                                 "structure": "Mission locale", "interviewer": mehdi.pk,
                                 "topic": "Insertion", "notes": "Des notes"})
    saved = Interview.objects.get()
    assert response.status_code == 302 and response.url == _detail(saved)
    assert saved.interviewer == mehdi and saved.group == group


def test_the_form_says_what_is_wrong_and_writes_nothing(client, group, fanny, mehdi):
    client.force_login(mehdi)
    url = reverse("monitoring:interview_create", args=[group.slug])
    response = client.post(url, {"date": "2025-09-15", "person_kind": "habitant",
                                 "interviewer": fanny.pk})
    assert response.status_code == 200
    assert "membre du groupe" in response.content.decode()
    response = client.post(url, {"date": "demain", "person_kind": "habitant",
                                 "interviewer": mehdi.pk})
    assert "Date illisible" in response.content.decode()
    assert not Interview.objects.exists()


def test_a_facilitator_records_for_another_member(client, group, fanny, mehdi):
    client.force_login(fanny)
    response = client.post(reverse("monitoring:interview_create", args=[group.slug]),
                           {"date": "2025-09-15", "person_kind": "elu",
                            "interviewer": mehdi.pk})
    assert response.status_code == 302
    assert Interview.objects.get().interviewer == mehdi
