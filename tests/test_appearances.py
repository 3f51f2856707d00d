"""PersonAppearance and OrganizationAppearance, kept by the database's triggers: whatever
writes a mention, a caption's people, an article's status or the organization tree, the rows
are those of the published articles' confirmed mentions (and bodies above) and captions —
checked against the source tables after every kind of write."""

import threading
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.utils import timezone

from articles import appearances, selectors
from articles.models import (
    Article,
    ArticlePhoto,
    ArticleStatus,
    OrganizationAppearance,
    OrganizationMention,
    PersonAppearance,
    PersonMention,
)
from newsroom.backup import create_backup, restore_backup
from organizations.models import Organization

from .factories import (
    make_article,
    make_caption,
    make_organization,
    make_person,
    make_section,
    mention_organization,
    mention_person,
)
from .locks import lock_waits

pytestmark = pytest.mark.django_db


def derived() -> set[tuple[int, int, object]]:
    """What the rows should be, read from the source tables through the ORM."""
    published = {
        pk: moment
        for pk, moment in Article.objects.filter(status=ArticleStatus.PUBLISHED).values_list(
            "pk", "published_at"
        )
    }
    pairs = set(PersonMention.objects.filter(confirmed=True).values_list("person_id", "article_id"))
    pairs |= set(
        ArticlePhoto.people.through.objects.values_list("person_id", "articlephoto__article_id")
    )
    return {
        (person, article, published[article]) for person, article in pairs if article in published
    }


def rows() -> set[tuple[int, int, object]]:
    return set(PersonAppearance.objects.values_list("person_id", "article_id", "published_at"))


def body_derived() -> set[tuple[int, int, object]]:
    """Each published article's confirmed bodies and every body above each, by parent links."""
    parents = dict(Organization.objects.values_list("pk", "parent_id"))
    published = dict(
        Article.objects.filter(status=ArticleStatus.PUBLISHED).values_list("pk", "published_at")
    )
    expected = set()
    for body, article in OrganizationMention.objects.filter(confirmed=True).values_list(
        "organization_id", "article_id"
    ):
        while body is not None and article in published:
            expected.add((body, article, published[article]))
            body = parents[body]
    return expected


def body_rows() -> set[tuple[int, int, object]]:
    return set(
        OrganizationAppearance.objects.values_list("organization_id", "article_id", "published_at")
    )


def assert_in_step() -> None:
    assert rows() == derived()
    assert body_rows() == body_derived()


@pytest.fixture
def scene():
    section = make_section("Thời sự")
    return {
        "mai": make_person("Nông Xuân Mai"),
        "hieu": make_person("Hà Thị Hiếu"),
        "article": make_article("Hội nghị Tỉnh ủy", section=section),
        "other": make_article("Đón đoàn công tác", section=section),
        "draft": make_article("Bản nháp", section=section, published=False),
    }


def test_every_trigger_is_installed():
    if connection.vendor == "postgresql":
        sql = "SELECT tgname FROM pg_trigger WHERE tgname LIKE %s AND NOT tgisinternal"
    else:
        sql = "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s"
    with connection.cursor() as cursor:
        cursor.execute(sql, ["articles_appearance_%"])
        installed = {name for (name,) in cursor.fetchall()}
    assert installed == {f"articles_appearance_{name}" for name, *_ in appearances.TRIGGERS}


def test_mentions_count_once_confirmed_however_they_are_written(scene):
    mai, hieu, article = scene["mai"], scene["hieu"], scene["article"]
    mention = mention_person(article, mai, confirmed=False)
    assert rows() == set()
    # The detector confirms and rejects with QuerySet.update(): no signal is sent.
    PersonMention.objects.filter(pk=mention.pk).update(confirmed=True)
    assert rows() == {(mai.pk, article.pk, article.published_at)}
    PersonMention.objects.filter(pk=mention.pk).update(person=hieu)
    assert rows() == {(hieu.pk, article.pk, article.published_at)}
    PersonMention.objects.filter(pk=mention.pk).update(article=scene["other"])
    assert rows() == {(hieu.pk, scene["other"].pk, scene["other"].published_at)}
    PersonMention.objects.filter(pk=mention.pk).update(confirmed=False)
    assert rows() == set()
    PersonMention.objects.bulk_create(
        [
            PersonMention(article=article, person=mai, confirmed=True),
            PersonMention(article=scene["other"], person=mai, confirmed=True),
            PersonMention(article=scene["draft"], person=mai, confirmed=True),
        ]
    )
    assert {(p, a) for p, a, _ in rows()} == {(mai.pk, article.pk), (mai.pk, scene["other"].pk)}
    PersonMention.objects.filter(article=article).delete()
    assert_in_step()
    assert {(p, a) for p, a, _ in rows()} == {(mai.pk, scene["other"].pk)}


