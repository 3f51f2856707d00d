"""The one place where article HTML is cleaned, and the editor configured to match it.

Whatever reaches ``Article.body`` — typed in the editor, pasted from a word processor,
imported from the archive — passes through ``sanitize_html`` on save. The editor only
offers what the sanitizer keeps, so nothing an editor writes silently disappears.
"""

import re

import nh3

# Paragraphs, sub-headings (h1 is the article title), lists, links, emphasis, quotes.
ALLOWED_TAGS = frozenset(
    {"p", "h2", "h3", "h4", "ul", "ol", "li", "a", "strong", "em", "b", "i", "blockquote", "br"}
)
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
# Relative links (/thoi-su/...) pass; every absolute one must use one of these schemes,
# which keeps out javascript:, vbscript: and data: URLs.
ALLOWED_URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
# Tags whose content is code or an embedded document, not text of the article: dropped whole.
DROPPED_WITH_CONTENT = frozenset(
    {"script", "style", "iframe", "object", "embed", "template", "noscript", "svg", "math",
     "textarea", "select", "frame", "frameset", "noembed", "applet", "title", "head"}
)  # fmt: skip
LINK_REL = "noopener noreferrer"

_EMPTY = re.compile(r"^(\s|<p>\s*(<br\s*/?>)?\s*</p>)*$")

# django-prose-editor's extensions that produce exactly the tags above.
BODY_EDITOR_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Heading": {"levels": [2, 3, 4]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HardBreak": True,
    "Link": {"enableTarget": False, "protocols": sorted(ALLOWED_URL_SCHEMES)},
    "History": True,
    "HTML": True,
}


def sanitize_html(html: str | None) -> str:
    """Article HTML with only the allowed tags, attributes and URL schemes; "" when empty."""
    if not html:
        return ""
    cleaned = nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(ALLOWED_URL_SCHEMES),
        link_rel=LINK_REL,
        strip_comments=True,
    ).strip()
    # The editor leaves "<p></p>" in an empty document; an empty body is "".
    return "" if _EMPTY.match(cleaned) else cleaned
