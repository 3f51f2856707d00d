from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import IS_POPUP_VAR
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import smart_split, unescape_string_literal
from reversion.admin import VersionAdmin
from reversion.models import Version
from taggit.models import Tag as TaggitTag

import people.admin  # noqa: F401  (Person and Author registered before their image field is set)
from newsroom.html import sanitize_html
from newsroom.media_writes import MediaWriteErrorAdmin
from newsroom.text import fold
from newsroom.utils import unique_slug
from people.models import Author, Person

from . import linking, workflow
from .desk import ArticleAdminForm, AuthorFilter, DeskFilter
from .images import PhotoImageField
from .models import (
    Article,
    ArticlePhoto,
    ArticleStatus,
    ArticleTransition,
    Byline,
    MentionProposal,
    OrganizationMention,
    PersonMention,
    Photo,
    ProposalStatus,
    Rendition,
    RenditionFormat,
    Section,
    Tag,
)
from .photos import (
    METADATA_FIELDS,
    photo_delete,
    photo_make_renditions,
    photo_save,
    rendition_for,
)
from .presence import PING_SECONDS, presence_leave, presence_others, presence_touch
from .revisions import (
    article_restore,
    compare_with_current,
    ensure_baseline,
    history_entries,
    register_models,
)

# Before ArticleAdmin is built: VersionAdmin would otherwise register Article its own way.
register_models()


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "order", "is_active"]
    list_editable = ["order", "is_active"]
    search_fields = ["name"]

    def get_search_results(self, request, queryset, search_term):
        """Fold like every other lookup of the desk: "xa hoi" finds "Xã hội". A paper has a
        few dozen sections, so they are folded here rather than in a stored column."""
        words = fold(search_term).split()
        if not words:
            return queryset, False
        found = [
            section.pk
            for section in queryset.only("pk", "name")
            if all(word in fold(section.name) for word in words)
        ]
        return queryset.filter(pk__in=found), False


