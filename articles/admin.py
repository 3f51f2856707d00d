from django.contrib import admin
from taggit.models import Tag as TaggitTag

from .models import (
    Article,
    ArticlePhoto,
    ArticleTransition,
    Byline,
    OrganizationMention,
    PersonMention,
    Photo,
    Section,
    Tag,
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
class PersonMentionAdmin(admin.ModelAdmin):
    list_display = ["person", "article", "confirmed", "origin", "field"]
    list_filter = ["confirmed", "origin", "field"]
    search_fields = ["person__full_name", "person__search_name", "article__title"]
    autocomplete_fields = ["article", "person", "positions"]
    list_select_related = ["person", "article"]


@admin.register(OrganizationMention)
class OrganizationMentionAdmin(admin.ModelAdmin):
    list_display = ["organization", "article", "confirmed", "origin", "field"]
    list_filter = ["confirmed", "origin", "field"]
    search_fields = ["organization__name", "organization__search_name", "article__title"]
    autocomplete_fields = ["article", "organization"]
    list_select_related = ["organization", "article"]


# Articles use articles.Tag; taggit's own table stays empty, so hide it from editors.
if admin.site.is_registered(TaggitTag):
    admin.site.unregister(TaggitTag)


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
    readonly_fields = ["slug"]
