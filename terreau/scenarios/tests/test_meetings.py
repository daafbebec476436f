"""Meetings: a code to join from phones, votes and comments kept with the scenario."""

import pytest
from django.urls import reverse

from terreau.indicators.tests.factories import user_make
from terreau.scenarios.choices import Visibility, VoteChoice
from terreau.scenarios.meetings import (
    CODE_ALPHABET,
    MeetingError,
    meeting_end,
    meeting_join,
    meeting_results,
    meeting_start,
    vote_cast,
)
from terreau.scenarios.models import Comment, Hypothesis, Participant, Vote
from terreau.scenarios.services import scenario_create, step_add


@pytest.fixture
def facilitator(tours_group):
    return user_make("fanny", group=tours_group, role="facilitator")


@pytest.fixture
def scenario(chomage, tours_group, facilitator):
    scenario = scenario_create(title="Chômage à Tours", group=tours_group, author=facilitator,
                               visibility=Visibility.GROUP)
    for n, within in enumerate(["37", "commune:37261"], start=1):
        level = "commune" if n == 1 else "iris"
        step_add(scenario=scenario, kind="carte", title=f"Vue {n}", user=facilitator,
                 query=f"indicateur=chomage&niveau={level}&dans={within}",
                 narrative=f"Récit de l'étape {n}.")
    Hypothesis.objects.create(scenario=scenario, statement="Le chômage se concentre au nord.")
    return scenario


@pytest.fixture
def meeting(scenario, facilitator):
    return meeting_start(scenario=scenario, user=facilitator)


def _join(client, code, name="Léa"):
    return client.post(reverse("scenarios:meeting_join"), {"code": code, "nom": name})


def test_starting_a_meeting_gives_a_six_character_code_without_ambiguous_letters(
        client, scenario, facilitator):
    client.force_login(facilitator)
    response = client.post(reverse("scenarios:meeting_start", args=[scenario.slug]))
    meeting = scenario.meetings.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("scenarios:meeting_screen",
                                           args=[scenario.slug, meeting.pk])
    assert len(meeting.code) == 6 and set(meeting.code) <= set(CODE_ALPHABET)
    assert not set("0O1IL") & set(CODE_ALPHABET)
    screen = client.get(response["Location"]).content.decode()
    assert meeting.code in screen and "<svg" in screen and "/scenarios/reunion/" in screen


def test_starting_again_ends_the_meeting_still_open(scenario, facilitator, meeting):
    second = meeting_start(scenario=scenario, user=facilitator)
    meeting.refresh_from_db()
    assert not meeting.is_open and second.is_open


def test_a_member_who_does_not_edit_the_scenario_cannot_start_a_meeting(client, scenario,
                                                                        tours_member):
    client.force_login(tours_member)
    response = client.post(reverse("scenarios:meeting_start", args=[scenario.slug]))
    assert response.status_code == 403 and scenario.meetings.count() == 0


def test_someone_without_account_joins_with_the_code_and_follows(client, meeting):
    response = _join(client, meeting.code.lower(), "Léa")
    assert response.status_code == 302
    assert response["Location"] == reverse("scenarios:meeting_follow", args=[meeting.code])
    participant = Participant.objects.get(meeting=meeting)
    assert participant.name == "Léa" and participant.user is None
    assert len(participant.token_hash) == 64
    assert client.get(response["Location"]).status_code == 200
    state = client.get(reverse("api:meeting_state", args=[meeting.code])).json()
    assert state["etape"]["titre"] == "Vue 1"
    assert state["etape"]["recit_html"] == "<p>Récit de l'étape 1.</p>\n"
    assert "Léa" not in str(state)


def test_a_wrong_code_is_explained_beside_the_field(client, meeting):
    response = _join(client, "ZZZZZZ")
    assert response.status_code == 400
    assert "ne correspond à aucune réunion en cours" in response.content.decode()


