from django.contrib import admin, messages
from django.core.exceptions import ValidationError

from . import linking
from .models import (
    Article,
    ArticlePhoto,
    ArticleTransition,
    Byline,
    MentionProposal,
    OrganizationMention,
    PersonMention,
    Photo,
    ProposalStatus,
    Section,
)


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "order", "is_active"]
    list_editable = ["order", "is_active"]
    search_fields = ["name"]


class BylineInline(admin.TabularInline):
    model = Byline
    fields = ["author", "role", "order"]
    autocomplete_fields = ["author"]
    extra = 1


class ArticlePhotoInline(admin.StackedInline):
    model = ArticlePhoto
    fields = ["photo", "caption", "credit", "people", "order"]
    autocomplete_fields = ["photo", "people"]
    extra = 0


class PersonMentionInline(admin.TabularInline):
    model = PersonMention
    fields = ["person", "positions", "confirmed", "origin", "field", "span_text"]
    readonly_fields = ["origin", "field", "span_text"]
    autocomplete_fields = ["person", "positions"]
    extra = 0


class OrganizationMentionInline(admin.TabularInline):
    model = OrganizationMention
    fields = ["organization", "confirmed", "origin", "field", "span_text"]
    readonly_fields = ["origin", "field", "span_text"]
    autocomplete_fields = ["organization"]
    extra = 0


class ArticleTransitionInline(admin.TabularInline):
    model = ArticleTransition
    fields = ["created_at", "user", "from_status", "to_status", "note"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "status", "section", "published_at", "edited_by", "updated_at"]
    list_filter = ["status", "section", "published_at"]
    search_fields = ["title", "lead", "search_document"]
    autocomplete_fields = ["section", "featured_photo", "related_articles"]
    readonly_fields = ["slug", "created_by", "edited_by", "created_at", "updated_at", "version"]
    list_select_related = ["section", "edited_by"]
    date_hierarchy = "published_at"
    inlines = [
        BylineInline,
        ArticlePhotoInline,
        PersonMentionInline,
        OrganizationMentionInline,
        ArticleTransitionInline,
    ]
    fieldsets = [
        (None, {"fields": ["title", "dateline_code", "lead", "body", "source_line"]}),
        ("Xuất bản", {"fields": ["section", "status", "published_at", "tags", "featured_photo"]}),
        ("Liên quan", {"fields": ["related_articles"]}),
        (
            "Thông tin",
            {"fields": ["slug", "created_by", "edited_by", "created_at", "updated_at", "version"]},
        ),
    ]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        obj.edited_by = request.user
        super().save_model(request, obj, form, change)

    actions = ["detect_mentions"]

    @admin.action(description="Phát hiện nhân vật, tổ chức", permissions=["change"])
    def detect_mentions(self, request, queryset):
        people = organizations = proposals = 0
        for article in queryset:
            report = linking.article_detect_mentions(article=article)
            people += report.people_created
            organizations += report.organizations_created
            proposals += report.proposals
        self.message_user(
            request,
            f"Đã phát hiện trong {queryset.count()} bài: {people} nhân vật mới, "
            f"{organizations} tổ chức mới, {proposals} đề xuất (chờ xác nhận).",
            messages.SUCCESS,
        )


class MentionReviewMixin:
    """Confirm or reject detected links in bulk."""

    actions = ["confirm_mentions", "reject_mentions"]

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
class PhotoAdmin(admin.ModelAdmin):
    list_display = ["__str__", "credit", "width", "height", "uploaded_at"]
    search_fields = ["caption", "credit", "alt_text", "search_text"]
    readonly_fields = ["width", "height", "uploaded_by", "uploaded_at"]
    list_filter = ["uploaded_at"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)


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
