"""Revisions: every save is kept with its author; history shows diffs; a restore is a save."""

import pytest
from django.test import Client
from reversion.models import Version

from articles import workflow
from articles.models import Article, ArticleStatus, Byline
from articles.revisions import article_restore, history_entries, render_diff, text_of
from articles.roles import ROLE_EDITOR, ROLE_REPORTER, ROLE_RESEARCHER
from articles.workflow import NotAllowed, WorkflowError

from .adminform import form_data, with_values
from .factories import make_author, make_ready_article, make_staff

pytestmark = pytest.mark.django_db


def change_url(article):
    return f"/admin/articles/article/{article.pk}/change/"


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def save_in_admin(client, article, **values):
    form = form_data(client.get(change_url(article)))
    response = client.post(change_url(article), with_values(form, **values))
    assert response.status_code == 302, response.context and response.context["errors"]
    article.refresh_from_db()
    return article


def test_each_admin_save_keeps_a_version_with_its_user_and_parts():
    reporter = make_staff(ROLE_REPORTER, first_name="Ngọc", last_name="Hiếu")
    article = make_ready_article(created_by=reporter, title="Tiêu đề đầu tiên")
    client = logged_in(reporter)
    save_in_admin(client, article, title="Tiêu đề thứ hai")
    save_in_admin(client, article, lead="Sapo đã sửa lại cho gọn.")
    versions = list(Version.objects.get_for_object(article).select_related("revision__user"))
    # Newest first: two saves, and the text as it was before the first one.
    assert [v.field_dict["title"] for v in versions] == [
        "Tiêu đề thứ hai",
        "Tiêu đề thứ hai",
        "Tiêu đề đầu tiên",
    ]
    assert [v.revision.user for v in versions] == [reporter, reporter, None]
    assert [v.field_dict["version"] for v in versions] == [3, 2, 1]
    # The revision holds the bylines and captions that went with the text.
    parts = {v.content_type.model for v in versions[0].revision.version_set.all()}
    assert parts == {"article", "byline", "articlephoto"}


def test_history_page_shows_who_changed_what_with_escaped_diffs():
    editor = make_staff(ROLE_EDITOR, first_name="Thu", last_name="Diễm")
    article = make_ready_article(title="Khai mạc kỳ họp thứ nhất HĐND tỉnh")
    client = logged_in(editor)
    save_in_admin(
        client,
        article,
        title="Khai mạc kỳ họp thứ hai HĐND tỉnh <script>",
        body="<p>Đoạn một.</p><p>Đoạn hai đã sửa.</p>",
    )
    page = client.get(f"/admin/articles/article/{article.pk}/history/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Thu Diễm" in html
    assert '<del class="diff-del">nhất</del><ins class="diff-ins">hai</ins>' in html
    assert "&lt;script&gt;</ins>" in html
    assert "<script>" not in html.split('id="content-main"')[1].split("</main>")[0]
    assert "Khôi phục phiên bản này" in html


def test_render_diff_marks_words_and_escapes():
    diff = render_diff("Chủ tịch UBND huyện", "Phó Chủ tịch UBND huyện <b>")
    assert diff == (
        '<ins class="diff-ins">Phó </ins>Chủ tịch UBND huyện<ins class="diff-ins"> &lt;b&gt;</ins>'
    )
    assert text_of("<h2>Tít</h2><p>Một &amp; hai</p><ul><li>ba</li></ul>") == "Tít\nMột & hai\nba"


def test_long_unchanged_text_is_shortened_around_the_change():
    words = " ".join(f"từ{n}" for n in range(200))
    diff = render_diff(words + " cũ", words + " mới")
    assert "từ0 " not in diff and "từ199" in diff and " … " in diff


def test_restore_brings_back_text_and_bylines_as_a_new_version():
    editor = make_staff(ROLE_EDITOR)
    article = make_ready_article(title="Bản đầu", body="<p>Nội dung gốc.</p>")
    client = logged_in(editor)
    client.get(change_url(article))  # the text as it arrived is kept before the first edit
    original_byline = Byline.objects.get(article=article)
    save_in_admin(client, article, title="Bản sửa", body="<p>Nội dung đã viết lại.</p>")
    extra = Byline.objects.create(article=article, author=make_author(), role="photo", order=1)
    original_byline.delete()
    save_in_admin(client, article, title="Bản sửa lần hai")
    first = Version.objects.get_for_object(article).order_by("pk").first()
    before = Version.objects.get_for_object(article).count()

    response = client.post(f"/admin/articles/article/{article.pk}/history/{first.pk}/")
    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.title, article.body) == ("Bản đầu", "<p>Nội dung gốc.</p>")
    assert list(article.bylines.values_list("author_id", flat=True)) == [original_byline.author_id]
    assert not Byline.objects.filter(pk=extra.pk).exists()
    # The restore is itself a new version, by the editor, and what it replaced stays.
    versions = list(Version.objects.get_for_object(article).select_related("revision__user"))
    assert len(versions) == before + 1
    assert versions[0].revision.user == editor
    assert "Khôi phục phiên bản" in versions[0].revision.comment
    assert any(v.field_dict["title"] == "Bản sửa lần hai" for v in versions)
    assert article.version == versions[0].field_dict["version"] == 4
    assert (
        "hoi dung goc" not in article.search_document and "noi dung goc" in article.search_document
    )


