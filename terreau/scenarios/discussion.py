"""Comments on the steps and hypotheses of a scenario: threads, mentions, moderation.

Threads are one level deep: a comment, and its replies below it. A reply to a reply is
attached to the top comment of its thread (the conversation stays readable on a phone), and
its author is told as the author of the comment they answered.

Permissions are checked by the callers (views, API, meetings) with queries.scenario_can_comment
& co.; edit and delete check who acts, since that is what the rule is about.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from terreau.core.markdown import MAX_LENGTH, plain_excerpt, render_markdown

from .choices import NotificationKind
from .mentions import known_usernames, mark_mentions, mentioned_readers
from .models import Comment, Hypothesis, Meeting, Scenario, Step
from .notifications import notify
from .queries import scenario_can_moderate
from .services import ScenarioError

AUTHOR_NAME_MAX = 120


class NotAllowed(ScenarioError):
    """The change is refused to this person (pages answer 403)."""


def comment_url(comment: Comment) -> str:
    return f"{comment.scenario.get_absolute_url()}#commentaire-{comment.pk}"


def _clean_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise ScenarioError("Le commentaire est vide : écrivez quelque chose.")
    if len(body) > MAX_LENGTH:
        raise ScenarioError(f"Le commentaire dépasse {MAX_LENGTH} caractères "
                            f"({len(body)}).")
    return body


def _check_target(scenario, step, hypothesis, parent):
    if (step is None) == (hypothesis is None):
        raise ScenarioError("Un commentaire porte sur une étape ou sur une hypothèse.")
    target = step or hypothesis
    if target.scenario_id != scenario.pk:
        raise ScenarioError("Cette étape ou cette hypothèse n'est pas dans ce scénario.")
    if parent is None:
        return None
    if (parent.scenario_id != scenario.pk or parent.step_id != getattr(step, "pk", None)
            or parent.hypothesis_id != getattr(hypothesis, "pk", None)):
        raise ScenarioError("On ne répond qu'à un commentaire de la même discussion.")
    if parent.is_deleted:
        raise ScenarioError("Ce commentaire a été supprimé : on ne peut plus y répondre.")
    return parent


def _where(comment: Comment) -> str:
    scenario = f"« {comment.scenario.title} »"
    if comment.step_id:
        return f"l'étape {comment.step.position} de {scenario}"
    return f"une hypothèse de {scenario}"


def _notify_mentions(comment: Comment, text: str, *, already=()) -> list:
    """Tell the readers of the scenario mentioned in `text` (not the author, not `already`)."""
    readers = mentioned_readers(text, comment.scenario, exclude=[comment.author, *already])
    who = comment.display_name
    for reader in readers:
        notify(recipient=reader, kind=NotificationKind.MENTION, scenario=comment.scenario,
               actor=comment.author, comment=comment, url=comment_url(comment),
               text=f"{who} vous a mentionné·e dans {_where(comment)}",
               excerpt=plain_excerpt(comment.body, 300))
    return readers


@transaction.atomic
def comment_add(*, scenario: Scenario, body: str, author=None, author_name: str = "",
                step: Step | None = None, hypothesis: Hypothesis | None = None,
                parent: Comment | None = None, meeting: Meeting | None = None) -> Comment:
    """Add a comment (a reply when `parent` is given), tell the people it mentions and the
    author of the comment it answers. `author_name` names a meeting guest without account."""
    body = _clean_body(body)
    parent = _check_target(scenario, step, hypothesis, parent)
    answered_comment = parent
    if parent is not None and parent.parent_id:
        parent = parent.parent  # one level deep: replies stay under the top comment
    author_name = " ".join((author_name or "").split())[:AUTHOR_NAME_MAX]
    if author is None and not author_name:
        raise ScenarioError("Indiquez votre prénom ou un pseudonyme.")
    comment = Comment.objects.create(scenario=scenario, step=step, hypothesis=hypothesis,
                                     parent=parent, author=author, author_name=author_name,
                                     body=body, meeting=meeting)
    mentioned = _notify_mentions(comment, body)
    answered = _answered_author(comment, answered_comment)
    if answered is not None and answered not in mentioned:
        notify(recipient=answered, kind=NotificationKind.REPLY, scenario=scenario,
               actor=author, comment=comment, url=comment_url(comment),
               text=f"{comment.display_name} a répondu à votre commentaire dans "
                    f"{_where(comment)}", excerpt=plain_excerpt(body, 300))
    return comment


def _answered_author(comment: Comment, parent: Comment | None):
    if parent is None or parent.author is None:
        return None
    if comment.author is not None and parent.author_id == comment.author_id:
        return None
    return parent.author


def comment_can_edit(user, comment: Comment) -> bool:
    return (user is not None and user.is_authenticated and not comment.is_deleted
            and comment.author_id == user.pk)


def comment_can_delete(user, comment: Comment) -> bool:
    if comment.is_deleted or user is None or not user.is_authenticated:
        return False
    return comment.author_id == user.pk or scenario_can_moderate(user, comment.scenario)


@transaction.atomic
def comment_edit(*, comment: Comment, body: str, by) -> Comment:
    """Change one's own comment; people newly mentioned are told."""
    if not comment_can_edit(by, comment):
        raise NotAllowed("Vous ne pouvez modifier que vos propres commentaires.")
    body = _clean_body(body)
    before = {u.pk for u in mentioned_readers(comment.body, comment.scenario)}
    comment.body = body
    comment.edited_at = timezone.now()
    comment.save(update_fields=["body", "edited_at"])
    already = [u for u in mentioned_readers(body, comment.scenario) if u.pk in before]
    _notify_mentions(comment, body, already=already)
    return comment


