"""Classic XSS payloads, and an inventory of what a page's HTML would run (test_xss*.py)."""

import re
from html.parser import HTMLParser

# `window.__xss = 1` or an alert: the browser test traps both.
PAYLOADS = [
    "<script>window.__xss=1</script>",
    "<img src=x onerror=window.__xss=1>",
    "<svg onload=alert(1)>",
    "[lien](javascript:window.__xss=1)",
    "[lien](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "<javascript:alert(1)>",
    "<data:text/html,<script>alert(1)</script>>",
    '<iframe src="javascript:alert(1)"></iframe>',
    '<div style="width: expression(alert(1))">style</div>',
    "[entité](&#106;avascript:alert(1))",
    "[entité hexa](&#x6A;&#x61;vascript:alert(1))",
    "[tabulation](jav&#x09;ascript:alert(1))",
    "[pleine chasse](ｊａｖａｓｃｒｉｐｔ:alert(1))",
    "[casse](JaVaScRiPt:alert(1))",
    "[vb](vbscript:msgbox(1))",
    '![image](x" onerror="window.__xss=1)',
    "![image](javascript:alert(1))",
    "<!-- --><script>alert(1)</script><!-- -->",
    "<<script>script>alert(1)<</script>/script>",
    '"><script>alert(1)</script>',
    "'><img src=x onerror=alert(1)>",
    '[titre](https://exemple.fr "a\\" onmouseover=\\"alert(1)")',
    '<a href="javascript:alert(1)">lien brut</a>',
    '<math><mi xlink:href="javascript:alert(1)">maths</mi></math>',
    "<body onload=alert(1)>",
    '<object data="javascript:alert(1)"></object>',
    '<details open ontoggle="window.__xss=1">détails</details>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    "<style>@import 'javascript:alert(1)';</style>",
    "[espace]( javascript:alert(1))",
    "<a href=\"&#x6A;avascript:alert(1)\">entité</a>",
    "\u202e<script>alert(1)</script>",
    "@mehdi<img src=x onerror=window.__xss=1>",
]

BAD_SCHEMES = ("javascript:", "data:", "vbscript:")
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster",
                  "background"}
DANGEROUS_TAGS = {"iframe", "object", "embed", "svg", "math", "base", "frame", "frameset",
                  "applet", "style", "meta", "img", "link"}


def _normalised(url: str) -> str:
    # Browsers drop ASCII whitespace and control characters inside a scheme.
    return re.sub(r"[\x00-\x20]", "", url).lower()


class _Inventory(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems, self.in_body, self.script = [], False, None

    def handle_starttag(self, tag, attrs):
        if tag == "body":
            self.in_body = True
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=…>")
            if name in URL_ATTRIBUTES and _normalised(value or "").startswith(BAD_SCHEMES):
                self.problems.append(f"<{tag} {name}={value!r}>")
            if name == "style" and re.search(r"expression|javascript|url\(", value or "", re.I):
                self.problems.append(f"<{tag} style={value!r}>")
        if tag == "script":
            src = dict(attrs).get("src") or ""
            kind = dict(attrs).get("type") or ""
            if src and not src.startswith("/static/"):
                self.problems.append(f"<script src={src!r}>")
            # JSON data blocks (json_script escapes <, > and &) never run; a payload that
            # broke out of one would open a script of its own, inventoried as such.
            self.script = "" if not src and kind not in ("importmap", "application/json") \
                else None
        elif self.in_body and tag in DANGEROUS_TAGS and not self._ours(tag, dict(attrs)):
            self.problems.append(f"<{tag}> in the body")

    @staticmethod
    def _ours(tag, attrs) -> bool:
        """A stylesheet or image of the site's own static files (a template's, not a text's)."""
        url = attrs.get("href") if tag == "link" else attrs.get("src")
        return tag in ("link", "img") and (url or "").startswith("/static/")

    def handle_data(self, data):
        if self.script is not None:
            self.script += data

    def handle_endtag(self, tag):
        if tag == "script" and self.script is not None:
            if re.search(r"alert|__xss|msgbox", self.script):
                self.problems.append(f"inline <script>{self.script[:60]}")
            self.script = None


def active_content(html: str) -> list[str]:
    """What in `html` would run script: event handlers, javascript:/data:/vbscript: URLs,
    script from user text, frames, embedded objects, styles (empty when inert)."""
    parser = _Inventory()
    parser.feed(html)
    parser.close()
    return parser.problems