def test_captions_people_from_either_side_and_as_photos_move_or_go(scene):
    mai, hieu, article, other = scene["mai"], scene["hieu"], scene["article"], scene["other"]
    photo = make_caption(article, mai)
    assert rows() == {(mai.pk, article.pk, article.published_at)}
    hieu.photo_appearances.add(photo)
    assert_in_step()
    assert len(rows()) == 2
    photo.people.remove(mai)
    assert rows() == {(hieu.pk, article.pk, article.published_at)}
    photo.people.set([mai])
    assert rows() == {(mai.pk, article.pk, article.published_at)}
    ArticlePhoto.objects.filter(pk=photo.pk).update(article=other)
    assert rows() == {(mai.pk, other.pk, other.published_at)}
    photo.refresh_from_db()
    photo.delete()
    assert rows() == set()
    make_caption(article, hieu).people.clear()
    assert rows() == set()


def test_named_and_shown_is_one_row_until_both_are_gone(scene):
    mai, article = scene["mai"], scene["article"]
    mention = mention_person(article, mai)
    photo = make_caption(article, mai)
    assert rows() == {(mai.pk, article.pk, article.published_at)}
    mention.delete()
    assert rows() == {(mai.pk, article.pk, article.published_at)}
    photo.people.clear()
    assert rows() == set()


def test_publishing_rescheduling_unpublishing_and_deleting_the_article(scene):
    mai, hieu, draft = scene["mai"], scene["hieu"], scene["draft"]
    mention_person(draft, mai)
    make_caption(draft, hieu)
    assert rows() == set()

    draft.status, draft.published_at = ArticleStatus.PUBLISHED, timezone.now()
    draft.save()
    assert rows() == {
        (mai.pk, draft.pk, draft.published_at),
        (hieu.pk, draft.pk, draft.published_at),
    }

    later = draft.published_at + timedelta(days=1)  # scheduled: kept, with its new moment
    Article.objects.filter(pk=draft.pk).update(published_at=later)
    assert {moment for _, _, moment in rows()} == {later}

    draft.refresh_from_db()
    draft.title = "Bản nháp đã sửa"  # a save that leaves status and time alone
    draft.save()
    assert_in_step()

    Article.objects.filter(pk=draft.pk).update(status=ArticleStatus.UNPUBLISHED)
    assert rows() == set()
    Article.objects.filter(pk=draft.pk).update(status=ArticleStatus.PUBLISHED)
    assert len(rows()) == 2

    draft.delete()
    assert rows() == set()
    assert PersonAppearance.objects.count() == 0


def test_a_person_shown_only_in_captions_can_be_deleted(scene):
    hieu, article = scene["hieu"], scene["article"]
    make_caption(article, hieu)
    hieu.delete()
    assert rows() == set()


def test_install_makes_the_rows_of_the_articles_already_there(scene):
    mai, hieu, article = scene["mai"], scene["hieu"], scene["article"]
    mention_person(article, mai)
    appearances.remove(connection)
    make_caption(scene["other"], hieu)  # unseen: no trigger
    mention_person(scene["draft"], hieu)
    mention_organization(article, make_organization("Xã Tân Lập", parent=make_organization()))
    assert rows() == {(mai.pk, article.pk, article.published_at)}
    assert body_rows() == set()
    appearances.install(connection)
    assert len(rows()) == 2
    assert len(body_rows()) == 2
    assert_in_step()
    test_every_trigger_is_installed()


def test_a_bulk_load_pauses_the_triggers_and_makes_every_row_at_the_end(scene):
    mai, article = scene["mai"], scene["article"]
    with transaction.atomic(), appearances.paused(connection):
        mention_person(article, mai)
        make_caption(scene["other"], mai)
        assert rows() == set()
    assert len(rows()) == 2
    assert_in_step()
    test_every_trigger_is_installed()


@pytest.fixture
def tree():
    province = make_organization("Tỉnh ủy")
    district = make_organization("Huyện ủy Bảo Lâm", parent=province)
    commune = make_organization("Đảng ủy xã Lý Bôn", parent=district)
    other = make_organization("Huyện ủy Bảo Lạc", parent=province)
    return province, district, commune, other