class ArticlePartInline:
    """Rows an article owns (bylines, captions, mentions): editable exactly when it is."""

    def _article_editable(self, request, obj) -> bool:
        return obj is None or workflow.can_edit(request.user, obj)

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and self._article_editable(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._article_editable(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._article_editable(request, obj)


class BylineInline(ArticlePartInline, admin.TabularInline):
    model = Byline
    fields = ["author", "role", "order"]
    autocomplete_fields = ["author"]
    extra = 1

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("author")


class ArticlePhotoInline(ArticlePartInline, admin.StackedInline):
    model = ArticlePhoto
    fields = ["photo", "thumbnail", "caption", "credit", "people", "order"]
    readonly_fields = ["thumbnail"]
    autocomplete_fields = ["photo", "people"]
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("photo").prefetch_related("people")

    @admin.display(description="xem ảnh")
    def thumbnail(self, obj):
        if obj is None or not obj.photo_id or not obj.photo.image:
            return "—"
        return format_html(
            '<img src="{}" alt="{}" class="article-photo-thumb">',
            obj.photo.image.url,
            obj.photo.alt_text,
        )


class TypedMentionMixin:
    """A mention an editor types is a confirmation: new rows start ticked. Detected ones
    are stored unconfirmed by articles/linking.py and keep their own value here."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "confirmed":
            kwargs["initial"] = True
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class PersonMentionInline(TypedMentionMixin, ArticlePartInline, admin.TabularInline):
    model = PersonMention
    fields = ["person", "positions", "confirmed", "origin", "field", "span_text"]
    readonly_fields = ["origin", "field", "span_text"]
    autocomplete_fields = ["person", "positions"]
    extra = 0


class OrganizationMentionInline(TypedMentionMixin, ArticlePartInline, admin.TabularInline):
    model = OrganizationMention
    fields = ["organization", "confirmed", "origin", "field", "span_text"]
    readonly_fields = ["origin", "field", "span_text"]
    autocomplete_fields = ["organization"]
    extra = 0


class ArticleTransitionInline(admin.TabularInline):
    model = ArticleTransition
    fields = ["created_at", "actor", "from_status", "to_status", "note"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="người thực hiện")
    def actor(self, obj):
        return obj.user.get_full_name() or obj.user.get_username() if obj.user else "—"


_DONE = {
    workflow.SUBMIT: "đã gửi duyệt",
    workflow.SEND_BACK: "đã trả lại phóng viên",
    workflow.APPROVE: "đã duyệt và xuất bản",
    workflow.PUBLISH: "đã xuất bản",
    workflow.UNPUBLISH: "đã gỡ khỏi trang",
}


@admin.register(Article)
class ArticleAdmin(VersionAdmin):
    """The desk: write, review and publish; every rule is asked of articles/workflow.py."""

    form = ArticleAdminForm
    change_form_template = "admin/articles/article/change_form.html"
    change_list_template = "admin/articles/article/change_list.html"
    object_history_template = "admin/articles/article/object_history.html"
    revision_template = "admin/articles/article/revision.html"
    recover_form_template = change_form_template
    list_display = [
        "title",
        "status_badge",
        "section",
        "byline_names",
        "published_at",
        "edited_by",
        "updated_at",
    ]
    list_filter = [DeskFilter, "status", "section", AuthorFilter, "published_at", "updated_at"]
    search_fields = ["search_document"]
    search_help_text = "Tìm trong tiêu đề, sapo và nội dung; gõ có dấu hay không dấu đều được."
    autocomplete_fields = ["section", "featured_photo", "related_articles"]
    readonly_fields = [
        "slug",
        "rendered_body",
        "status",
        "published_at",
        "created_by",
        "edited_by",
        "created_at",
        "updated_at",
        "version",
    ]
    list_select_related = ["section", "edited_by"]
    date_hierarchy = "published_at"
    list_per_page = 50
    show_full_result_count = False  # one COUNT(*) per page, not two, on a large archive
    show_facets = admin.ShowFacets.NEVER  # a COUNT per filter choice: too dear for the desk
    actions = ["publish_selected", "unpublish_selected", "detect_mentions"]
    inlines = [
        BylineInline,
        ArticlePhotoInline,
        PersonMentionInline,
        OrganizationMentionInline,
        ArticleTransitionInline,
    ]
    fieldsets = [
        (None, {"fields": ["title", "slug", "dateline_code", "lead", "body", "source_line"]}),
        ("Xuất bản", {"fields": ["section", "tags", "featured_photo", "status", "published_at"]}),
        ("Liên quan", {"fields": ["related_articles"], "classes": ["collapse"]}),
        (
            "Thông tin",
            {
                "fields": ["created_by", "edited_by", "created_at", "updated_at", "version"],
                "classes": ["collapse"],
            },
        ),
    ]

    class Media:
        css = {"all": ["editorial/desk.css"]}
        js = ["editorial/article_form.js"]

    # ------------------------------------------------------------------ the list

    def get_queryset(self, request):
        bylines = Byline.objects.select_related("author").order_by("order", "pk")
        return super().get_queryset(request).prefetch_related(Prefetch("bylines", bylines))

    def get_search_results(self, request, queryset, search_term):
        """Fold the query like the stored search_document: "hoi nghi" finds "Hội nghị"."""
        words = fold(search_term).split()
        if not words:
            return queryset, False
        for word in words:
            queryset = queryset.filter(search_document__contains=word)
        return queryset, False

    @admin.display(description="trạng thái", ordering="status")
    def status_badge(self, obj):
        if obj.is_scheduled:
            return format_html(
                '<span class="status-badge status-scheduled">Hẹn giờ {}</span>',
                obj.published_at.astimezone().strftime("%H:%M %d/%m"),
            )
        return format_html(
            '<span class="status-badge status-{}">{}</span>', obj.status, obj.get_status_display()
        )

    @admin.display(description="tác giả")
    def byline_names(self, obj):
        return " – ".join(byline.author.name for byline in obj.bylines.all())

    def changelist_view(self, request, extra_context=None):
        # Not VersionAdmin's: it wraps the page in one revision, which would merge the
        # revisions of every article a bulk action touches. Each service keeps its own.
        context = {"has_change_permission": self.has_change_permission(request)}
        return admin.ModelAdmin.changelist_view(self, request, {**context, **(extra_context or {})})

    def has_publish_permission(self, request):
        return request.user.has_perm("articles.publish_article")

    def _bulk(self, request, queryset, action: str) -> None:
        done, refusals = 0, []
        for article in queryset.order_by("pk"):
            step = action
            if action == workflow.PUBLISH and article.status == ArticleStatus.REVIEW:
                step = workflow.APPROVE
            try:
                workflow.perform(step, article=article, user=request.user)
            except workflow.WorkflowError as error:
                refusals.append(f"«{article.title}»: {error}")
            else:
                done += 1
        if done:
            self.message_user(request, f"{done} bài {_DONE[action]}.", messages.SUCCESS)
        for refusal in refusals:
            self.message_user(request, refusal, messages.WARNING)

    @admin.action(description="Xuất bản các bài đã chọn", permissions=["publish"])
    def publish_selected(self, request, queryset):
        self._bulk(request, queryset, workflow.PUBLISH)

    @admin.action(description="Gỡ các bài đã chọn khỏi trang", permissions=["publish"])
    def unpublish_selected(self, request, queryset):
        self._bulk(request, queryset, workflow.UNPUBLISH)

    @admin.action(description="Phát hiện nhân vật, tổ chức", permissions=["change"])
    def detect_mentions(self, request, queryset):
        people = organizations = proposals = 0
        articles = list(queryset)
        refused = [a for a in articles if not workflow.can_edit(request.user, a)]
        for article in refused:
            self.message_user(
                request, f"«{article.title}»: bạn không có quyền sửa bài này.", messages.WARNING
            )
        articles = [a for a in articles if a not in refused]
        for article in articles:
            report = linking.article_detect_mentions(article=article)
            people += report.people_created
            organizations += report.organizations_created
            proposals += report.proposals
        self.message_user(
            request,
            f"Đã phát hiện trong {len(articles)} bài: {people} nhân vật mới, "
            f"{organizations} tổ chức mới, {proposals} đề xuất (chờ xác nhận).",
            messages.SUCCESS,
        )

    # ------------------------------------------------------------------ one article

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or workflow.can_edit(request.user, obj)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or self.has_change_permission(request, obj):
            return fieldsets
        # Read-only: show the body as it reads, not as HTML source.
        return [
            (
                name,
                {
                    **options,
                    "fields": ["rendered_body" if f == "body" else f for f in options["fields"]],
                },
            )
            for name, options in fieldsets
        ]

    @admin.display(description="nội dung")
    def rendered_body(self, obj):
        return mark_safe(sanitize_html(obj.body))  # sanitized just now

    def _desk_context(self, request, article: Article | None) -> dict:
        user = request.user
        context = {
            "slug_url": reverse("admin:articles_article_slug"),
            "slug_follows": article is None or article.published_at is None,
            "presence_ping_ms": PING_SECONDS * 1000,
        }
        if article is None:
            actions = [workflow.SUBMIT]
            if user.has_perm("articles.publish_article"):
                actions.append(workflow.PUBLISH)
        else:
            actions = workflow.allowed_actions(user, article)
            context.update(
                {
                    "readiness": workflow.readiness_problems(article),
                    "sent_back": workflow.last_send_back(article),
                    "editing_others": presence_others(article_id=article.pk, user=user),
                    "presence_url": reverse("admin:articles_article_presence", args=[article.pk]),
                    "preview_url": reverse("articles:preview", args=[article.pk]),
                    "history_url": reverse("admin:articles_article_history", args=[article.pk]),
                }
            )
        context["workflow_actions"] = [(a, workflow.BUTTON_LABELS[a]) for a in actions]
        context["workflow_can_publish"] = bool({workflow.PUBLISH, workflow.APPROVE} & set(actions))
        return context

    def add_view(self, request, form_url="", extra_context=None):
        context = {**self._desk_context(request, None), **(extra_context or {})}
        return super().add_view(request, form_url, context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        article = self.get_object(request, unquote(object_id))
        context = dict(extra_context or {})
        if article is not None:
            if request.method == "GET" and workflow.can_edit(request.user, article):
                presence_touch(article_id=article.pk, user=request.user)
                ensure_baseline(article)
            context = {**self._desk_context(request, article), **context}
        return super().change_view(request, object_id, form_url, context)

    def save_model(self, request, obj, form, change):
        if change:
            # The form locked the row and checked its version (articles/concurrency.py).
            obj.version = form.locked.version + 1
            if "title" in form.changed_data and obj.published_at is None:
                obj.slug = ""  # never published: the address still follows the title
        else:
            obj.created_by = request.user
            obj.status = ArticleStatus.DRAFT
            obj.published_at = None
        obj.edited_by = request.user
        super().save_model(request, obj, form, change)
        request.editorial_form = form

    def _workflow_response(self, request, obj):
        """After a save with a workflow button: take the step, report, stay on the article."""
        action = request.POST.get("_workflow", "")
        form = request.editorial_form
        try:
            workflow.perform(
                action,
                article=obj,
                user=request.user,
                note=form.cleaned_data.get("workflow_note") or "",
                at=form.cleaned_data.get("workflow_publish_at"),
            )
        except workflow.WorkflowError as error:
            label = workflow.ACTION_LABELS.get(action, action)
            self.message_user(
                request, f"Đã lưu bài «{obj}», nhưng chưa thể “{label}”. {error}", messages.ERROR
            )
        else:
            done = _DONE[action]
            if obj.is_scheduled:
                done = f"đã hẹn giờ xuất bản lúc {obj.published_at.astimezone():%H:%M %d/%m/%Y}"
            self.message_user(request, f"Bài «{obj}» {done}.", messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:articles_article_change", args=[obj.pk]))

    def response_add(self, request, obj, post_url_continue=None):
        if request.POST.get("_workflow") and not self.is_popup(request):
            return self._workflow_response(request, obj)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        if request.POST.get("_workflow") and not self.is_popup(request):
            return self._workflow_response(request, obj)
        return super().response_change(request, obj)

    @staticmethod
    def is_popup(request) -> bool:
        return "_popup" in request.POST

    # ------------------------------------------------------------------ history

    def history_view(self, request, object_id, extra_context=None):
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404("Không có bài viết này.")
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        request.current_app = self.admin_site.name
        context = {
            **self.admin_site.each_context(request),
            "title": f"Lịch sử thay đổi: {article}",
            "subtitle": None,
            "opts": self.model._meta,
            "original": article,
            "entries": history_entries(article),
            "can_restore": workflow.can_edit(request.user, article),
            **(extra_context or {}),
        }
        return TemplateResponse(request, self.object_history_template, context)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        """GET: what this version would bring back. POST: restore it, as a new version."""
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404("Không có bài viết này.")
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        version = get_object_or_404(
            Version.objects.get_for_object(article).select_related("revision__user"),
            pk=version_id,
        )
        if request.method == "POST":
            if not workflow.can_edit(request.user, article):
                raise PermissionDenied
            try:
                article_restore(article=article, version=version, user=request.user)
            except workflow.WorkflowError as error:
                self.message_user(request, str(error), messages.ERROR)
                return HttpResponseRedirect(
                    reverse("admin:articles_article_history", args=[article.pk])
                )
            self.message_user(
                request,
                f"Đã khôi phục phiên bản lúc "
                f"{version.revision.date_created.astimezone():%H:%M %d/%m/%Y}; "
                "bản đang có trước đó vẫn được giữ trong lịch sử.",
                messages.SUCCESS,
            )
            return HttpResponseRedirect(reverse("admin:articles_article_change", args=[article.pk]))
        request.current_app = self.admin_site.name
        context = {
            **self.admin_site.each_context(request),
            "title": f"Phiên bản lúc {version.revision.date_created.astimezone():%H:%M %d/%m/%Y}",
            "subtitle": None,
            "opts": self.model._meta,
            "original": article,
            "version": version,
            "version_data": version.field_dict,
            "diffs": compare_with_current(article, version),
            "can_restore": workflow.can_edit(request.user, article),
            **(extra_context or {}),
        }
        return TemplateResponse(request, self.revision_template, context)

    def recoverlist_view(self, request, extra_context=None):
        # A recovered article comes back with its old status: only who may delete may undo.
        if not self.has_delete_permission(request):
            raise PermissionDenied
        return super().recoverlist_view(request, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        if not self.has_delete_permission(request):
            raise PermissionDenied
        return super().recover_view(request, version_id, extra_context)

    # ------------------------------------------------------------------ small endpoints

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("slug/", view(self.slug_view), name="articles_article_slug"),
            path(
                "<path:object_id>/presence/",
                view(self.presence_view),
                name="articles_article_presence",
            ),
            *super().get_urls(),
        ]

    def slug_view(self, request):
        """The address a title would get, for the form to show while the title is typed."""
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        try:
            exclude_pk = int(request.GET.get("pk") or 0) or None
        except ValueError:
            exclude_pk = None
        title = request.GET.get("title", "")[:300]
        return JsonResponse(
            {"slug": unique_slug(Article, title, exclude_pk=exclude_pk, max_length=180)}
        )

    def presence_view(self, request, object_id):
        """The page's ping: "I still have it open" (or "I left"); answers who else has."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self.get_object(request, unquote(object_id))
        if article is None or not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        if request.POST.get("leave"):
            presence_leave(article_id=article.pk, user=request.user)
            return JsonResponse({"others": []})
        if workflow.can_edit(request.user, article):
            presence_touch(article_id=article.pk, user=request.user)
        return JsonResponse({"others": presence_others(article_id=article.pk, user=request.user)})


class PhotoAdminForm(forms.ModelForm):
    image = PhotoImageField(label="Tệp ảnh")

    class Meta:
        model = Photo
        fields = ["image", "alt_text", "caption", "credit", "taken_on"]


class PhotoUsageFilter(admin.SimpleListFilter):
    title = "sử dụng"
    parameter_name = "dung"

    def lookups(self, request, model_admin):
        return [("co", "Đã dùng trong bài"), ("chua", "Chưa dùng")]

    def queryset(self, request, queryset):
        used = Exists(ArticlePhoto.objects.filter(photo=OuterRef("pk")))
        if self.value() == "co":
            return queryset.filter(used)
        if self.value() == "chua":
            return queryset.filter(~used)
        return queryset


class PhotoAltTextFilter(admin.SimpleListFilter):
    title = "mô tả thay thế"
    parameter_name = "mo_ta"

    def lookups(self, request, model_admin):
        return [("co", "Đã có"), ("thieu", "Còn thiếu")]

    def queryset(self, request, queryset):
        if self.value() == "co":
            return queryset.exclude(alt_text="")
        if self.value() == "thieu":
            return queryset.filter(alt_text="")
        return queryset


class PhotoRenditionFilter(admin.SimpleListFilter):
    title = "bản thu nhỏ"
    parameter_name = "ban_nho"

    def lookups(self, request, model_admin):
        return [("co", "Đã tạo"), ("chua", "Chưa tạo")]

    def queryset(self, request, queryset):
        made = Exists(Rendition.objects.filter(photo=OuterRef("pk")))
        if self.value() == "co":
            return queryset.filter(made)
        if self.value() == "chua":
            return queryset.filter(~made)
        return queryset


class MentionReviewMixin:
    """The editors' queue of detected links: confirm or reject them in bulk. Reporters see it;
    they change the links of their own drafts in the article's inline, nowhere else."""

    actions = ["confirm_mentions", "reject_mentions"]

    @staticmethod
    def _reviews(request) -> bool:
        return request.user.has_perm("articles.edit_any_article")

    def has_add_permission(self, request):
        return super().has_add_permission(request) and self._reviews(request)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._reviews(request)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._reviews(request)

    @admin.action(description="Xác nhận liên kết đã chọn", permissions=["change"])
    def confirm_mentions(self, request, queryset):
        count = linking.mentions_confirm(queryset=queryset)
        self.message_user(request, f"Đã xác nhận {count} liên kết.", messages.SUCCESS)

    @admin.action(description="Bác bỏ liên kết đã chọn", permissions=["change"])
    def reject_mentions(self, request, queryset):
        count = linking.mentions_reject(queryset=queryset)
        self.message_user(request, f"Đã bác bỏ {count} liên kết.", messages.SUCCESS)


@admin.register(MentionProposal)
class MentionProposalAdmin(admin.ModelAdmin):
    list_display = ["full_name", "title", "organization_text", "article", "status", "created_at"]
    list_filter = ["status", "field"]
    search_fields = ["full_name", "title", "organization_text", "article__title"]
    autocomplete_fields = ["article", "person", "organization"]
    readonly_fields = ["field", "span_text", "span_start", "decided_by", "decided_at"]
    list_select_related = ["article"]
    actions = ["accept_proposals", "reject_proposals"]

    @admin.action(description="Chấp nhận: tạo nhân vật, chức vụ", permissions=["change"])
    def accept_proposals(self, request, queryset):
        accepted = 0
        for proposal in queryset.filter(status=ProposalStatus.PENDING):
            try:
                linking.proposal_accept(proposal=proposal, user=request.user)
            except (ValueError, ValidationError) as error:
                self.message_user(request, f"{proposal}: {error}", messages.ERROR)
                continue
            accepted += 1
        self.message_user(request, f"Đã chấp nhận {accepted} đề xuất.", messages.SUCCESS)

    @admin.action(description="Bác bỏ đề xuất đã chọn", permissions=["change"])
    def reject_proposals(self, request, queryset):
        count = linking.proposals_reject(queryset=queryset, user=request.user)
        self.message_user(request, f"Đã bác bỏ {count} đề xuất.", messages.SUCCESS)


@admin.register(Photo)
class PhotoAdmin(MediaWriteErrorAdmin, admin.ModelAdmin):
    """The photo library: thumbnails from stored renditions, fold-insensitive search over
    caption, credit, alt text and the people shown; a fixed number of queries per page."""

    form = PhotoAdminForm
    list_display = [
        "thumbnail", "label", "credit", "people_shown", "usage_count", "size",
        "taken_on", "uploaded_by", "uploaded_at",
    ]  # fmt: skip
    list_display_links = ["thumbnail", "label"]
    list_filter = [
        PhotoUsageFilter,
        PhotoAltTextFilter,
        PhotoRenditionFilter,
        "uploaded_at",
        "taken_on",
        ("uploaded_by", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["uploaded_by"]
    list_per_page = 50
    search_fields = ["search_text"]  # get_search_results() does the real work
    search_help_text = "Tìm theo chú thích, tác giả ảnh, mô tả thay thế hoặc tên người trong ảnh."
    date_hierarchy = "uploaded_at"
    readonly_fields = [
        "preview", "width", "height", "uploaded_by", "uploaded_at", "renditions_made", "used_in",
    ]  # fmt: skip
    fieldsets = [
        (None, {"fields": ["image", "preview", "alt_text", "caption", "credit", "taken_on"]}),
        (
            "Thông tin tệp",
            {"fields": ["width", "height", "uploaded_by", "uploaded_at", "renditions_made"]},
        ),
        ("Dùng trong bài", {"fields": ["used_in"]}),
    ]
    actions = ["make_missing_renditions", "remake_renditions"]

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or workflow.can_edit_photo(request.user, obj)

    def get_fieldsets(self, request, obj=None):
        if obj is None:  # nothing to show about a file not yet uploaded
            return [(None, {"fields": ["image", "alt_text", "caption", "credit", "taken_on"]})]
        return super().get_fieldsets(request, obj)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related(
                Prefetch(
                    "renditions",
                    queryset=Rendition.objects.filter(format=RenditionFormat.JPEG).order_by(
                        "width"
                    ),
                    to_attr="jpeg_renditions",
                ),
                Prefetch(
                    "usages",
                    queryset=ArticlePhoto.objects.only("pk", "photo_id").prefetch_related(
                        Prefetch("people", queryset=Person.objects.only("pk", "full_name"))
                    ),
                ),
            )
        )

    def get_search_results(self, request, queryset, search_term):
        """Every word (or "quoted phrase") must match, folded, in the photo's caption, credit
        or alt text, in a person shown in it, or in a caption it has in an article."""
        for bit in smart_split(search_term):
            if bit[:1] in {'"', "'"} and bit[-1:] == bit[:1]:
                bit = unescape_string_literal(bit)
            term = fold(bit)
            if not term:
                continue
            in_articles = ArticlePhoto.objects.filter(
                Q(people__search_name__contains=term)
                | Q(caption__icontains=bit)
                | Q(credit__icontains=bit)
            ).values("photo_id")
            queryset = queryset.filter(Q(search_text__contains=term) | Q(pk__in=in_articles))
        return queryset, False

    @admin.display(description="ảnh")
    def thumbnail(self, photo):
        renditions = getattr(photo, "jpeg_renditions", None)
        if renditions is None:  # a page that did not come through get_queryset()
            renditions = list(
                photo.renditions.filter(format=RenditionFormat.JPEG).order_by("width")
            )
        if not renditions:
            return format_html('<span class="help">{}</span>', "chưa có bản thu nhỏ")
        small = renditions[0]
        return format_html(
            '<img src="{}" width="96" height="{}" alt="" loading="lazy" decoding="async" '
            'style="object-fit:cover;max-height:96px">',
            small.file.url,
            max(1, round(small.height * 96 / small.width)),
        )

    @admin.display(description="chú thích", ordering="caption")
    def label(self, photo):
        return str(photo)

    @admin.display(description="người trong ảnh")
    def people_shown(self, photo):
        names = {person.full_name for usage in photo.usages.all() for person in usage.people.all()}
        return ", ".join(sorted(names)) or "—"

    @admin.display(description="số bài")
    def usage_count(self, photo):
        return len(photo.usages.all())

    @admin.display(description="kích thước", ordering="width")
    def size(self, photo):
        return f"{photo.width}×{photo.height}" if photo.width else "—"

    @admin.display(description="xem trước")
    def preview(self, photo):
        rendition = rendition_for(photo, 360) if photo.pk else None
        if rendition is None:
            return "chưa có bản thu nhỏ"
        return format_html(
            '<a href="{}" target="_blank" rel="noopener"><img src="{}" width="360" height="{}" '
            'alt=""></a><br><span class="help">Bấm vào ảnh để mở tệp gốc ({}×{}).</span>',
            photo.image.url,
            rendition.file.url,
            round(rendition.height * 360 / rendition.width),
            photo.width,
            photo.height,
        )

    @admin.display(description="bản thu nhỏ đã tạo")
    def renditions_made(self, photo):
        if not photo.pk:
            return "—"
        made = [f"{r.width}px {r.get_format_display()}" for r in photo.renditions.all()]
        return ", ".join(made) or "chưa có"

    @admin.display(description="bài dùng ảnh này")
    def used_in(self, photo):
        if not photo.pk:
            return "—"
        usages = (
            ArticlePhoto.objects.filter(photo=photo)
            .select_related("article")
            .prefetch_related("people")
        )
        rows = [
            format_html(
                '<li><a href="{}">{}</a>: {}{}</li>',
                reverse("admin:articles_article_change", args=[usage.article_id]),
                usage.article.title,
                usage.caption,
                format_html(" ({})", ", ".join(p.full_name for p in usage.people.all()))
                if usage.people.all()
                else "",
            )
            for usage in usages
        ]
        return format_html("<ul>{}</ul>", mark_safe("".join(rows))) if rows else "chưa dùng"

    def save_model(self, request, obj, form, change):
        upload = form.cleaned_data.get("image") if "image" in form.changed_data else None
        filled = photo_save(
            photo=obj, user=request.user, clean_image=getattr(upload, "clean_image", None)
        )
        if filled:
            sources = upload.clean_image.metadata.sources
            request._photo_prefilled = True
            self.message_user(
                request,
                "Đã điền sẵn từ siêu dữ liệu của ảnh: "
                + ", ".join(f"{METADATA_FIELDS[name]} (từ {sources[name]})" for name in filled)
                + ". Hãy kiểm tra lại.",
                messages.INFO,
            )

    def response_add(self, request, obj, post_url_continue=None):
        # Show the prefilled caption, credit and date in the form right after the upload.
        if getattr(request, "_photo_prefilled", False) and not (
            IS_POPUP_VAR in request.POST or "_addanother" in request.POST
        ):
            self.message_user(request, f"Đã thêm ảnh “{obj}”.", messages.SUCCESS)
            return HttpResponseRedirect(
                reverse(
                    "admin:articles_photo_change", args=[obj.pk], current_app=self.admin_site.name
                )
            )
        return super().response_add(request, obj, post_url_continue)

    def delete_model(self, request, obj):
        photo_delete(photo=obj)

    def delete_queryset(self, request, queryset):
        for photo in queryset:
            photo_delete(photo=photo)

    @admin.action(description="Tạo các bản thu nhỏ còn thiếu", permissions=["change"])
    def make_missing_renditions(self, request, queryset):
        self._renditions_action(request, queryset, replace=False)

    @admin.action(description="Tạo lại toàn bộ bản thu nhỏ", permissions=["change"])
    def remake_renditions(self, request, queryset):
        self._renditions_action(request, queryset, replace=True)

    def _renditions_action(self, request, queryset, *, replace):
        made, failed = 0, []
        for photo in queryset.prefetch_related(None).prefetch_related("renditions"):
            try:
                made += len(photo_make_renditions(photo=photo, replace=replace))
            except (OSError, ValidationError) as error:
                failed.append(f"{photo}: {error}")
        self.message_user(request, f"Đã tạo {made} bản thu nhỏ.", messages.SUCCESS)
        if failed:
            self.message_user(request, "Không tạo được cho: " + "; ".join(failed), messages.WARNING)


@admin.register(PersonMention)
class PersonMentionAdmin(MentionReviewMixin, admin.ModelAdmin):
    list_display = ["person", "article", "confirmed", "rejected", "origin", "field", "span_text"]
    list_filter = ["confirmed", "rejected", "origin", "field"]
    search_fields = ["person__full_name", "person__search_name", "article__title"]
    autocomplete_fields = ["article", "person", "positions"]
    list_select_related = ["person", "article"]


@admin.register(OrganizationMention)
class OrganizationMentionAdmin(MentionReviewMixin, admin.ModelAdmin):
    list_display = [
        "organization",
        "article",
        "confirmed",
        "rejected",
        "origin",
        "field",
        "span_text",
    ]
    list_filter = ["confirmed", "rejected", "origin", "field"]
    search_fields = ["organization__name", "organization__search_name", "article__title"]
    autocomplete_fields = ["article", "organization"]
    list_select_related = ["organization", "article"]


class NewsroomUserAdmin(UserAdmin):
    """Editors-in-chief manage accounts and roles, but cannot hand out superuser powers,
    nor change, delete or reset the password of a superuser's account (a takeover)."""

    @staticmethod
    def _out_of_reach(request, obj) -> bool:
        return obj is not None and obj.is_superuser and not request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not self._out_of_reach(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not self._out_of_reach(request, obj)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields += ["is_superuser", "user_permissions"]
        return fields


admin.site.unregister(get_user_model())
admin.site.register(get_user_model(), NewsroomUserAdmin)


# Portraits and pen-name photos are published like photos, so an upload passes the same check
# (JPEG, PNG or WebP; size and pixel limits; rebuilt without foreign data). people/ cannot
# import articles/, so the field is set here, where the whole admin is assembled.
for _model in (Person, Author):
    _model_admin = admin.site.get_model_admin(_model)
    _model_admin.formfield_overrides = {
        **_model_admin.formfield_overrides,
        models.ImageField: {"form_class": PhotoImageField, "help_text": "JPEG, PNG hoặc WebP."},
    }


# Articles use articles.Tag; taggit's own table stays empty, so hide it from editors.
if admin.site.is_registered(TaggitTag):
    admin.site.unregister(TaggitTag)


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
    readonly_fields = ["slug"]
