"""The desk: the article list, its filters and shortcuts, buttons, bulk actions, preview."""

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.utils import timezone

from articles.models import Article, ArticleStatus, ArticleTransition
from articles.roles import ROLE_EDITOR, ROLE_EDITOR_IN_CHIEF, ROLE_REPORTER, ROLE_RESEARCHER

from .adminform import form_data, with_values
from .factories import (
    make_article,
    make_article_photo,
    make_author,
    make_byline,
    make_draft,
    make_ready_article,
    make_section,
    make_staff,
)

pytestmark = pytest.mark.django_db
CHANGELIST = "/admin/articles/article/"


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def change_url(article):
    return f"/admin/articles/article/{article.pk}/change/"


def listed(response) -> list[str]:
    return [article.title for article in response.context["cl"].result_list]


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


# ---------------------------------------------------------------------------- the list


@pytest.mark.parametrize("rows", [1, 30])
def test_the_list_costs_the_same_queries_for_1_and_30_rows(
    rows, django_assert_num_queries, settings
):
    editor = make_staff(ROLE_EDITOR)
    section = make_section("Thời sự")
    for _ in range(rows):
        article = make_article(section=section, edited_by=editor)
        make_byline(article)
        make_byline(article, role="photo")
    client = logged_in(editor)
    # session, user, 2× permissions, section filter, author filter, count, rows, bylines,
    # 2× date hierarchy
    with django_assert_num_queries(11):
        response = client.get(CHANGELIST)
    assert len(response.context["cl"].result_list) == rows


def test_the_list_shows_status_section_bylines_time_and_last_editor():
    editor = make_staff(ROLE_EDITOR, first_name="Thu", last_name="Diễm")
    article = make_article("Khai mạc Đại hội Đảng bộ tỉnh", section=make_section("Chính trị"))
    article.edited_by = editor
    article.save()
    make_byline(article, make_author("Ngọc Hiếu"))
    make_byline(article, make_author("Thu Diễm"), role="photo", order=1)
    scheduled = make_article(published_at=timezone.now() + timedelta(hours=3))
    html = logged_in(editor).get(CHANGELIST).content.decode()
    assert "Ngọc Hiếu – Thu Diễm" in html
    assert "Chính trị" in html
    assert 'class="status-badge status-published">Đã xuất bản' in html
    assert "status-scheduled" in html and scheduled.title in html
    assert ">Thu Diễm<" in html or "Thu Diễm</td>" in html


def test_search_ignores_diacritics_and_case():
    editor = make_staff(ROLE_EDITOR)
    make_article("Hội nghị Ban Chấp hành Đảng bộ tỉnh Lạng Sơn")
    make_article("Đồng Đăng đón khách du lịch", lead="Cửa khẩu quốc tế nhộn nhịp.")
    make_article("Tin khác")
    client = logged_in(editor)
    assert listed(client.get(CHANGELIST, {"q": "hoi nghi lang son"})) == [
        "Hội nghị Ban Chấp hành Đảng bộ tỉnh Lạng Sơn"
    ]
    assert listed(client.get(CHANGELIST, {"q": "ĐỒNG ĐĂNG"})) == ["Đồng Đăng đón khách du lịch"]
    assert listed(client.get(CHANGELIST, {"q": "cua khau"})) == ["Đồng Đăng đón khách du lịch"]
    assert listed(client.get(CHANGELIST, {"q": "không có bài nào"})) == []


def test_filters_by_status_section_author_and_date():
    editor = make_staff(ROLE_EDITOR)
    economy = make_section("Kinh tế")
    hieu = make_author("Ngọc Hiếu")
    old = make_article("Bài cũ", section=economy, published_at=timezone.now() - timedelta(days=40))
    make_byline(old, hieu)
    make_byline(old, hieu, role="photo")  # twice in one article: still listed once
    make_draft(title="Bản nháp")
    client = logged_in(editor)
    assert listed(client.get(CHANGELIST, {"status__exact": "draft"})) == ["Bản nháp"]
    assert listed(client.get(CHANGELIST, {"section__id__exact": economy.pk})) == ["Bài cũ"]
    assert listed(client.get(CHANGELIST, {"tac_gia": hieu.pk})) == ["Bài cũ"]
    recent = client.get(
        CHANGELIST, {"published_at__gte": (timezone.now() - timedelta(days=7)).date()}
    )
    assert "Bài cũ" not in listed(recent)
    assert listed(client.get(CHANGELIST, {"tac_gia": "x"})) == []


