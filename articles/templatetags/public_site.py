"""Template helpers of the public site."""

import html
from functools import lru_cache

from django import template
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from newsroom import text
from newsroom.urlcache import cached_reverse, cached_static, reverser

from .. import selectors
from ..models import BylineRole
from ..photos import picture_html
from ..seo import absolute_url, json_ld_script

register = template.Library()


@register.filter
def date_line(value, with_time=False):
    """ "Thứ ba, 02/03/2021" (or with the time, when the argument is true)."""
    if not value:
        return ""
    return text.date_line(value, with_time=bool(with_time))


@register.filter
def iso(value):
    """``value|date:'c'`` (ISO 8601 in the current time zone) without the date filter's
    format machinery."""
    return timezone.localtime(value).isoformat() if value else ""


@register.simple_tag
def time_line(moment):
    """``<time datetime="…">Thứ ba, 02/03/2021 08:15</time>``: an article's date line."""
    return mark_safe(_Printer().when(moment, with_time=True)) if moment else ""


@register.filter
def absolute(path):
    return absolute_url(str(path))


@register.filter
def lead_text(article):
    """The lead without the dateline code, which the template prints in bold before it."""
    code = f"{article.dateline_code}-"
    lead = article.lead.strip()
    if article.dateline_code and lead.startswith(code):
        return lead[len(code) :].lstrip()
    return lead


def position_label(position) -> str:
    """ "Phó Bí thư Thường trực Tỉnh ủy"; a title that names its body ("Tỉnh ủy viên") alone."""
    label = position.organization.label
    if text.fold_label(label) in text.fold_label(position.title):
        return position.title
    return f"{position.title} {label}"


@register.filter
def positions_label(positions):
    """ "Phó Bí thư Thường trực Tỉnh ủy, Chủ tịch HĐND tỉnh" """
    return ", ".join(position_label(position) for position in positions)


@register.filter
def byline_groups(bylines):
    """[(role label or "", [authors])]: the writers first, then photo, video, graphics."""
    groups: dict[str, list] = {}
    for byline in bylines:
        authors = groups.setdefault(byline.role, [])
        if byline.author not in authors:
            authors.append(byline.author)
    order = [BylineRole.TEXT, BylineRole.PHOTO, BylineRole.VIDEO, BylineRole.GRAPHICS]
    return [
        ("" if role == BylineRole.TEXT else BylineRole(role).label, groups[role])
        for role in order
        if role in groups
    ]


CARD_PHOTO_SIZES = "(min-width: 48em) 16rem, 40vw"
PHOTO_GRID_SIZES = "(min-width: 48em) 14rem, 45vw"
CARD_HEADINGS = {"h2", "h3", "h4"}


class _Printer:
    """What every row of a list shares, read once per list: the time zone and the URLconf."""

    def __init__(self):
        self.tz = timezone.get_current_timezone()
        self.reverse = reverser()
        self.kickers: dict[int, str] = {}  # a list names a few sections many times

    def when(self, moment, text_format: str = "", with_time: bool = False) -> str:
        """``<time>`` of ``moment`` in the current zone: the date line (with the time when
        ``with_time``), or ``text_format``."""
        moment = moment.astimezone(self.tz)
        if text_format:
            shown = format(moment, text_format)
        else:
            shown = text.date_line(moment, with_time=with_time, tz=self.tz)
        return f'<time datetime="{moment.isoformat()}">{shown}</time>'

    def card(
        self,
        article,
        heading="h2",
        show_lead=False,
        no_kicker=False,
        no_photo=False,
        loading="lazy",
    ) -> str:
        """A list row, ``<li class="card">``, of an article read by documents.Cards.

        Written in Python rather than as an included template: a list page prints twenty of
        them, and each include cost ~0.3 ms of template machinery (bench/pages.py --profile).
        Escaped with the standard library's html.escape (what django.utils.html.escape calls,
        without its lazy-text wrapper)."""
        heading = heading if heading in CARD_HEADINGS else "h2"
        url = _escape(article.get_absolute_url(self.reverse))
        photo = None if no_photo else article.featured_photo
        media = ""
        if photo is not None:
            picture = picture_html(
                photo, sizes=CARD_PHOTO_SIZES, loading=loading, css_class="thumb"
            )
            media = (
                f'<a class="card-media" href="{url}" tabindex="-1" aria-hidden="true">{picture}</a>'
            )
        kicker = ""
        if article.section_id and not no_kicker:
            kicker = self.kickers.get(article.section_id)
            if kicker is None:
                section = article.section
                kicker = self.kickers[article.section_id] = (
                    f'<a class="kicker" href="{_escape(section.get_absolute_url(self.reverse))}">'
                    f"{_escape(section.name)}</a> "
                )
        when = self.when(article.published_at) if article.published_at else ""
        lead = ""
        if show_lead and article.lead:
            lead = f'<p class="card-lead">{_escape(first_words(lead_text(article), 36))}</p>'
        return (
            f'<li class="card{"" if photo is not None else " card--text"}">\n  <article>\n'
            f'    {media}\n    <div class="card-body">\n'
            f'      <{heading} class="card-title"><a href="{url}">{_escape(article.title)}</a>'
            f"</{heading}>\n"
            f'      <p class="meta">{kicker}{when}</p>\n      {lead}\n'
            "    </div>\n  </article>\n</li>"
        )

    def headline(self, article) -> str:
        """A line of the home page's latest list: the title and the time ("08:15 02/03")."""
        when = self.when(article.published_at, "%H:%M %d/%m") if article.published_at else ""
        return (
            f'<li><a href="{_escape(article.get_absolute_url(self.reverse))}">'
            f"{_escape(article.title)}</a> {when}</li>"
        )

    def photo(self, usage) -> str:
        """A photo of the person page's grid: an article's photo (ArticlePhoto) with its caption,
        both linking to the article."""
        url = _escape(usage.article.get_absolute_url(self.reverse))
        picture = picture_html(
            usage.photo, sizes=PHOTO_GRID_SIZES, alt=usage.caption, css_class="thumb"
        )
        return (
            f'<li>\n      <figure>\n        <a href="{url}" tabindex="-1" aria-hidden="true">'
            f"{picture}</a>\n"
            f'        <figcaption><a href="{url}">{_escape(first_words(usage.caption, 24))}</a>'
            "</figcaption>\n      </figure>\n    </li>"
        )


