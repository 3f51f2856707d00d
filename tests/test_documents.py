"""articles/documents.py: the article page and the public lists read in one statement each,
the same rows and relations as the ORM would give, on SQLite and PostgreSQL."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import documents, selectors
from articles.models import Article, ArticleStatus

from .factories import (
    make_article,
    make_author,
    make_byline,
    make_organization,
    make_person,
    make_photo_with_renditions,
    make_position,
    make_rich_article,
    make_section,
    mention_organization,
    mention_person,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def newsroom():
    """Articles in two sections, some not for readers, tagged, signed and mentioning a tree."""
    news, economy = make_section("Thời sự"), make_section("Kinh tế")
    author = make_author("Ngọc Hiếu")
    province = make_organization("Tỉnh ủy Biên Cương")
    district = make_organization("Huyện ủy Bản Lìm", parent=province)
    elsewhere = make_organization("Sở Tài chính")
    now = timezone.now()
    articles = []
    for i in range(12):
        article = make_article(
            f"Bài {i}",
            section=news if i % 2 else economy,
            published_at=now - timedelta(hours=i + 1),
            featured_photo=make_photo_with_renditions(400, 300) if i % 3 == 0 else None,
        )
        if i % 3:
            make_byline(article, author)
        article.tags.add("Đại hội Đảng" if i % 4 else "Nông thôn mới")
        mention_organization(article, district if i % 2 else elsewhere, confirmed=i != 5)
        articles.append(article)
    hidden = [
        make_article("Bản nháp", published=False, section=news),
        make_article("Hẹn giờ", section=news, published_at=now + timedelta(hours=3)),
        make_article("Đã gỡ", section=news, status=ArticleStatus.UNPUBLISHED),
    ]
    for article in hidden:
        make_byline(article, author)
        article.tags.add("Đại hội Đảng")
        mention_organization(article, district)
    return {
        "news": news,
        "author": author,
        "province": province,
        "tag": articles[1].tags.get(name="Đại hội Đảng"),
    }


def expected(queryset) -> list[int]:
    return list(Article.objects.published().filter(queryset).values_list("pk", flat=True))


def ids(articles) -> list[int]:
    return [article.pk for article in articles]


def test_each_list_holds_what_the_orm_finds_newest_first(newsroom):
    subtree = Q(organization_mentions__organization__path__startswith=newsroom["province"].path)
    cases = [
        (selectors.latest_articles(), Q()),
        (selectors.section_articles(newsroom["news"]), Q(section=newsroom["news"])),
        (selectors.articles_tagged(newsroom["tag"]), Q(tags=newsroom["tag"])),
        (selectors.articles_by_author(newsroom["author"]), Q(bylines__author=newsroom["author"])),
        (
            selectors.articles_mentioning_organization(newsroom["province"]),
            subtree & Q(organization_mentions__confirmed=True),
        ),
    ]
    for cards, condition in cases:
        wanted = expected(condition)
        assert wanted and ids(cards[0:50]) == wanted, cards.name
        assert ids(cards[2:5]) == wanted[2:5], cards.name


def test_rows_carry_section_photo_and_renditions_without_more_queries(newsroom):
    with CaptureQueriesContext(connection) as queries:
        rows = selectors.latest_articles()[0:12]
        printed = [
            (
                row.get_absolute_url(),
                row.section.name,
                [(r.format, r.width) for r in row.featured_photo.renditions.all()]
                if row.featured_photo
                else None,
            )
            for row in rows
        ]
    assert len(queries) == 1
    assert all(row.status == ArticleStatus.PUBLISHED for row in rows)
    with_photo = [renditions for _, _, renditions in printed if renditions is not None]
    assert len(with_photo) == 4
    stored = list(rows[0].featured_photo.renditions.order_by("format", "width"))
    assert with_photo[0] == [(r.format, r.width) for r in stored] and len(stored) >= 2
    assert rows[0].published_at == Article.objects.get(pk=rows[0].pk).published_at


def test_home_blocks_take_the_newest_of_each_section(newsroom):
    sections = selectors.menu_sections()
    blocks = selectors.latest_by_section(sections, 2)
    for section in sections:
        wanted = expected(Q(section=section))[:2]
        assert ids(blocks[section.pk]) == wanted


def test_a_condition_that_joins_is_refused(newsroom):
    def joined(author_id):
        return [Q(bylines__author_id=author_id)]

    with pytest.raises(ValueError, match="must not join"):
        documents.Cards("joined", joined, newsroom["author"].pk)[0:5]


def test_only_slices_are_taken():
    with pytest.raises(TypeError):
        selectors.latest_articles()[0]
    assert selectors.latest_articles()[5:5] == []


def test_the_article_page_document_matches_the_database():
    article = make_rich_article(photos=3, bylines=2, people=4, organizations=3, tags=3)
    page = documents.article_page(article.pk)
    assert page.article == article and page.article.body == article.body
    assert page.article.section == article.section
    assert ids(page.related) == list(
        article.related_articles.filter(pk__in=Article.objects.published())
        .order_by("-published_at", "-pk")
        .values_list("pk", flat=True)
    )
    assert [usage.pk for usage in page.photos] == list(
        article.article_photos.order_by("order", "pk").values_list("pk", flat=True)
    )
    assert [b.pk for b in page.bylines] == list(
        article.bylines.order_by("order", "pk").values_list("pk", flat=True)
    )
    confirmed = article.person_mentions.filter(confirmed=True)
    assert {p.pk for p in page.people} == set(confirmed.values_list("person_id", flat=True))
    day = article.reference_date
    for person in page.people:
        assert [p.pk for p in person.positions_on_date] == list(
            person.positions.held_on(day).values_list("pk", flat=True)
        )
    assert sorted(t.name for t in page.tags) == sorted(article.tags.names())


def test_positions_on_the_articles_date_only():
    person = make_person("Hoàng Thị Mai")
    organization = make_organization("Huyện ủy Bản Lìm", short_name="Huyện ủy")
    article = make_article("Bài", published_at=timezone.now() - timedelta(days=30))
    mention_person(article, person)
    day = article.reference_date
    held = make_position(person, organization, "Bí thư", started_on=day - timedelta(days=100))
    make_position(person, organization, "Phó Bí thư", ended_on=day - timedelta(days=101))
    make_position(person, organization, "Chủ tịch", started_on=day + timedelta(days=1))
    page = documents.article_page(article.pk)
    assert [p.pk for p in page.people[0].positions_on_date] == [held.pk]
    assert page.people[0].positions_on_date[0].organization.label == "Huyện ủy"


def test_unpublished_articles_have_no_public_document():
    draft = make_article("Bản nháp", published=False)
    scheduled = make_article("Hẹn giờ", published_at=timezone.now() + timedelta(hours=1))
    for article in (draft, scheduled):
        assert documents.article_page(article.pk) is None
        assert documents.article_page(article.pk, published_only=False).article == article
    assert documents.article_page(10**30) is None


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL prepared statements")
@pytest.mark.django_db(transaction=True)
def test_prepared_statements_survive_a_reconnection(newsroom):
    article = make_article("Bài", section=newsroom["news"])
    assert documents.article_page(article.pk).article == article
    connection.close()
    assert documents.article_page(article.pk).article == article
    with CaptureQueriesContext(connection) as queries:
        assert documents.article_page(article.pk).article == article
    assert len(queries) == 1 and queries[0]["sql"].startswith("EXECUTE ")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL prepared statements")
@pytest.mark.django_db(transaction=True)
def test_prepared_statements_run_their_generic_plan(newsroom):
    # Left to choose, PostgreSQL planned the lists anew on every call (documents._fetch).
    article = make_article("Bài", section=newsroom["news"])
    connection.close()
    for _ in range(3):
        assert documents.article_page(article.pk).article == article
        assert article in selectors.latest_articles()[0:5]
        assert article in selectors.section_articles(newsroom["news"])[0:5]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, generic_plans, custom_plans FROM pg_prepared_statements ORDER BY name"
        )
        plans = cursor.fetchall()
    assert [name for name, *_ in plans] == [
        "newsroom_article_page",
        "newsroom_list_latest_0",
        "newsroom_list_section_1",
    ]
    assert all(generic == 3 and custom == 0 for _, generic, custom in plans), plans


def test_person_document_holds_positions_and_the_newest_published_photos():
    from articles.models import ArticlePhoto

    from .factories import make_article_photo

    person = make_person("Hoàng Văn Nghiệm")
    body = make_organization("Huyện ủy Bản Lìm")
    today = timezone.localdate()
    current = make_position(person, body, "Bí thư", started_on=today - timedelta(days=10))
    past = make_position(
        person,
        body,
        "Phó Bí thư",
        started_on=today - timedelta(days=900),
        ended_on=today - timedelta(days=11),
    )
    older = make_position(person, body, "Ủy viên", ended_on=today - timedelta(days=901))
    now = timezone.now()
    for i in range(14):
        article = make_article(f"Bài {i}", published_at=now - timedelta(hours=i + 1))
        make_article_photo(article, photo=make_photo_with_renditions(40, 30)).people.add(person)
    draft = make_article("Nháp", published=False)
    make_article_photo(draft, photo=make_photo_with_renditions(40, 30)).people.add(person)
    make_article_photo(make_article("Chỉ chú thích"), photo=None).people.add(person)

    page = documents.person_page(person.slug)
    assert page.person == person and documents.person_page("khong-co") is None
    assert {p.pk for p in page.positions} == {current.pk, past.pk, older.pk}
    shown, before = selectors.timeline(page.positions)
    assert [p.pk for p in shown] == [current.pk] and [p.pk for p in before] == [past.pk, older.pk]
    wanted = list(
        ArticlePhoto.objects.filter(
            people=person, photo__isnull=False, article__in=Article.objects.published()
        )
        .order_by("-article__published_at", "order", "pk")
        .values_list("pk", flat=True)[:12]
    )
    assert [usage.pk for usage in page.photos] == wanted
    with CaptureQueriesContext(connection) as queries:
        for usage in page.photos:
            usage.article.get_absolute_url(), list(usage.photo.renditions.all())
    assert len(queries) == 0


def test_organization_document_holds_its_tree_lineage_and_officials():
    root = make_organization("Tỉnh ủy Biên Cương")
    middle = make_organization("Huyện ủy Bản Lìm", parent=root)
    body = make_organization("Đảng ủy xã Nà Pàn", parent=middle)
    children = [make_organization(f"Chi bộ thôn {n}", parent=body, order=n % 2) for n in range(4)]
    old = make_organization("Đảng ủy xã Nà Pàn cũ")
    old.successor = body
    old.save()
    head, deputy = make_person("Lương Thị Huệ"), make_person("Nông Văn Tư")
    today = timezone.localdate()
    make_position(deputy, body, "Phó Bí thư", started_on=today - timedelta(days=5))
    make_position(head, body, "Bí thư", started_on=today - timedelta(days=5))
    make_position(head, body, "Chủ tịch", ended_on=today - timedelta(days=6))

    page = documents.organization_page(body.slug)
    assert page.organization == body and page.organization.successor is None
    assert [o.pk for o in page.ancestors] == [o.pk for o in body.get_ancestors()]
    assert [o.pk for o in page.children] == list(
        body.children.order_by("order", "name").values_list("pk", flat=True)
    )
    assert len(page.children) == len(children)
    assert [o.pk for o in page.predecessors] == [old.pk]
    officials = selectors.rank_officials(page.positions)
    assert [(p.person.full_name, p.title) for p in officials] == [
        ("Lương Thị Huệ", "Bí thư"),
        ("Nông Văn Tư", "Phó Bí thư"),
    ]
    assert documents.organization_page(old.slug).organization.successor == body
    assert documents.organization_page("khong-co") is None


def test_organization_page_lists_children_with_the_end_of_a_dissolved_one(client):
    body = make_organization("Huyện ủy Bản Lìm")
    make_organization("Chi bộ thôn Nà Pàn", parent=body)
    make_organization(
        "Chi bộ thôn Cũ", parent=body, dissolved_on=timezone.localdate().replace(day=1)
    )
    page = client.get(body.get_absolute_url()).content.decode()
    ended = timezone.localdate().replace(day=1).strftime("%d/%m/%Y")
    assert ">Chi bộ thôn Nà Pàn</a></li>" in page
    assert f'>Chi bộ thôn Cũ</a> <span class="term">(đến {ended})</span></li>' in page


def test_shapes_skip_no_init_signal_receiver_but_the_image_dimensions():
    """Shape.build() makes instances without Model.__init__: nothing else may listen."""
    from django.db.models.signals import post_init, pre_init

    shapes = [v for v in vars(documents).values() if isinstance(v, documents.Shape)]
    assert len(shapes) >= 10
    names = {}
    for shape in shapes:
        assert not pre_init.has_listeners(shape.model), shape.model
        receivers = post_init._live_receivers(shape.model)[0]
        names[shape.model.__name__] = {getattr(r, "__name__", repr(r)) for r in receivers}
    assert names["Photo"] == {"update_dimension_fields"}
    assert all(found <= {"update_dimension_fields"} for found in names.values()), names


@pytest.mark.parametrize("count", [1, 3, 36])
def test_first_words_is_truncatewords(count):
    from django.template.defaultfilters import truncatewords

    from articles.templatetags.public_site import first_words

    for text in [
        "",
        "Một",
        "Sáng nay  (22/5),\n\t đoàn kiểm tra của tỉnh do đồng chí Lương Văn Tuấn làm trưởng đoàn",
        " ".join(f"từ{i}" for i in range(50)),
    ]:
        assert first_words(text, count) == truncatewords(text, count)


@pytest.mark.django_db
def test_headlines_print_what_the_template_printed():
    from django.template import Context, Template

    article = make_article("Hội nghị <Tỉnh ủy> & HĐND", published_at=timezone.now())
    rows = selectors.latest_articles()[0:1]
    printed = Template("{% load public_site %}{% headlines rows %}").render(Context({"rows": rows}))
    # The loop it replaced in home.html:
    expected = Template(
        '<li><a href="{{ a.get_absolute_url }}">{{ a.title }}</a> '
        '<time datetime="{{ a.published_at|date:\'c\' }}">{{ a.published_at|date:"H:i d/m" }}'
        "</time></li>"
    ).render(Context({"a": article}))
    assert printed == expected
    assert "&lt;Tỉnh ủy&gt; &amp; HĐND" in printed and "+07:00" in printed


@pytest.mark.django_db
def test_photo_items_print_what_the_template_printed():
    from django.template import Context, Template

    from .factories import make_article_photo

    person = make_person("Hoàng Văn Nghiệm")
    caption = "Đồng chí <b>Hoàng Văn Nghiệm</b> & " + " ".join(f"từ{i}" for i in range(30))
    for photo in (make_photo_with_renditions(400, 300), None):
        article = make_article("Bài có ảnh", published_at=timezone.now())
        make_article_photo(article, photo=photo, caption=caption).people.add(person)
    usages = documents.person_page(person.slug).photos
    assert len(usages) == 1 and usages[0].photo is not None
    printed = Template("{% load public_site %}{% photo_items usages %}").render(
        Context({"usages": usages})
    )
    # The loop it replaced in person_detail.html:
    expected = Template(
        "{% load photos %}{% for usage in usages %}<li>\n      <figure>\n"
        '        <a href="{{ usage.article.get_absolute_url }}" tabindex="-1" aria-hidden="true">'
        '{% picture usage.photo sizes="(min-width: 48em) 14rem, 45vw" alt=usage.caption '
        'css_class="thumb" %}</a>\n'
        '        <figcaption><a href="{{ usage.article.get_absolute_url }}">'
        "{{ usage.caption|truncatewords:24 }}</a></figcaption>\n      </figure>\n    </li>"
        "{% endfor %}"
    ).render(Context({"usages": usages}))
    assert printed == expected
    assert "<picture>" in printed and "&lt;b&gt;" in printed and "<b>" not in printed


@pytest.mark.django_db
def test_official_items_print_what_the_template_printed():
    from django.template import Context, Template

    body = make_organization("Huyện ủy Bản Lìm")
    make_position(make_person("Lò Văn <Sáng>"), body, "Bí thư & Chủ tịch")
    make_position(make_person("Hoàng Thị Mai"), body, "Phó Bí thư")
    officials = selectors.rank_officials(documents.organization_page(body.slug).positions)
    printed = Template("{% load public_site %}{% official_items officials %}").render(
        Context({"officials": officials})
    )
    # The loop it replaced in organization_detail.html:
    expected = Template(
        '{% for position in officials %}<li><a href="{{ position.person.get_absolute_url }}">'
        '{{ position.person.full_name }}</a> <span class="role">{{ position.title }}</span></li>'
        "{% if not forloop.last %}\n      {% endif %}{% endfor %}"
    ).render(Context({"officials": officials}))
    assert printed == expected
    assert "Lò Văn &lt;Sáng&gt;" in printed and "Bí thư &amp; Chủ tịch" in printed


@pytest.mark.django_db
def test_timeline_items_print_what_the_template_printed():
    from django.template import Context, Template

    person = make_person("Hoàng Văn Nghiệm")
    body = make_organization("Huyện ủy <Bản Lìm>", short_name="Huyện ủy & Bản Lìm")
    today = timezone.localdate()
    make_position(person, body, "Bí thư", started_on=today - timedelta(days=10), term="2020–2025")
    make_position(person, body, "Ủy viên <b>")  # open start and end
    make_position(person, body, "Phó Bí thư", ended_on=today - timedelta(days=11))
    make_position(
        person,
        body,
        "Chánh Văn phòng",
        started_on=today - timedelta(days=900),
        ended_on=today - timedelta(days=400),
    )
    current, past = selectors.timeline(documents.person_page(person.slug).positions)
    assert current and past
    context = Context({"current_positions": current, "past_positions": past})
    printed = Template(
        "{% load public_site %}{% timeline_items current_positions current=True %}\n"
        "{% timeline_items past_positions %}"
    ).render(context)
    # The loops they replaced in person_detail.html:
    item = (
        '<span class="role">{{ position.title }} '
        '<a href="{{ position.organization.get_absolute_url }}">'
        "{{ position.organization.label }}</a>{% if position.term %} "
        '<span class="term">(nhiệm kỳ '
        "{{ position.term }})</span>{% endif %}</span>\n    </li>{% if not forloop.last %}\n    "
        "{% endif %}"
    )
    start = (
        '{% if position.started_on %}{{ position.started_on|date:"d/m/Y" }}{% else %}…{% endif %}'
    )
    expected = Template(
        '{% for position in current_positions %}<li class="timeline-item is-current">\n'
        f'      <span class="period">{start} – nay</span>\n      {item}{{% endfor %}}\n'
        '{% for position in past_positions %}<li class="timeline-item">\n'
        f'      <span class="period">{start} – {{% if position.ended_on %}}'
        '{{ position.ended_on|date:"d/m/Y" }}{% else %}…{% endif %}</span>\n'
        f"      {item}{{% endfor %}}"
    ).render(context)
    assert printed == expected
    assert "Huyện ủy &amp; Bản Lìm" in printed and "Ủy viên &lt;b&gt;" in printed


@pytest.mark.django_db
def test_article_footer_tags_print_what_the_template_printed():
    from django.template import Context, Template

    from articles.models import BylineRole

    from .factories import make_author, make_byline, mention_organization, mention_person

    article = make_article("Bài <có> đủ")
    body = make_organization("Huyện ủy <Bản Lìm>", short_name="Huyện ủy")
    for i in range(10):
        person = make_person(f"Lò Văn Sáng {i} <x>")
        make_position(person, body, "Bí thư & Chủ tịch" if i % 2 else "Phó Bí thư")
        mention_person(article, person, span_start=i)
        mention_organization(article, make_organization(f"Xã {i} & <y>"), span_start=i)
    article.tags.add(*(f"Chủ đề {i} <z>" for i in range(10)))
    for i, role in enumerate((BylineRole.PHOTO, BylineRole.TEXT, BylineRole.TEXT)):
        make_byline(article, make_author(f"Phóng viên <{i}>"), role=role)
    page = documents.article_page(article.pk)
    context = Context(
        {
            "bylines": page.bylines,
            "people": page.people,
            "organizations": page.organizations,
            "tags": page.tags,
        }
    )
    printed = Template(
        "{% load public_site %}{% byline_links bylines %}|{% people_items people %}|"
        "{% chip_items organizations=organizations %}|{% chip_items tags=tags %}"
    ).render(context)
    # The loops they replaced in article_detail.html:
    expected = Template(
        "{% load public_site %}{% for role, authors in bylines|byline_groups %}"
        '{% if not forloop.first %}<span class="byline-sep"> · </span>{% endif %}'
        '{% if role %}<span class="byline-role">{{ role }}:</span> {% endif %}'
        '{% for author in authors %}<a rel="author" href="{{ author.get_absolute_url }}">'
        "{{ author.name }}</a>{% if not forloop.last %} – {% endif %}{% endfor %}{% endfor %}|"
        '{% for person in people %}<li><a href="{{ person.get_absolute_url }}">'
        "{{ person.full_name }}</a>{% if person.positions_on_date %}"
        '<span class="role">, {{ person.positions_on_date|positions_label }}</span>{% endif %}'
        "</li>\n{% endfor %}|"
        '{% for organization in organizations %}<li><a href="{{ organization.get_absolute_url }}">'
        "{{ organization.name }}</a></li>\n{% endfor %}|"
        '{% for tag in tags %}<li><a rel="tag" href="{% link \'articles:tag\' tag=tag.slug %}">'
        "{{ tag.name }}</a></li>\n{% endfor %}"
    ).render(context)
    between_tags = re.compile(r">\s+(?=[<|])")  # the loops left a new line after each item
    assert between_tags.sub(">", printed) == between_tags.sub(">", expected).rstrip()
    assert printed.count("<li>") == 30 and "Bí thư &amp; Chủ tịch Huyện ủy" in printed
    assert "&lt;x&gt;" in printed and "<x>" not in printed and "Ảnh:</span>" in printed


def test_iso_and_time_line_print_what_the_date_filters_printed():
    from django.template import Context, Template

    for moment in (timezone.now(), timezone.now().replace(microsecond=0), None):
        context = Context({"moment": moment})
        printed = Template("{% load public_site %}{{ moment|iso }}|{% time_line moment %}")
        expected = Template(
            "{% load public_site %}{{ moment|date:'c' }}|{% if moment %}<time datetime=\""
            "{{ moment|date:'c' }}\">{{ moment|date_line:True }}</time>{% endif %}"
        )
        assert printed.render(context) == expected.render(context)


@pytest.mark.django_db
def test_section_blocks_print_what_the_template_printed(newsroom):
    from django.template import Context, Template

    for i in range(3):
        make_article(f"Tin <{i}> & thời sự", section=newsroom["news"])
    sections = selectors.menu_sections()
    blocks = selectors.latest_by_section(sections, 4)
    context = Context({"blocks": [(s, blocks[s.pk]) for s in sections if blocks[s.pk]]})
    assert context["blocks"]
    printed = Template("{% load public_site %}{% section_blocks blocks %}").render(context)
    # The loop it replaced in home.html:
    expected = Template(
        "{% load public_site %}{% for section, articles in blocks %}\n"
        '<section class="block" aria-labelledby="block-{{ section.slug }}">\n'
        '  <h2 id="block-{{ section.slug }}" class="block-title">'
        '<a href="{{ section.get_absolute_url }}">{{ section.name }}</a></h2>\n'
        '  <ul class="cards cards--grid">\n'
        '    {% article_cards articles heading="h3" no_kicker=True %}\n'
        "  </ul>\n</section>\n{% endfor %}"
    ).render(context)
    assert printed.split() == expected.split()
    assert "Tin &lt;2&gt; &amp; thời sự" in printed