def test_shortcuts_my_drafts_and_waiting_for_review():
    reporter = make_staff(ROLE_REPORTER)
    mine = make_draft(title="Nháp của tôi", created_by=reporter)
    bylined = make_draft(title="Nháp biên tập viên viết cho tôi")
    make_byline(bylined, make_author(user=reporter))
    make_draft(title="Nháp của người khác")
    make_ready_article(title="Đang chờ duyệt", status=ArticleStatus.REVIEW)
    Article.objects.filter(pk=mine.pk)
    client = logged_in(reporter)
    assert sorted(listed(client.get(CHANGELIST, {"ban": "cua-toi"}))) == [
        "Nháp biên tập viên viết cho tôi",
        "Nháp của tôi",
    ]
    assert listed(client.get(CHANGELIST, {"ban": "cho-duyet"})) == ["Đang chờ duyệt"]
    html = client.get(CHANGELIST).content.decode()
    assert 'href="?ban=cua-toi"' in html and 'href="?ban=cho-duyet"' in html


def test_the_admin_speaks_vietnamese_for_the_newspaper(settings):
    html = logged_in(make_staff(ROLE_EDITOR)).get("/admin/").content.decode()
    assert f"{settings.SITE_NAME} – Tòa soạn" in html
    assert 'lang="vi"' in html
    assert "Tòa soạn" in html and "Bài viết" in html


# ---------------------------------------------------------------------------- bulk actions


def test_bulk_publish_obeys_the_rules_and_reports_each_refusal():
    editor = make_staff(ROLE_EDITOR)
    ready = make_ready_article(title="Sẵn sàng")
    in_review = make_ready_article(title="Đang chờ", status=ArticleStatus.REVIEW)
    missing = make_ready_article(title="Thiếu sapo", lead="")
    live = make_article("Đã lên trang")
    response = logged_in(editor).post(
        CHANGELIST,
        {
            "action": "publish_selected",
            "_selected_action": [a.pk for a in (ready, in_review, missing, live)],
        },
        follow=True,
    )
    notes = messages_of(response)
    assert "2 bài đã xuất bản." in notes
    assert any(note.startswith("«Thiếu sapo»:") and "Chưa có sapo." in note for note in notes)
    assert any(note.startswith("«Đã lên trang»:") and "đang hiển thị" in note for note in notes)
    statuses = dict(Article.objects.values_list("title", "status"))
    assert statuses["Sẵn sàng"] == statuses["Đang chờ"] == ArticleStatus.PUBLISHED
    assert statuses["Thiếu sapo"] == ArticleStatus.DRAFT
    assert ArticleTransition.objects.get(article=in_review).from_status == ArticleStatus.REVIEW


def test_bulk_unpublish_reports_drafts_it_cannot_take_down():
    editor = make_staff(ROLE_EDITOR_IN_CHIEF)
    live, draft = make_article("Đang hiển thị"), make_draft(title="Chưa đăng")
    response = logged_in(editor).post(
        CHANGELIST,
        {"action": "unpublish_selected", "_selected_action": [live.pk, draft.pk]},
        follow=True,
    )
    notes = messages_of(response)
    assert "1 bài đã gỡ khỏi trang." in notes
    assert any(n.startswith("«Chưa đăng»:") for n in notes)
    live.refresh_from_db()
    assert live.status == ArticleStatus.UNPUBLISHED