def test_a_body_is_in_the_articles_of_every_body_below_it(scene, tree):
    province, district, commune, other = tree
    article, second = scene["article"], scene["other"]
    mention = mention_organization(article, commune, confirmed=False)
    assert body_rows() == set()
    OrganizationMention.objects.filter(pk=mention.pk).update(confirmed=True)
    assert {(o, a) for o, a, _ in body_rows()} == {
        (province.pk, article.pk),
        (district.pk, article.pk),
        (commune.pk, article.pk),
    }
    mention_organization(article, other)  # the province's row stays one row
    assert_in_step()
    assert len(body_rows()) == 4
    OrganizationMention.objects.bulk_create(
        [OrganizationMention(article=second, organization=district, confirmed=True)]
    )
    assert_in_step()
    OrganizationMention.objects.filter(pk=mention.pk).update(organization=district)
    assert_in_step()
    assert {o for o, a, _ in body_rows() if a == article.pk} == {
        province.pk,
        district.pk,
        other.pk,
    }
    OrganizationMention.objects.filter(article=article).delete()
    assert {(o, a) for o, a, _ in body_rows()} == {
        (province.pk, second.pk),
        (district.pk, second.pk),
    }
    Article.objects.filter(pk=second.pk).update(status=ArticleStatus.UNPUBLISHED)
    assert body_rows() == set()


def test_moving_a_subtree_moves_its_articles(scene, tree):
    province, district, commune, other = tree
    mention_organization(scene["article"], commune)
    mention_organization(scene["other"], district)
    district.parent = other  # the district, with the commune below it, moves under "other"
    district.save()
    commune.refresh_from_db()
    assert commune.path.startswith(other.path)
    assert_in_step()
    assert {o for o, a, _ in body_rows() if a == scene["article"].pk} == {
        province.pk,
        other.pk,
        district.pk,
        commune.pk,
    }
    commune.parent = None  # out on its own: only its own articles stay with it
    commune.save()
    assert_in_step()
    assert {o for o, a, _ in body_rows() if a == scene["article"].pk} == {commune.pk}


def test_the_organization_page_lists_its_subtree_newest_first(client, scene, tree):
    province, district, commune, other = tree
    mention_organization(scene["article"], commune)
    mention_organization(scene["other"], other)
    mention_organization(scene["draft"], district)
    scene["other"].published_at = scene["article"].published_at - timedelta(hours=1)
    scene["other"].save()
    listed = selectors.articles_mentioning_organization(province)[0:10]
    assert [a.pk for a in listed] == [scene["article"].pk, scene["other"].pk]
    assert [a.pk for a in selectors.articles_mentioning_organization(district)[0:10]] == [
        scene["article"].pk
    ]
    response = client.get(district.get_absolute_url())
    assert response.status_code == 200
    assert scene["article"].title in response.content.decode()


@pytest.mark.django_db(transaction=True)  # a restore empties the tables (TRUNCATE)
def test_a_restore_makes_them_again_whatever_order_the_rows_come_in(scene, tree, tmp_path):
    # A restore writes the articles and mentions before the bodies, and the bodies by id: here
    # a commune made before the district it now belongs to, so it comes first.
    province, district, commune, other = tree
    hamlet = make_organization("Chi bộ thôn Khuổi Khon")
    late = make_organization("Đảng ủy xã Nam Quang", parent=other)
    hamlet.parent = late
    hamlet.save()
    mention_organization(scene["article"], hamlet)
    mention_organization(scene["other"], commune)
    make_caption(scene["article"], scene["mai"])
    people, bodies = rows(), body_rows()
    assert (late.pk, scene["article"].pk, scene["article"].published_at) in bodies
    result = create_backup(tmp_path)
    restore_backup(result.path)
    assert (rows(), body_rows()) == (people, bodies)
    assert_in_step()


@pytest.mark.django_db(transaction=True)
def test_two_writers_of_one_article_take_turns():
    """A second transaction naming the same person in the same article waits for the first
    (the trigger locks the article's row), then makes the rows again from what both wrote."""
    if connection.vendor != "postgresql":
        pytest.skip("needs two real connections (SQLite serializes every writer)")
    article, mai = make_article("Hội nghị Tỉnh ủy"), make_person("Nông Xuân Mai")
    photo = make_caption(article)
    outcome = {}
    first_wrote, release_first = threading.Event(), threading.Event()

    def first():
        try:
            with transaction.atomic():
                mention_person(article, mai)
                first_wrote.set()
                release_first.wait(10)
            outcome["first"] = "saved"
        finally:
            connection.close()

    def second():
        first_wrote.wait(10)
        try:
            with transaction.atomic():
                photo.people.add(mai)
            outcome["second"] = "saved"
        except Exception as error:  # the unique row of (person, article), written twice
            outcome["second"] = error
        finally:
            connection.close()

    waiting = lock_waits(first, second, release_first, lambda: "second" in outcome)
    assert waiting == 1
    assert outcome == {"first": "saved", "second": "saved"}
    assert rows() == {(mai.pk, article.pk, article.published_at)}
    PersonMention.objects.filter(article=article).delete()  # still shown in the caption
    assert rows() == {(mai.pk, article.pk, article.published_at)}
