"""The workflow's rules and services: every role against every step, readiness, scheduling."""

from datetime import timedelta

import pytest
from django.utils import timezone
from reversion.models import Version

from articles import workflow
from articles.models import Article, ArticleStatus, ArticleTransition
from articles.roles import ROLE_EDITOR, ROLE_EDITOR_IN_CHIEF, ROLE_REPORTER, ROLE_RESEARCHER
from articles.workflow import NotAllowed, NotReady, WorkflowError

from .factories import (
    make_article_photo,
    make_author,
    make_byline,
    make_photo,
    make_ready_article,
    make_staff,
    make_user,
)

pytestmark = pytest.mark.django_db

OWNER, OTHER_REPORTER, EDITOR, CHIEF, RESEARCHER = (
    "reporter (own article)",
    "reporter (someone else's)",
    "editor",
    "editor-in-chief",
    "researcher",
)
ACTORS = (OWNER, OTHER_REPORTER, EDITOR, CHIEF, RESEARCHER)


@pytest.fixture
def desk():
    """One user per role, and a reporter who owns the articles under test."""
    return {
        "owner": make_staff(ROLE_REPORTER),
        OTHER_REPORTER: make_staff(ROLE_REPORTER),
        EDITOR: make_staff(ROLE_EDITOR),
        CHIEF: make_staff(ROLE_EDITOR_IN_CHIEF),
        RESEARCHER: make_staff(ROLE_RESEARCHER),
    }


def actor(desk, who):
    return desk["owner"] if who == OWNER else desk[who]


def article_in(status, owner):
    article = make_ready_article(created_by=owner)
    if status == ArticleStatus.PUBLISHED:
        Article.objects.filter(pk=article.pk).update(
            status=status, published_at=timezone.now() - timedelta(hours=1)
        )
    elif status != ArticleStatus.DRAFT:
        Article.objects.filter(pk=article.pk).update(status=status)
    article.refresh_from_db()
    return article


D, R, P, U = (
    ArticleStatus.DRAFT,
    ArticleStatus.REVIEW,
    ArticleStatus.PUBLISHED,
    ArticleStatus.UNPUBLISHED,
)
EDITORS = {EDITOR, CHIEF}
# step: (service, status it starts from, status it ends in, who may take it)
STEPS = {
    "submit": (workflow.article_submit, D, R, {OWNER, *EDITORS}),
    "send_back": (workflow.article_send_back, R, D, EDITORS),
    "approve": (workflow.article_approve, R, P, EDITORS),
    "publish": (workflow.article_publish, D, P, EDITORS),
    "schedule": (workflow.article_publish, D, P, EDITORS),
    "republish": (workflow.article_publish, U, P, EDITORS),
    "unpublish": (workflow.article_unpublish, P, U, EDITORS),
}


def call(step, service, article, user):
    kwargs = {"article": article, "user": user}
    if step == "send_back":
        kwargs["note"] = "Bổ sung chức vụ của đồng chí Phó Chủ tịch UBND tỉnh."
    if step == "schedule":
        kwargs["at"] = timezone.now() + timedelta(hours=1)
    return service(**kwargs)


@pytest.mark.parametrize("who", ACTORS)
@pytest.mark.parametrize("step", list(STEPS))
def test_every_role_against_every_step(desk, step, who):
    service, start, end, allowed = STEPS[step]
    article = article_in(start, desk["owner"])
    user = actor(desk, who)
    if who in allowed:
        call(step, service, article, user)
        article.refresh_from_db()
        assert article.status == end
        transition = ArticleTransition.objects.get(article=article)
        assert (transition.user, transition.from_status, transition.to_status) == (user, start, end)
        assert article.edited_by == user
    else:
        with pytest.raises(NotAllowed):
            call(step, service, article, user)
        article.refresh_from_db()
        assert article.status == start
        assert not ArticleTransition.objects.filter(article=article).exists()


EDITABLE = {
    ArticleStatus.DRAFT: {OWNER, EDITOR, CHIEF},
    ArticleStatus.REVIEW: {EDITOR, CHIEF},
    ArticleStatus.PUBLISHED: {EDITOR, CHIEF},
    ArticleStatus.UNPUBLISHED: {EDITOR, CHIEF},
}


@pytest.mark.parametrize("who", ACTORS)
@pytest.mark.parametrize("status", list(EDITABLE))
def test_who_may_edit_an_article_in_each_status(desk, status, who):
    article = article_in(status, desk["owner"])
    assert workflow.can_edit(actor(desk, who), article) is (who in EDITABLE[status])