def test_reporters_have_no_publishing_actions():
    reporter = make_staff(ROLE_REPORTER)
    draft = make_ready_article(created_by=reporter)
    client = logged_in(reporter)
    action_form = client.get(CHANGELIST).context["action_form"]
    actions = dict(action_form.fields["action"].choices) if action_form else {}
    assert "publish_selected" not in actions and "unpublish_selected" not in actions
    assert "publish_selected" in dict(
        logged_in(make_staff(ROLE_EDITOR))
        .get(CHANGELIST)
        .context["action_form"]
        .fields["action"]
        .choices
    )
    client.post(CHANGELIST, {"action": "publish_selected", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.status == ArticleStatus.DRAFT


# ---------------------------------------------------------------------------- one article


def test_a_reporter_writes_and_submits_a_new_article_in_one_go():
    reporter = make_staff(ROLE_REPORTER)
    author = make_author("Ngọc Hiếu", user=reporter)
    section = make_section("Xã hội")
    client = logged_in(reporter)
    add = client.get("/admin/articles/article/add/")
    assert "Lưu và gửi duyệt" in add.content.decode()
    assert "Lưu và xuất bản" not in add.content.decode()
    data = with_values(
        form_data(add),
        title="Đồng Đăng: Hội chợ thương mại biên giới",
        lead="Sáng 3/3, hội chợ khai mạc với hơn 200 gian hàng.",
        body="<p>Hội chợ kéo dài đến hết ngày 8/3.</p>",
        section=str(section.pk),
        **{"bylines-0-author": str(author.pk), "_workflow": "submit"},
    )
    response = client.post("/admin/articles/article/add/", data)
    assert response.status_code == 302
    article = Article.objects.get()
    assert (article.status, article.created_by, article.slug) == (
        ArticleStatus.REVIEW,
        reporter,
        "dong-dang-hoi-cho-thuong-mai-bien-gioi",
    )
    # In review, the reporter can read it but no longer change it.
    page = client.get(change_url(article))
    assert page.status_code == 200 and not page.context["has_change_permission"]
    assert client.post(change_url(article), form_data(page)).status_code == 403


def test_send_back_without_a_note_saves_nothing():
    editor = make_staff(ROLE_EDITOR)
    article = make_ready_article(status=ArticleStatus.REVIEW)
    client = logged_in(editor)
    page = client.get(change_url(article))
    assert "Lưu và trả lại phóng viên" in page.content.decode()
    response = client.post(
        change_url(article), with_values(form_data(page), title="Sửa tít", _workflow="send_back")
    )
    assert response.status_code == 200
    assert "lý do trả lại" in response.content.decode()
    article.refresh_from_db()
    assert article.status == ArticleStatus.REVIEW and article.title != "Sửa tít"


def test_send_back_with_a_note_reaches_the_reporter():
    reporter = make_staff(ROLE_REPORTER)
    editor = make_staff(ROLE_EDITOR, first_name="Thu", last_name="Diễm")
    article = make_ready_article(created_by=reporter, status=ArticleStatus.REVIEW)
    client = logged_in(editor)
    data = with_values(
        form_data(client.get(change_url(article))),
        _workflow="send_back",
        workflow_note="Ghi rõ chức vụ của đồng chí Chủ tịch UBND huyện.",
    )
    assert client.post(change_url(article), data).status_code == 302
    html = logged_in(reporter).get(change_url(article)).content.decode()
    assert "Bài bị trả lại" in html and "Thu Diễm" in html
    assert "Ghi rõ chức vụ của đồng chí Chủ tịch UBND huyện." in html


def test_publishing_an_unready_article_saves_it_and_lists_what_is_missing():
    editor = make_staff(ROLE_EDITOR)
    article = make_ready_article(lead="")
    article.bylines.all().delete()
    client = logged_in(editor)
    page = client.get(change_url(article))
    assert "Chưa đủ điều kiện xuất bản" in page.content.decode()
    response = client.post(
        change_url(article),
        with_values(form_data(page), title="Tít đã sửa", _workflow="publish"),
        follow=True,
    )
    (note,) = messages_of(response)
    assert "Tít đã sửa" in note and "Chưa có sapo." in note and "Chưa có tác giả" in note
    article.refresh_from_db()
    assert article.title == "Tít đã sửa" and article.status == ArticleStatus.DRAFT


def test_an_editor_schedules_from_the_form_and_the_steps_show_on_the_article():
    editor = make_staff(ROLE_EDITOR)
    article = make_ready_article()
    client = logged_in(editor)
    at = timezone.localtime(timezone.now() + timedelta(days=1)).replace(second=0, microsecond=0)
    data = with_values(
        form_data(client.get(change_url(article))),
        _workflow="publish",
        workflow_publish_at_0=at.strftime("%d/%m/%Y"),
        workflow_publish_at_1=at.strftime("%H:%M:%S"),
        workflow_note="Đăng sáng mai",
    )
    response = client.post(change_url(article), data, follow=True)
    assert any("hẹn giờ xuất bản" in note for note in messages_of(response)), messages_of(response)
    article.refresh_from_db()
    assert article.is_scheduled and article.published_at == at
    html = response.content.decode()
    assert "Hẹn giờ" in html and "Đăng sáng mai" in html  # the transition row on the article


def test_inlines_are_read_only_where_the_article_is():
    reporter = make_staff(ROLE_REPORTER)
    article = make_ready_article(created_by=reporter, status=ArticleStatus.REVIEW)
    page = logged_in(reporter).get(change_url(article))
    for formset in page.context["inline_admin_formsets"]:
        assert not formset.has_add_permission and not formset.has_change_permission


def test_a_reporter_cannot_open_someone_elses_draft_for_editing():
    reporter = make_staff(ROLE_REPORTER)
    other = make_draft(created_by=make_staff(ROLE_REPORTER))
    client = logged_in(reporter)
    page = client.get(change_url(other))
    assert page.status_code == 200 and not page.context["has_change_permission"]
    assert client.post(change_url(other), form_data(page)).status_code == 403


def test_the_slug_follows_the_title_until_first_publication():
    editor = make_staff(ROLE_EDITOR)
    article = make_ready_article(title="Tít tạm")
    client = logged_in(editor)
    client.post(
        change_url(article),
        with_values(form_data(client.get(change_url(article))), title="Đường Đồng Đăng mở rộng"),
    )
    article.refresh_from_db()
    assert article.slug == "duong-dong-dang-mo-rong"
    response = client.get(
        "/admin/articles/article/slug/", {"title": "Hội đồng nhân dân", "pk": article.pk}
    )
    assert response.json() == {"slug": "hoi-dong-nhan-dan"}
    article.status, article.published_at = ArticleStatus.PUBLISHED, timezone.now()
    article.save()
    client.post(
        change_url(article),
        with_values(form_data(client.get(change_url(article))), title="Tít mới"),
    )
    article.refresh_from_db()
    assert article.slug == "duong-dong-dang-mo-rong"  # published: the address stays


def test_the_body_editor_ships_its_own_assets():
    html = logged_in(make_staff(ROLE_REPORTER)).get("/admin/articles/article/add/").content.decode()
    assert "/static/django_prose_editor/editor.js" in html
    assert "data-django-prose-editor-configurable" in html
    assert "cdn" not in html.lower()


# ---------------------------------------------------------------------------- preview


def test_staff_preview_an_unpublished_article_without_caching(client):
    draft = make_draft(title="Bài chưa đăng")
    url = f"/xem-truoc/{draft.pk}/"
    assert client.get(draft.get_absolute_url()).status_code == 404
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/admin/login/")
    response = logged_in(make_staff(ROLE_RESEARCHER)).get(url)
    assert response.status_code == 200
    assert "Bài chưa đăng" in response.content.decode()
    assert "Bản xem trước" in response.content.decode()
    assert "no-cache" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_preview_needs_the_view_permission():
    staff_without_role = make_staff_user()
    assert logged_in(staff_without_role).get(f"/xem-truoc/{make_draft().pk}/").status_code == 403


def make_staff_user():
    from .factories import make_user

    return make_user(is_staff=True)


def test_publication_dates_are_read_day_first():
    from articles.desk import ArticleAdminForm

    field = ArticleAdminForm.base_fields["workflow_publish_at"]
    assert field.clean(["05/11/2026", "07:30"]).strftime("%d %m %H:%M") == "05 11 07:30"
    assert field.clean(["2026-11-05", "07:30:00"]).strftime("%d %m") == "05 11"


def test_a_reporter_cannot_publish_by_posting_the_button_anyway():
    reporter = make_staff(ROLE_REPORTER)
    article = make_ready_article(created_by=reporter)
    client = logged_in(reporter)
    data = with_values(
        form_data(client.get(change_url(article))), title="Tít của phóng viên", _workflow="publish"
    )
    response = client.post(change_url(article), data, follow=True)
    (note,) = messages_of(response)
    assert "Chỉ biên tập viên mới xuất bản" in note
    article.refresh_from_db()
    assert article.title == "Tít của phóng viên" and article.status == ArticleStatus.DRAFT


@pytest.mark.parametrize(("rows", "queries"), [(1, 24), (5, 32)])
def test_the_article_page_costs_a_fixed_number_of_queries_per_inline_row(
    rows, queries, django_assert_num_queries
):
    """Everything is fetched in bulk; the only per-row cost is Django's autocomplete widget,
    which loads the one value it shows (the byline's author, the caption's photo)."""
    editor = make_staff(ROLE_EDITOR)
    article = make_ready_article()
    for _ in range(rows - 1):
        make_byline(article)
        make_article_photo(article)
    client = logged_in(editor)
    client.get(change_url(article))  # the first visit keeps the text as it arrived
    with django_assert_num_queries(queries):
        assert client.get(change_url(article)).status_code == 200