def first_words(text: str, count: int) -> str:
    """``text|truncatewords:count`` (the same words and " …"), without its translation lookup
    for the ellipsis: twenty cards a page call it."""
    words = text.split()
    return " ".join(words) if len(words) <= count else " ".join(words[:count]) + " …"


def _escape(value) -> str:
    return html.escape(str(value))


@register.simple_tag
def article_cards(articles, **options):
    """A list row (``_Printer.card``) for each of ``articles``, one per line."""
    printer = _Printer()
    return mark_safe("\n".join(printer.card(a, **options) for a in articles))


@register.simple_tag
def section_blocks(blocks):
    """The home page's block per section: its heading and its cards, for each
    (section, articles) of ``blocks``."""
    printer = _Printer()
    parts = []
    for section, articles in blocks:
        slug = _escape(section.slug)
        cards = "\n".join(printer.card(a, heading="h3", no_kicker=True) for a in articles)
        parts.append(
            f'<section class="block" aria-labelledby="block-{slug}">\n'
            f'  <h2 id="block-{slug}" class="block-title">'
            f'<a href="{_escape(section.get_absolute_url(printer.reverse))}">'
            f"{_escape(section.name)}</a></h2>\n"
            f'  <ul class="cards cards--grid">\n    {cards}\n  </ul>\n</section>'
        )
    return mark_safe("\n".join(parts))


@register.simple_tag
def photo_items(usages):
    """The person page's photo grid: ``<li><figure>`` for each of ``usages`` (ArticlePhoto)."""
    printer = _Printer()
    return mark_safe("\n    ".join(printer.photo(usage) for usage in usages))


@register.simple_tag
def headlines(articles):
    """The home page's latest list: ``<li>`` title and time for each of ``articles``."""
    printer = _Printer()
    return mark_safe("\n      ".join(printer.headline(a) for a in articles))


@register.simple_tag
def organization_items(organizations):
    """``<li>`` links to ``organizations`` (a province's committee has a hundred below it),
    with the date a dissolved one ended; escaped like the list rows."""
    items, reverse = [], reverser()
    for organization in organizations:
        ended = ""
        if organization.dissolved_on:
            ended = f' <span class="term">(đến {organization.dissolved_on:%d/%m/%Y})</span>'
        items.append(
            f'<li><a href="{_escape(organization.get_absolute_url(reverse))}">'
            f"{_escape(organization.name)}</a>{ended}</li>"
        )
    return mark_safe("\n      ".join(items))


@register.simple_tag
def official_items(positions):
    """An organization's current officials: ``<li>`` the person's link and their title."""
    reverse = reverser()
    return mark_safe(
        "\n      ".join(
            f'<li><a href="{_escape(position.person.get_absolute_url(reverse))}">'
            f'{_escape(position.person.full_name)}</a> <span class="role">'
            f"{_escape(position.title)}</span></li>"
            for position in positions
        )
    )


