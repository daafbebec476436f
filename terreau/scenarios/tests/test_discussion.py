"""Comments: threads one level deep, mentions, replies, edit and delete, moderation."""

import pytest
from django.core import mail

from terreau.scenarios import discussion
from terreau.scenarios.hypotheses import hypothesis_add
from terreau.scenarios.models import Notification
from terreau.scenarios.services import ScenarioError

from .test_discussion_setup import *  # noqa: F403 (its fixtures)

pytestmark = pytest.mark.django_db


def test_a_comment_mentioning_a_member_tells_them_once(scenario, step1, mehdi, sarah):
    comment = discussion.comment_add(scenario=scenario, step=step1, author=mehdi,
                                     body="@sarah.benali regarde ça, @sarah.benali ! @mehdi")
    notes = Notification.objects.filter(recipient=sarah)
    assert [n.kind for n in notes] == ["mention"]
    assert notes[0].url.endswith(f"#commentaire-{comment.pk}")
    assert not Notification.objects.filter(recipient=mehdi).exists()  # never the author
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["sarah.benali@example.org"]


def test_a_reply_to_a_reply_joins_the_top_comment_and_tells_the_answered(
        scenario, step1, mehdi, sarah, fanny):
    top = discussion.comment_add(scenario=scenario, step=step1, author=mehdi, body="Premier")
    reply = discussion.comment_add(scenario=scenario, step=step1, author=sarah, body="Oui",
                                   parent=top)
    again = discussion.comment_add(scenario=scenario, step=step1, author=fanny, body="Et moi",
                                   parent=reply)
    assert again.parent == top
    kinds = sorted(Notification.objects.values_list("recipient__username", "kind"))
    assert kinds == [("mehdi", "reply"), ("sarah.benali", "reply")]
    thread = discussion.thread(user=mehdi, step=step1, can_comment=True)
    assert [c.pk for c in thread] == [top.pk]
    assert [c.pk for c in thread[0].replies] == [reply.pk, again.pk]


def test_a_parent_must_be_in_the_same_discussion(scenario, step1, mehdi):
    top = discussion.comment_add(scenario=scenario, step=step1, author=mehdi, body="Ici")
    other = scenario.steps.get(position=2)
    with pytest.raises(ScenarioError, match="même discussion"):
        discussion.comment_add(scenario=scenario, step=other, author=mehdi, body="Là",
                               parent=top)


def test_an_empty_or_too_long_comment_is_refused(scenario, step1, mehdi):
    with pytest.raises(ScenarioError, match="vide"):
        discussion.comment_add(scenario=scenario, step=step1, author=mehdi, body="  ")
    with pytest.raises(ScenarioError, match="dépasse"):
        discussion.comment_add(scenario=scenario, step=step1, author=mehdi, body="x" * 20_001)


def test_a_meeting_guest_comments_under_a_name(scenario, step1):
    comment = discussion.comment_add(scenario=scenario, step=step1, author_name="Lucie",
                                     body="Vu en réunion")
    assert comment.display_name == "Lucie"
    with pytest.raises(ScenarioError, match="prénom"):
        discussion.comment_add(scenario=scenario, step=step1, body="Sans nom")


def test_a_hypothesis_has_its_own_thread(scenario, mehdi):
    hypothesis = hypothesis_add(scenario=scenario, statement="Le chômage baisse", by=mehdi)
    discussion.comment_add(scenario=scenario, hypothesis=hypothesis, author=mehdi, body="Oui")
    assert len(discussion.thread(user=mehdi, hypothesis=hypothesis)) == 1


def test_only_the_author_edits_and_new_mentions_are_told(scenario, step1, mehdi, sarah,
                                                         fanny):
    comment = discussion.comment_add(scenario=scenario, step=step1, author=mehdi,
                                     body="Avec @sarah.benali")
    with pytest.raises(discussion.NotAllowed):
        discussion.comment_edit(comment=comment, body="Piraté", by=sarah)
    discussion.comment_edit(comment=comment, body="Avec @sarah.benali et @fanny", by=mehdi)
    comment.refresh_from_db()
    assert comment.edited_at is not None and "@fanny" in comment.body
    told = sorted(Notification.objects.values_list("recipient__username", flat=True))
    assert told == ["fanny", "sarah.benali"]


def test_deleting_keeps_the_place_and_erases_the_text(scenario, step1, mehdi, sarah):
    top = discussion.comment_add(scenario=scenario, step=step1, author=mehdi, body="Secret")
    discussion.comment_add(scenario=scenario, step=step1, author=sarah, body="Réponse",
                           parent=top)
    with pytest.raises(discussion.NotAllowed):
        discussion.comment_delete(comment=top, by=sarah)
    discussion.comment_delete(comment=top, by=mehdi)
    top.refresh_from_db()
    assert top.body == "" and top.deleted_by == mehdi
    view = discussion.thread(user=sarah, step=step1)[0]
    assert view.deleted_label == "Commentaire supprimé" and view.html == ""


def test_a_facilitator_moderates_the_group(scenario, step1, mehdi, sarah, fanny):
    comment = discussion.comment_add(scenario=scenario, step=step1, author=sarah,
                                     body="Hors sujet @mehdi")
    assert Notification.objects.filter(comment=comment).exists()
    discussion.comment_delete(comment=comment, by=fanny)
    comment.refresh_from_db()
    assert discussion.deleted_label(comment) == "Commentaire retiré par l'animation"
    assert not Notification.objects.filter(comment=comment).exists()
    # A deleted comment without replies leaves the thread.
    assert discussion.thread(user=mehdi, step=step1) == []


def test_mentions_are_marked_in_the_html_of_real_accounts_only(scenario, step1, mehdi,
                                                               sarah):
    comment = discussion.comment_add(scenario=scenario, step=step1, author=mehdi,
                                     body="Merci @sarah.benali et @personne, `@sarah.benali`")
    html = discussion.comment_html(comment)
    assert html.count('<strong class="mention">@sarah.benali</strong>') == 1
    assert "@personne" in html and "<code>@sarah.benali</code>" in html