def test_restore_keeps_the_workflow_state():
    editor = make_staff(ROLE_EDITOR)
    article = make_ready_article(title="Trước khi xuất bản")
    client = logged_in(editor)
    client.get(change_url(article))
    first = Version.objects.get_for_object(article).get()
    save_in_admin(client, article, title="Sau khi sửa")
    workflow.article_publish(article=article, user=editor)
    published_at = article.published_at
    article_restore(article=article, version=first, user=editor)
    article.refresh_from_db()
    assert article.title == "Trước khi xuất bản"
    assert (article.status, article.published_at) == (ArticleStatus.PUBLISHED, published_at)


def test_a_reporter_cannot_restore_a_published_article():
    reporter = make_staff(ROLE_REPORTER)
    editor = make_staff(ROLE_EDITOR)
    article = make_ready_article(created_by=reporter, title="Bài của phóng viên")
    client = logged_in(reporter)
    save_in_admin(client, article, title="Bài của phóng viên, sửa lần một")
    workflow.article_publish(article=article, user=editor)
    oldest = Version.objects.get_for_object(article).order_by("pk").first()
    with pytest.raises(NotAllowed):
        article_restore(article=article, version=oldest, user=reporter)
    response = client.post(f"/admin/articles/article/{article.pk}/history/{oldest.pk}/")
    assert response.status_code == 403  # refused like any save they may not make
    article.refresh_from_db()
    assert article.title == "Bài của phóng viên, sửa lần một"
    history = client.get(f"/admin/articles/article/{article.pk}/history/")
    assert "Khôi phục phiên bản này" not in history.content.decode()


def test_a_researcher_reads_the_history_but_cannot_restore():
    researcher = make_staff(ROLE_RESEARCHER)
    editor = make_staff(ROLE_EDITOR)
    article = make_ready_article()
    save_in_admin(logged_in(editor), article, title="Đã sửa")
    oldest = Version.objects.get_for_object(article).order_by("pk").first()
    client = logged_in(researcher)
    assert client.get(f"/admin/articles/article/{article.pk}/history/").status_code == 200
    page = client.get(f"/admin/articles/article/{article.pk}/history/{oldest.pk}/")
    assert page.status_code == 200
    assert "không có quyền sửa" in page.content.decode()
    client.post(f"/admin/articles/article/{article.pk}/history/{oldest.pk}/")
    article.refresh_from_db()
    assert article.title == "Đã sửa"


def test_restoring_a_version_whose_author_was_deleted_is_refused_cleanly():
    editor = make_staff(ROLE_EDITOR)
    article = make_ready_article()
    client = logged_in(editor)
    client.get(change_url(article))
    oldest = Version.objects.get_for_object(article).get()
    gone = Byline.objects.get(article=article)
    author = gone.author
    form = form_data(client.get(change_url(article)))
    new_author = make_author()
    response = client.post(
        change_url(article),
        with_values(form, **{"bylines-0-author": str(new_author.pk)}),
    )
    assert response.status_code == 302
    author.delete()
    with pytest.raises(WorkflowError, match="đã bị xóa"):
        article_restore(article=article, version=oldest, user=editor)
    article.refresh_from_db()
    assert list(article.bylines.values_list("author_id", flat=True)) == [new_author.pk]


def test_a_version_of_another_article_is_refused():
    editor = make_staff(ROLE_EDITOR)
    one, other = make_ready_article(), make_ready_article()
    client = logged_in(editor)
    client.get(change_url(other))
    version = Version.objects.get_for_object(other).get()
    with pytest.raises(WorkflowError, match="không thuộc"):
        article_restore(article=one, version=version, user=editor)
    assert client.get(f"/admin/articles/article/{one.pk}/history/{version.pk}/").status_code == 404


def test_history_entries_list_changed_fields_and_bylines():
    editor = make_staff(ROLE_EDITOR)
    article = make_ready_article()
    client = logged_in(editor)
    client.get(change_url(article))
    workflow.article_submit(article=article, user=editor)
    newest, oldest = history_entries(Article.objects.get(pk=article.pk))
    assert newest["is_current"] and newest["user"] == editor
    assert ("Trạng thái", "Bản nháp", "Chờ duyệt") in newest["changes"]
    assert newest["diffs"] == []
    assert any(label == "Tác giả" for label, _, _ in oldest["changes"])


def test_an_editor_in_chief_recovers_a_deleted_article():
    from articles.roles import ROLE_EDITOR_IN_CHIEF

    chief = make_staff(ROLE_EDITOR_IN_CHIEF)
    article = make_ready_article(title="Bài bị xóa nhầm")
    client = logged_in(chief)
    save_in_admin(client, article, lead="Sapo trước khi bị xóa.")
    pk = article.pk
    assert client.post(f"/admin/articles/article/{pk}/delete/", {"post": "yes"}).status_code == 302
    assert not Article.objects.filter(pk=pk).exists()
    listing = client.get("/admin/articles/article/recover/")
    assert listing.status_code == 200 and "Bài bị xóa nhầm" in listing.content.decode()
    version = Version.objects.get_deleted(Article).get()
    url = f"/admin/articles/article/recover/{version.pk}/"
    page = client.get(url)
    assert page.status_code == 200
    assert client.post(url, form_data(page)).status_code == 302
    recovered = Article.objects.get(pk=pk)
    assert (recovered.title, recovered.lead) == ("Bài bị xóa nhầm", "Sapo trước khi bị xóa.")
    assert recovered.bylines.count() == 1
