"""@mentions in comments: finding them in the Markdown, marking them in the sanitised HTML.

A mention is `@identifiant` where the identifier is a username (letters, digits, `.`, `_`,
`-`, e.g. @mehdi or @camille.martin). A mention is only resolved to someone who may read the
scenario; the HTML marks only mentions of real accounts, as <strong class="mention">, and the
result goes through the sanitiser again, so the marking can never let markup in.
"""

import re

import nh3
from django.contrib.auth import get_user_model

from terreau.core.markdown import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, LINK_REL, URL_SCHEMES

from .models import Scenario
from .queries import scenario_can_read

MAX_MENTIONS = 20  # per comment: beyond, a comment is spam rather than a conversation
# Not preceded by a word character (e-mail addresses), ends on a letter or digit ("@mehdi.").
MENTION = re.compile(r"(?<![\w@.])@(\w(?:[\w.\-]*\w)?)")
# A tag of the sanitised HTML, quoted attribute values included (they may hold ">").
_TAG = re.compile(r"""(<(?:[^>"']|"[^"]*"|'[^']*')*>)""")


def mentioned_names(text: str) -> list[str]:
    """The distinct identifiers mentioned in `text`, in order (case kept)."""
    seen, names = set(), []
    for name in MENTION.findall(text or ""):
        if name.lower() not in seen:
            seen.add(name.lower())
            names.append(name)
    return names[:MAX_MENTIONS]


def _users_named(names) -> dict[str, object]:
    if not names:
        return {}
    wanted = {n.lower() for n in names}
    users = get_user_model().objects.filter(is_active=True)
    found = {}
    for user in users.filter(username__in=_case_variants(names)):
        found[user.username.lower()] = user
    if len(found) < len(wanted):  # other spellings (@Mehdi for mehdi): one query each
        for name in wanted - set(found):
            user = users.filter(username__iexact=name).first()
            if user is not None:
                found[name] = user
    return found


def _case_variants(names) -> set[str]:
    return {v for n in names for v in (n, n.lower())}


def mentioned_readers(text: str, scenario: Scenario, *, exclude=()) -> list:
    """The accounts mentioned in `text` that may read `scenario` (others are ignored), once
    each, never those of `exclude` (the author)."""
    excluded = {u.pk for u in exclude if u is not None}
    users = _users_named(mentioned_names(text))
    readers = []
    for user in users.values():
        if user.pk not in excluded and scenario_can_read(user, scenario):
            excluded.add(user.pk)
            readers.append(user)
    return readers


def known_usernames(texts) -> set[str]:
    """The lowercased identifiers mentioned in `texts` that are real accounts (one query)."""
    names = {n for text in texts for n in mentioned_names(text)}
    return set(_users_named(names))


def _mark(text: str, known: set[str]) -> str:
    def replace(match):
        if match.group(1).lower() in known:
            return f'<strong class="mention">{match.group(0)}</strong>'
        return match.group(0)
    return MENTION.sub(replace, text)


def mark_mentions(html: str, known: set[str]) -> str:
    """Wrap the mentions of `known` accounts found in the text of sanitised `html` (not inside
    links or code), then sanitise again."""
    if not known or "@" not in html:
        return html
    parts, depth = [], 0  # depth: inside <a>, <code> or <pre>
    for piece in _TAG.split(html):
        if piece.startswith("<"):
            name = re.match(r"</?\s*([a-zA-Z0-9]+)", piece)
            tag = name.group(1).lower() if name else ""
            if tag in ("a", "code", "pre"):
                depth += -1 if piece.startswith("</") else 1
            parts.append(piece)
        else:
            parts.append(_mark(piece, known) if depth <= 0 else piece)
    attributes = {**ALLOWED_ATTRIBUTES}
    return nh3.clean("".join(parts), tags=ALLOWED_TAGS, attributes=attributes,
                     allowed_classes={"strong": {"mention"}}, url_schemes=URL_SCHEMES,
                     link_rel=LINK_REL, strip_comments=True)