def test_a_bylined_reporter_owns_the_draft_an_editor_started(desk):
    reporter = desk[OTHER_REPORTER]
    article = make_ready_article(created_by=desk[EDITOR])
    assert not workflow.can_edit(reporter, article)
    make_byline(article, make_author(user=reporter))
    article = Article.objects.get(pk=article.pk)
    assert workflow.can_edit(reporter, article)


def test_allowed_actions_follow_the_rules(desk):
    draft = article_in(ArticleStatus.DRAFT, desk["owner"])
    assert workflow.allowed_actions(desk["owner"], draft) == [workflow.SUBMIT]
    assert workflow.allowed_actions(desk[EDITOR], draft) == [workflow.SUBMIT, workflow.PUBLISH]
    review = article_in(ArticleStatus.REVIEW, desk["owner"])
    assert workflow.allowed_actions(desk["owner"], review) == []
    assert workflow.allowed_actions(desk[EDITOR], review) == [workflow.SEND_BACK, workflow.APPROVE]
    live = article_in(ArticleStatus.PUBLISHED, desk["owner"])
    assert workflow.allowed_actions(desk[CHIEF], live) == [workflow.UNPUBLISH]
    assert workflow.allowed_actions(desk[RESEARCHER], live) == []


@pytest.mark.parametrize(
    ("service", "status"),
    [
        (workflow.article_submit, ArticleStatus.REVIEW),
        (workflow.article_submit, ArticleStatus.PUBLISHED),
        (workflow.article_send_back, ArticleStatus.DRAFT),
        (workflow.article_approve, ArticleStatus.DRAFT),
        (workflow.article_unpublish, ArticleStatus.DRAFT),
        (workflow.article_unpublish, ArticleStatus.UNPUBLISHED),
        (workflow.article_publish, ArticleStatus.PUBLISHED),
    ],
)
def test_steps_from_the_wrong_status_are_refused_with_a_message(desk, service, status):
    article = article_in(status, desk["owner"])
    with pytest.raises(NotAllowed) as refusal:
        service(article=article, user=desk[CHIEF], note="Ghi chú")
    assert "trạng thái" in str(refusal.value) or "đang hiển thị" in str(refusal.value)
    article.refresh_from_db()
    assert article.status == status


def test_send_back_needs_a_note_and_the_reporter_sees_it(desk):
    article = article_in(ArticleStatus.REVIEW, desk["owner"])
    with pytest.raises(WorkflowError, match="lý do"):
        workflow.article_send_back(article=article, user=desk[EDITOR], note="   ")
    assert workflow.last_send_back(article) is None
    workflow.article_send_back(article=article, user=desk[EDITOR], note="Thiếu ảnh hội nghị.")
    assert article.status == ArticleStatus.DRAFT
    note = workflow.last_send_back(article)
    assert (note.note, note.user) == ("Thiếu ảnh hội nghị.", desk[EDITOR])
    # The draft is the reporter's again: they edit and resubmit it.
    assert workflow.can_edit(desk["owner"], article)
    workflow.article_submit(article=article, user=desk["owner"])
    assert article.status == ArticleStatus.REVIEW
    assert workflow.last_send_back(article) is None


def test_readiness_lists_everything_missing_at_once(desk):
    article = make_ready_article(created_by=desk["owner"], lead="", section=None)
    Article.objects.filter(pk=article.pk).update(section=None)
    article.refresh_from_db()
    article.bylines.all().delete()
    make_article_photo(article, photo=make_photo(alt_text=""), caption=" ")
    article.featured_photo = make_photo(alt_text="")
    article.save()
    problems = workflow.readiness_problems(article)
    assert problems == [
        "Chưa có sapo.",
        "Chưa chọn chuyên mục.",
        "Chưa có tác giả (bút danh) nào.",
        "Ảnh thứ 2 trong bài chưa có chú thích.",
        "Ảnh thứ 2 trong bài chưa có mô tả thay thế (sửa trong thư viện ảnh).",
        "Ảnh đại diện chưa có mô tả thay thế (sửa trong thư viện ảnh).",
    ]
    with pytest.raises(NotReady) as refusal:
        workflow.article_publish(article=article, user=desk[EDITOR])
    assert refusal.value.problems == problems
    for problem in problems:
        assert problem in str(refusal.value)
    article.refresh_from_db()
    assert article.status == ArticleStatus.DRAFT