@transaction.atomic
def comment_delete(*, comment: Comment, by) -> Comment:
    """Delete a comment: its place stays in the thread ("commentaire supprimé"), its text and
    its notifications go. Its author, or a facilitator of the group (moderation)."""
    if not comment_can_delete(by, comment):
        raise NotAllowed("Vous ne pouvez supprimer que vos propres commentaires.")
    comment.body = ""
    comment.deleted_at = timezone.now()
    comment.deleted_by = by
    comment.save(update_fields=["body", "deleted_at", "deleted_by"])
    comment.notifications.all().delete()
    return comment


# ---- Reading ------------------------------------------------------------------------------


@dataclass
class CommentView:
    """A comment as a thread shows it to one reader."""

    comment: Comment
    html: str
    author: str
    deleted_label: str
    can_edit: bool
    can_delete: bool
    can_reply: bool
    replies: list["CommentView"] = field(default_factory=list)

    @property
    def pk(self) -> int:
        return self.comment.pk

    @property
    def anchor(self) -> str:
        return f"commentaire-{self.comment.pk}"


def deleted_label(comment: Comment) -> str:
    if not comment.is_deleted:
        return ""
    if comment.deleted_by_id and comment.deleted_by_id != comment.author_id:
        return "Commentaire retiré par l'animation"
    return "Commentaire supprimé"


def comment_html(comment: Comment, known: set[str] | None = None) -> SafeString:
    """The sanitised HTML of a comment, mentions marked ("" once deleted)."""
    if comment.is_deleted:
        return mark_safe("")
    if known is None:
        known = known_usernames([comment.body])
    # Safe: render_markdown and mark_mentions both end with the nh3 sanitiser.
    return mark_safe(mark_mentions(render_markdown(comment.body), known))


def thread(*, user, step: Step | None = None, hypothesis: Hypothesis | None = None,
           can_comment: bool = False) -> list[CommentView]:
    """The comments of a step or hypothesis for `user`: top comments, oldest first, each with
    its replies. Deleted comments stay (label, no text) while they have replies."""
    target = {"step": step} if step is not None else {"hypothesis": hypothesis}
    comments = list(Comment.objects.filter(**target)
                    .select_related("author", "scenario", "scenario__group"))
    known = known_usernames(c.body for c in comments if not c.is_deleted)
    moderates = bool(comments) and scenario_can_moderate(user, comments[0].scenario)
    views = {}
    for c in comments:
        mine = user is not None and user.is_authenticated and c.author_id == user.pk
        views[c.pk] = CommentView(
            comment=c, html=comment_html(c, known), author=c.display_name,
            deleted_label=deleted_label(c), can_edit=mine and not c.is_deleted,
            can_delete=not c.is_deleted and (mine or moderates),
            can_reply=can_comment and not c.is_deleted and c.parent_id is None)
    top = []
    for c in comments:
        if c.parent_id and c.parent_id in views:
            views[c.parent_id].replies.append(views[c.pk])
        else:
            top.append(views[c.pk])
    return [v for v in top if not v.comment.is_deleted or v.replies]


def comment_get(*, scenario: Scenario, pk) -> Comment | None:
    return (Comment.objects.filter(scenario=scenario, pk=pk)
            .select_related("scenario", "author", "step", "hypothesis").first())
