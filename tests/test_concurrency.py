"""Two people, one article: the second save is refused, nothing typed is lost."""

import threading

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client

from articles import workflow
from articles.concurrency import Conflict, EditConflict, lock_for_edit
from articles.models import Article, ArticlePhoto
from articles.presence import PRESENCE_TTL, presence_leave, presence_others, presence_touch
from articles.roles import ROLE_EDITOR, ROLE_REPORTER

from .adminform import form_data, with_values
from .factories import make_ready_article, make_staff
from .locks import lock_waits

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def change_url(article):
    return f"/admin/articles/article/{article.pk}/change/"


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def two_editors():
    return (
        make_staff(ROLE_EDITOR, first_name="Lương Thu", last_name="Hà"),
        make_staff(ROLE_EDITOR, first_name="Hoàng Minh", last_name="Đức"),
    )


def test_the_second_save_is_refused_and_keeps_everything_typed(two_editors):
    ha, duc = two_editors
    article = make_ready_article(title="Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ 12")
    first, second = logged_in(ha), logged_in(duc)
    form_of_ha = form_data(first.get(change_url(article)))
    form_of_duc = form_data(second.get(change_url(article)))

    # Đức saves first: a new title.
    saved = second.post(
        change_url(article),
        with_values(form_of_duc, title="Bế mạc Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ 12"),
    )
    assert saved.status_code == 302

    # Hà, who opened the same version, has rewritten the lead, the body and a caption.
    typed = {
        "lead": "Chiều 22/5, hội nghị đã hoàn thành toàn bộ nội dung chương trình đề ra.",
        "body": "<p>Phát biểu bế mạc, đồng chí Bí thư Tỉnh ủy nhấn mạnh ba nhiệm vụ.</p>",
        "article_photos-0-caption": "Các đại biểu biểu quyết thông qua nghị quyết",
    }
    refused = first.post(change_url(article), with_values(form_of_ha, **typed))
    assert refused.status_code == 200
    page = refused.content.decode()
    assert "Lương Thu Hà" not in page.split("edit-conflict")[1][:400]
    assert "Hoàng Minh Đức" in page
    form = refused.context["adminform"].form
    assert form.conflict.saved_by == "Hoàng Minh Đức"
    assert form.conflict.changed == ["Tiêu đề"]
    assert "Đức" in form.non_field_errors()[0] and "Tiêu đề" in form.non_field_errors()[0]

    # Nothing Hà typed is lost: the re-rendered form holds it all, inlines included.
    again = form_data(refused)
    for name, value in typed.items():
        assert again[name] == [value], name
    # Nothing of Hà's was written, and Đức's title stands.
    article.refresh_from_db()
    assert article.title.startswith("Bế mạc")
    assert article.lead != typed["lead"]
    assert ArticlePhoto.objects.get(article=article).caption != typed["article_photos-0-caption"]
    assert article.version == 2 and article.edited_by == duc

    # Having seen Đức's change, Hà saves again on purpose: this time it goes through.
    assert again["edit_version"] == ["2"]
    overwrite = first.post(change_url(article), again)
    assert overwrite.status_code == 302
    article.refresh_from_db()
    assert (article.lead, article.body) == (typed["lead"], typed["body"])
    assert article.version == 3 and article.edited_by == ha


def test_the_refusal_shows_a_diff_between_their_text_and_mine(two_editors):
    ha, duc = two_editors
    article = make_ready_article(lead="Sáng nay, đoàn công tác làm việc tại huyện Cao Lộc.")
    first, second = logged_in(ha), logged_in(duc)
    form_of_ha = form_data(first.get(change_url(article)))
    form_of_duc = form_data(second.get(change_url(article)))
    second.post(
        change_url(article),
        with_values(form_of_duc, lead="Sáng nay, đoàn công tác làm việc tại huyện Lộc Bình."),
    )
    refused = first.post(
        change_url(article),
        with_values(form_of_ha, lead="Sáng nay, đoàn công tác làm việc tại huyện Văn Lãng."),
    )
    conflict = refused.context["adminform"].form.conflict
    assert conflict.changed == ["Sapo"]
    (label, diff), *_ = conflict.diffs
    assert label == "Sapo"
    assert '<del class="diff-del">Lộc Bình.</del>' in diff
    assert '<ins class="diff-ins">Văn Lãng.</ins>' in diff


def test_a_workflow_step_in_between_also_refuses_an_old_form(two_editors):
    ha, duc = two_editors
    article = make_ready_article()
    client = logged_in(ha)
    form = form_data(client.get(change_url(article)))
    workflow.article_submit(article=article, user=duc)
    refused = client.post(change_url(article), with_values(form, title="Tiêu đề khác"))
    assert refused.status_code == 200
    assert "Trạng thái" in refused.context["adminform"].form.conflict.changed
    article.refresh_from_db()
    assert article.title != "Tiêu đề khác"


