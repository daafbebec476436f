"""Comments: threads one level deep, mentions, replies, edit and delete, moderation."""

import html

import pytest
from django.core import mail

from terreau.scenarios import discussion
from terreau.scenarios.hypotheses import hypothesis_add
from terreau.scenarios.models import Notification
from terreau.scenarios.services import ScenarioError

from .test_discussion_setup import *  # noqa: F403 (its fixtures)

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return html.unescape(response.content.decode())


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


# ---- Pages and API -------------------------------------------------------------------------


def _post_comment(client, scenario, **data):
    return client.post(f"/scenarios/{scenario.slug}/commentaires/ajouter/", data)


def test_a_member_comments_from_the_reader_and_lands_on_the_comment(client, scenario, step1,
                                                                    sarah):
    client.force_login(sarah)
    page = _text(client.get(scenario.get_absolute_url()))
    assert "Mentionnez quelqu'un avec @identifiant" in page
    response = _post_comment(client, scenario, step=step1.pk, body="Vu **ici**")
    comment = scenario.comments.get()
    assert response.status_code == 302
    assert response.url == f"{scenario.get_absolute_url()}#commentaire-{comment.pk}"
    page = _text(client.get(scenario.get_absolute_url()))
    assert f'id="commentaire-{comment.pk}"' in page and "<strong>ici</strong>" in page


def test_an_empty_comment_is_shown_again_with_the_error(client, scenario, step1, sarah):
    client.force_login(sarah)
    response = _post_comment(client, scenario, step=step1.pk, body="   ")
    assert response.status_code == 400
    assert "Le commentaire est vide" in _text(response)
    assert not scenario.comments.exists()


def test_an_outsider_gets_a_404_everywhere(client, scenario, step1, mehdi, olga):
    comment = discussion.comment_add(scenario=scenario, step=step1, author=mehdi, body="Oui")
    client.force_login(olga)
    assert _post_comment(client, scenario, step=step1.pk, body="x").status_code == 404
    for url in (f"/scenarios/{scenario.slug}/commentaires/{comment.pk}/modifier/",
                f"/scenarios/{scenario.slug}/hypotheses/ajouter/",
                f"/api/v1/scenarios/{scenario.slug}/commentaires"):
        assert client.get(url).status_code == 404
    assert client.get(f"/scenarios/groupe/{scenario.group.slug}/activite/").status_code == 404


def test_others_comments_cannot_be_edited_nor_deleted_by_a_member(client, scenario, step1,
                                                                  mehdi, sarah):
    comment = discussion.comment_add(scenario=scenario, step=step1, author=mehdi, body="À moi")
    client.force_login(sarah)
    base = f"/scenarios/{scenario.slug}/commentaires/{comment.pk}"
    assert client.post(f"{base}/modifier/", {"body": "Non"}).status_code == 403
    assert client.post(f"{base}/supprimer/").status_code == 403
    page = _text(client.get(scenario.get_absolute_url()))
    assert f"{base}/modifier/" not in page and f"{base}/supprimer/" not in page
    comment.refresh_from_db()
    assert comment.body == "À moi" and not comment.is_deleted


def test_a_facilitator_removes_a_comment_from_the_page(client, scenario, step1, sarah, fanny):
    comment = discussion.comment_add(scenario=scenario, step=step1, author=sarah, body="Insulte")
    discussion.comment_add(scenario=scenario, step=step1, author=fanny, body="Restons calmes",
                           parent=comment)
    client.force_login(fanny)
    assert client.post(f"/scenarios/{scenario.slug}/commentaires/{comment.pk}/supprimer/"
                       ).status_code == 302
    page = _text(client.get(scenario.get_absolute_url()))
    assert "Commentaire retiré par l'animation" in page and "Insulte" not in page
    assert "Restons calmes" in page


def test_the_api_lists_threads_and_follows_the_same_rules(client, scenario, step1, mehdi,
                                                         sarah):
    url = f"/api/v1/scenarios/{scenario.slug}/commentaires"
    assert client.get(url).status_code == 401
    client.force_login(sarah)
    response = client.post(url, {"texte": "Bonjour @mehdi", "etape": step1.pk},
                           content_type="application/json")
    assert response.status_code == 201
    created = response.json()
    assert 'class="mention">@mehdi<' in created["html"]
    reply = client.post(url, {"texte": "Re", "etape": step1.pk, "parent": created["id"]},
                        content_type="application/json").json()
    assert [c["id"] for c in client.get(url).json()] == [created["id"]]
    assert client.get(url).json()[0]["reponses"][0]["id"] == reply["id"]
    bad = client.post(url, {"texte": " ", "etape": step1.pk}, content_type="application/json")
    assert bad.status_code == 400 and "vide" in bad.json()["detail"]
    client.force_login(mehdi)
    other = client.patch(f"{url}/{created['id']}", {"texte": "x"},
                         content_type="application/json")
    assert other.status_code == 403
    assert client.delete(f"{url}/{created['id']}").status_code == 403


def test_the_group_activity_lists_what_happened(client, scenario, step1, mehdi, sarah):
    from terreau.scenarios.hypotheses import hypothesis_set_status

    hypothesis = hypothesis_add(scenario=scenario, statement="Le chômage baisse", by=sarah)
    hypothesis_set_status(hypothesis=hypothesis, status="infirmee", by=mehdi,
                          reason="Les chiffres disent le contraire")
    discussion.comment_add(scenario=scenario, step=step1, author=sarah, body="Intéressant")
    gone = discussion.comment_add(scenario=scenario, step=step1, author=sarah, body="Oups")
    discussion.comment_delete(comment=gone, by=sarah)
    client.force_login(mehdi)
    page = _text(client.get(f"/scenarios/groupe/{scenario.group.slug}/activite/"))
    assert "a créé le scénario" in page and "a commenté l'étape 1" in page
    assert "À vérifier → Infirmée" in page and "Les chiffres disent le contraire" in page
    assert "Oups" not in page
    assert page.index("a commenté") < page.index("a formulé une hypothèse")  # newest first
    group_page = _text(client.get(f"/groupes/{scenario.group.slug}/"))
    assert f"/scenarios/groupe/{scenario.group.slug}/activite/" in group_page