def test_voting_twice_keeps_one_vote_the_last(client, meeting, scenario):
    _join(client, meeting.code)
    hypothesis = scenario.hypotheses.get()
    url = reverse("api:meeting_vote", args=[meeting.code])
    for choice in (VoteChoice.AGREE, VoteChoice.DISAGREE):
        response = client.post(url, {"hypothese": hypothesis.pk, "choix": choice},
                               content_type="application/json")
        assert response.status_code == 200, response.content
    assert list(Vote.objects.values_list("choice", flat=True)) == [VoteChoice.DISAGREE]
    results = meeting_results(meeting)
    assert (results.tallies[0].pour, results.tallies[0].contre) == (0, 1)
    state = client.get(reverse("api:meeting_state", args=[meeting.code])).json()
    assert state["hypotheses"][0]["vote"] == VoteChoice.DISAGREE


def test_a_comment_is_stored_with_the_meeting_and_the_guests_name(client, meeting, scenario):
    _join(client, meeting.code, "Karim")
    response = client.post(reverse("api:meeting_comment", args=[meeting.code]),
                           {"texte": "Le quartier nord manque de **transports**."},
                           content_type="application/json")
    assert response.status_code == 201, response.content
    comment = Comment.objects.get()
    assert comment.meeting == meeting and comment.author is None
    assert comment.author_name == "Karim" and comment.step.position == 1


def test_an_ended_meeting_refuses_joins_and_votes(client, meeting, scenario):
    participant, _token = meeting_join(code=meeting.code, name="Léa")
    meeting_end(meeting=meeting)
    assert _join(client, meeting.code).status_code == 400
    with pytest.raises(MeetingError, match="terminée"):
        vote_cast(meeting=meeting, participant=participant,
                  hypothesis=scenario.hypotheses.get(), choice=VoteChoice.AGREE)


def test_the_state_needs_the_participant_token(client, meeting):
    response = client.get(reverse("api:meeting_state", args=[meeting.code]))
    assert response.status_code == 403
    assert "Rejoignez" in response.json()["detail"]
    follow = client.get(reverse("scenarios:meeting_follow", args=[meeting.code]))
    assert follow.status_code == 302 and "reunion/?code=" in follow["Location"]


def test_only_editors_move_the_projected_step(client, meeting, scenario, tours_member,
                                              facilitator):
    url = reverse("api:meeting_step", args=[scenario.slug, meeting.pk])
    client.force_login(tours_member)
    assert client.post(url, {"position": 2}, content_type="application/json").status_code == 403
    client.force_login(facilitator)
    assert client.post(url, {"position": 2}, content_type="application/json").status_code == 200
    meeting.refresh_from_db()
    assert meeting.current_position == 2


def test_the_results_page_shows_votes_and_comments_to_readers(client, meeting, scenario,
                                                              tours_member, facilitator):
    participant, _ = meeting_join(code=meeting.code, name="Léa")
    vote_cast(meeting=meeting, participant=participant, hypothesis=scenario.hypotheses.get(),
              choice=VoteChoice.AGREE)
    meeting_end(meeting=meeting)
    client.force_login(tours_member)
    page = client.get(reverse("scenarios:meeting_results", args=[scenario.slug, meeting.pk]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "1 participant," in text and "Le chômage se concentre au nord." in text
    reader = client.get(scenario.get_absolute_url()).content.decode()
    assert "Réunions passées (1)" in reader and "Adapter à mon territoire" in reader
    assert "Lancer une réunion" not in reader


def test_a_scenario_one_may_not_read_hides_its_meetings(client, meeting, scenario, outsider):
    client.force_login(outsider)
    url = reverse("scenarios:meeting_results", args=[scenario.slug, meeting.pk])
    assert client.get(url).status_code == 404
    screen = reverse("scenarios:meeting_screen", args=[scenario.slug, meeting.pk])
    assert client.get(screen).status_code == 404


def test_a_signed_in_member_finds_their_name_prefilled_and_joins_as_themselves(
        client, meeting, tours_member):
    tours_member.first_name = "Mehdi"
    tours_member.save()
    client.force_login(tours_member)
    page = client.get(reverse("scenarios:meeting_join"), {"code": meeting.code})
    assert 'value="Mehdi"' in page.content.decode()
    assert f'value="{meeting.code}"' in page.content.decode()
    _join(client, meeting.code, "Mehdi")
    assert Participant.objects.get().user == tours_member


def test_phones_learn_that_the_meeting_ended(client, meeting):
    _join(client, meeting.code)
    meeting_end(meeting=meeting)
    state = client.get(reverse("api:meeting_state", args=[meeting.code])).json()
    assert state["ouverte"] is False