def test_a_form_without_its_version_is_not_saved(two_editors):
    article = make_ready_article()
    client = logged_in(two_editors[0])
    form = form_data(client.get(change_url(article)))
    del form["edit_version"]
    response = client.post(change_url(article), with_values(form, title="Không có phiên bản"))
    assert response.status_code == 200
    article.refresh_from_db()
    assert article.title != "Không có phiên bản"


def test_lock_for_edit_compares_versions():
    article = make_ready_article()
    with transaction.atomic():
        assert lock_for_edit(article_id=article.pk, expected_version=1).pk == article.pk
    Article.objects.filter(pk=article.pk).update(version=2)
    with transaction.atomic(), pytest.raises(EditConflict) as refusal:
        lock_for_edit(article_id=article.pk, expected_version=1)
    assert refusal.value.conflict.current_version == 2
    assert refusal.value.current.version == 2


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_saves_cannot_both_win():
    """The second save waits on the first's row lock, then sees the new version."""
    if connection.vendor != "postgresql":
        pytest.skip(
            "needs two real connections: the test SQLite database is in-memory with a "
            "shared cache, which reports locks instead of waiting (a file database waits: "
            "its write transactions begin IMMEDIATE)"
        )
    article = make_ready_article()
    outcome = {}
    first_holds_lock, release_first = threading.Event(), threading.Event()

    def first():
        try:
            with transaction.atomic():
                mine = lock_for_edit(article_id=article.pk, expected_version=1)
                first_holds_lock.set()
                release_first.wait(10)
                mine.title, mine.version = "Bản của người thứ nhất", 2
                mine.save()
            outcome["first"] = "saved"
        finally:
            connection.close()

    def second():
        first_holds_lock.wait(10)
        try:
            with transaction.atomic():
                mine = lock_for_edit(article_id=article.pk, expected_version=1)
                mine.title, mine.version = "Bản của người thứ hai", 2
                mine.save()
            outcome["second"] = "saved"
        except EditConflict as refusal:
            outcome["second"] = refusal.conflict
        finally:
            connection.close()

    waiting = lock_waits(first, second, release_first, lambda: "second" in outcome)
    assert waiting == 1, "the second save did not wait for the first one's lock"
    assert outcome["first"] == "saved"
    assert isinstance(outcome["second"], Conflict)
    article.refresh_from_db()
    assert (article.title, article.version) == ("Bản của người thứ nhất", 2)


# ---------------------------------------------------------------------------- presence


def test_presence_lists_the_others_until_they_leave_or_time_out(two_editors):
    ha, duc = two_editors
    presence_touch(article_id=7, user=ha, now=1000.0)
    assert presence_others(article_id=7, user=duc, now=1001.0) == ["Lương Thu Hà"]
    assert presence_others(article_id=7, user=ha, now=1001.0) == []
    assert presence_others(article_id=8, user=duc, now=1001.0) == []
    assert presence_others(article_id=7, user=duc, now=1000.0 + PRESENCE_TTL + 1) == []
    presence_touch(article_id=7, user=ha, now=2000.0)
    presence_leave(article_id=7, user=ha, now=2001.0)
    assert presence_others(article_id=7, user=duc, now=2002.0) == []


def test_the_change_page_says_who_else_is_editing(two_editors):
    ha, duc = two_editors
    article = make_ready_article()
    first, second = logged_in(ha), logged_in(duc)
    alone = first.get(change_url(article)).content.decode()
    assert 'id="editing-presence" class="editing-presence" role="status" hidden' in alone
    page = second.get(change_url(article)).content.decode()
    assert "Đang được chỉnh sửa bởi" in page
    assert '<strong class="editing-names">Lương Thu Hà</strong>' in page
    assert 'role="status" hidden' not in page


def test_the_ping_endpoint_refreshes_and_reports_presence(two_editors):
    ha, duc = two_editors
    reporter = make_staff(ROLE_REPORTER)
    article = make_ready_article()
    url = f"/admin/articles/article/{article.pk}/presence/"
    first, second = logged_in(ha), logged_in(duc)
    assert first.post(url).json() == {"others": []}
    assert second.post(url).json() == {"others": ["Lương Thu Hà"]}
    assert first.post(url).json() == {"others": ["Hoàng Minh Đức"]}
    # A reporter who can only read the article is told, but does not count as editing.
    assert logged_in(reporter).post(url).json() == {"others": ["Hoàng Minh Đức", "Lương Thu Hà"]}
    assert first.post(url, {"leave": "1"}).json() == {"others": []}
    assert second.post(url).json() == {"others": []}
    assert first.get(url).status_code == 405
