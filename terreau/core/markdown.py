"""Markdown written by members (narratives, comments, minutes), turned into safe HTML.

markdown-it-py renders CommonMark with raw HTML switched off; nh3 (the Ammonia sanitiser)
then keeps only the tags and attributes below, drops every event handler, and keeps links
whose scheme is http, https or mailto: no script, no `javascript:` link survives, whatever
the text. Links open in the same tab and carry rel="noopener noreferrer nofollow ugc".
"""

import nh3
from markdown_it import MarkdownIt

ALLOWED_TAGS = {
    "p", "br", "hr", "strong", "em", "del", "code", "pre", "blockquote",
    "ul", "ol", "li", "h2", "h3", "h4", "h5", "h6", "a", "table", "thead", "tbody", "tr",
    "th", "td",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}, "th": {"align"},
                      "td": {"align"}}
URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "noopener noreferrer nofollow ugc"
MAX_LENGTH = 20_000  # characters of Markdown a text may hold (longer is refused by forms)

# html=False: raw HTML in the text is shown as text, never parsed as tags. Headings start at
# h2 (h1 is the page's title): a "# Titre" in a narrative becomes h2 through `heading_level`.
_parser = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
_parser.enable("table").enable("strikethrough")


def _shift_headings(tokens) -> None:
    for token in tokens:
        if token.type in ("heading_open", "heading_close") and token.tag == "h1":
            token.tag = "h2"


def render_markdown(text: str) -> str:
    """Return the sanitised HTML of a member's Markdown text ("" for an empty text)."""
    if not text or not text.strip():
        return ""
    tokens = _parser.parse(text)
    _shift_headings(tokens)
    html = _parser.renderer.render(tokens, _parser.options, {})
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                     url_schemes=URL_SCHEMES, link_rel=LINK_REL, strip_comments=True)


def plain_excerpt(text: str, length: int = 160) -> str:
    """The first characters of a Markdown text as plain text (for e-mails and lists)."""
    plain = nh3.clean(render_markdown(text), tags=set()).replace("\n", " ").strip()
    plain = " ".join(plain.split())
    return plain if len(plain) <= length else plain[: length - 1].rstrip() + "…"