@register.simple_tag
def timeline_items(positions, current=False):
    """A person's career, ``<li class="timeline-item">`` each: the period ("01/06/2020 – nay"
    when ``current``), the title and the body's link, the term."""
    reverse, items = reverser(), []
    for position in positions:
        started = f"{position.started_on:%d/%m/%Y}" if position.started_on else "…"
        if current:
            ended = "nay"
        else:
            ended = f"{position.ended_on:%d/%m/%Y}" if position.ended_on else "…"
        body = position.organization
        term = ""
        if position.term:
            term = f' <span class="term">(nhiệm kỳ {_escape(position.term)})</span>'
        items.append(
            f'<li class="timeline-item{" is-current" if current else ""}">\n'
            f'      <span class="period">{started} – {ended}</span>\n'
            f'      <span class="role">{_escape(position.title)} '
            f'<a href="{_escape(body.get_absolute_url(reverse))}">{_escape(body.label)}</a>'
            f"{term}</span>\n    </li>"
        )
    return mark_safe("\n    ".join(items))


@register.simple_tag
def byline_links(bylines):
    """The article's byline: writers first, then "Ảnh:", "Video:"… each with its authors'
    links, groups apart by " · " (byline_groups)."""
    reverse, groups = reverser(), []
    for role, authors in byline_groups(bylines):
        names = " – ".join(
            f'<a rel="author" href="{_escape(author.get_absolute_url(reverse))}">'
            f"{_escape(author.name)}</a>"
            for author in authors
        )
        label = f'<span class="byline-role">{_escape(role)}:</span> ' if role else ""
        groups.append(label + names)
    return mark_safe('<span class="byline-sep"> · </span>'.join(groups))


@register.simple_tag
def people_items(people):
    """The people an article names: ``<li>`` each with the positions held on its date."""
    reverse, items = reverser(), []
    for person in people:
        role = ""
        if person.positions_on_date:
            role = (
                f'<span class="role">, {_escape(positions_label(person.positions_on_date))}</span>'
            )
        items.append(
            f'<li><a href="{_escape(person.get_absolute_url(reverse))}">'
            f"{_escape(person.full_name)}</a>{role}</li>"
        )
    return mark_safe("\n        ".join(items))


@register.simple_tag
def chip_items(organizations=(), tags=()):
    """``<li>`` links to ``organizations`` or ``tags`` (rel="tag"), the article page's chips."""
    reverse = reverser()
    items = [
        f'<li><a href="{_escape(o.get_absolute_url(reverse))}">{_escape(o.name)}</a></li>'
        for o in organizations
    ] + [
        f'<li><a rel="tag" href="{_escape(reverse("articles:tag", tag=tag.slug))}">'
        f"{_escape(tag.name)}</a></li>"
        for tag in tags
    ]
    return mark_safe("\n        ".join(items))


@register.simple_tag
def asset(path):
    """``{% static %}`` for the public pages, remembered per process (newsroom.urlcache)."""
    return cached_static(path)


@register.simple_tag
def link(viewname, **kwargs):
    """``{% url %}`` for the public pages, remembered per process (newsroom.urlcache)."""
    return cached_reverse(viewname, **kwargs)


@register.simple_tag
def json_ld(data):
    return json_ld_script(data)


@register.simple_tag
def today_line():
    return text.date_line(timezone.localdate())


@register.simple_tag(takes_context=True)
def site_nav(context):
    """The section menu; views that already loaded the sections pass them as nav_sections.
    Printed in Python and remembered per menu and current section: every page prints it, and
    as an inclusion template it was a fifth of the article page's rendering."""
    sections = context.get("nav_sections")
    if sections is None:
        sections = selectors.menu_sections()
    current = context.get("current_section")
    return _nav_html(
        tuple((section.pk, section.slug, section.name) for section in sections),
        current.pk if current is not None else None,
        cached_reverse("articles:home"),  # a new URLconf or script prefix: a new key
    )


@lru_cache(maxsize=512)
def _nav_html(sections: tuple, current_pk, home: str) -> str:
    items = format_html_join(
        "\n    ",
        '<li><a href="{}"{}>{}</a></li>',
        (
            (
                cached_reverse("articles:section", section=slug),
                mark_safe(' aria-current="page"') if pk == current_pk else "",
                name,
            )
            for pk, slug, name in sections
        ),
    )
    return format_html(
        '<nav class="site-nav" aria-label="Chuyên mục">\n  <ul class="wrap">\n'
        '    <li><a href="{}">Trang chủ</a></li>\n    {}\n  </ul>\n</nav>',
        home,
        items,
    )