def test_readiness_of_a_complete_article_and_of_an_untitled_one(desk):
    article = make_ready_article(created_by=desk["owner"])
    assert workflow.readiness_problems(article) == []
    article.title = ""
    assert workflow.readiness_problems(article) == ["Chưa có tiêu đề."]


def test_approving_checks_readiness_too(desk):
    article = article_in(ArticleStatus.REVIEW, desk["owner"])
    article.bylines.all().delete()
    with pytest.raises(NotReady, match="tác giả"):
        workflow.article_approve(article=article, user=desk[EDITOR])


def test_a_scheduled_article_appears_at_its_time_without_any_job(client, desk):
    article = make_ready_article(created_by=desk["owner"])
    at = timezone.now() + timedelta(hours=2)
    workflow.article_publish(article=article, user=desk[EDITOR], at=at)
    assert article.status == ArticleStatus.PUBLISHED and article.published_at == at
    assert article.is_scheduled and not article.is_live
    assert not Article.objects.published().filter(pk=article.pk).exists()
    assert Article.objects.scheduled().filter(pk=article.pk).exists()
    assert client.get(article.get_absolute_url()).status_code == 404
    transition = ArticleTransition.objects.get(article=article)
    assert transition.to_status == ArticleStatus.PUBLISHED
    # Time passes: the moment is now a minute ago, and nothing else has to happen.
    Article.objects.filter(pk=article.pk).update(published_at=timezone.now() - timedelta(minutes=1))
    assert Article.objects.published().filter(pk=article.pk).exists()
    assert client.get(article.get_absolute_url()).status_code == 200


def test_a_scheduled_article_can_be_retimed_but_a_live_one_cannot(desk):
    article = make_ready_article(created_by=desk["owner"])
    workflow.article_publish(
        article=article, user=desk[EDITOR], at=timezone.now() + timedelta(hours=2)
    )
    sooner = timezone.now() + timedelta(minutes=30)
    workflow.article_publish(article=article, user=desk[EDITOR], at=sooner)
    assert article.published_at == sooner
    workflow.article_publish(article=article, user=desk[EDITOR])
    assert article.is_live
    with pytest.raises(NotAllowed, match="gỡ bài trước"):
        workflow.article_publish(
            article=article, user=desk[EDITOR], at=timezone.now() + timedelta(hours=1)
        )


def test_every_step_is_recorded_in_order_with_its_note(desk):
    article = make_ready_article(created_by=desk["owner"])
    workflow.article_submit(article=article, user=desk["owner"], note="Nhờ anh xem giúp")
    workflow.article_send_back(article=article, user=desk[EDITOR], note="Sửa sapo")
    workflow.article_submit(article=article, user=desk["owner"])
    workflow.article_approve(article=article, user=desk[EDITOR])
    workflow.article_unpublish(article=article, user=desk[CHIEF], note="Đính chính")
    steps = list(
        ArticleTransition.objects.filter(article=article)
        .order_by("created_at", "pk")
        .values_list("from_status", "to_status", "user__username", "note")
    )
    owner, editor, chief = desk["owner"].username, desk[EDITOR].username, desk[CHIEF].username
    assert steps == [
        ("draft", "review", owner, "Nhờ anh xem giúp"),
        ("review", "draft", editor, "Sửa sapo"),
        ("draft", "review", owner, ""),
        ("review", "published", editor, ""),
        ("published", "unpublished", chief, "Đính chính"),
    ]
    assert article.version == 6  # each step moves the version: open forms will notice


def test_each_step_keeps_a_revision_with_its_user(desk):
    article = make_ready_article(created_by=desk["owner"])
    workflow.article_submit(article=article, user=desk["owner"])
    version = Version.objects.get_for_object(article).select_related("revision").first()
    assert version.revision.user == desk["owner"]
    assert version.revision.comment == "Gửi duyệt"
    assert version.field_dict["status"] == ArticleStatus.REVIEW


def test_an_inactive_editor_can_do_nothing(desk):
    editor = desk[EDITOR]
    editor.is_active = False
    editor.save()
    article = article_in(ArticleStatus.REVIEW, desk["owner"])
    with pytest.raises(NotAllowed):
        workflow.article_approve(article=article, user=editor)


def test_a_superuser_may_take_every_step():
    boss = make_user(is_superuser=True)
    article = make_ready_article()
    workflow.article_publish(article=article, user=boss)
    assert article.is_live


def test_an_unknown_step_is_refused():
    with pytest.raises(WorkflowError, match="không hợp lệ"):
        workflow.perform("delete_everything", article=make_ready_article(), user=make_user())
