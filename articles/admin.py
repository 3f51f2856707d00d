from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import IS_POPUP_VAR
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import smart_split, unescape_string_literal
from taggit.models import Tag as TaggitTag

from newsroom.text import fold
from people.models import Person

from .images import PhotoImageField
from .models import (
    Article,
    ArticlePhoto,
    ArticleTransition,
    Byline,
    OrganizationMention,
    PersonMention,
    Photo,
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


@admin.register(Photo)
class PhotoAdmin(admin.ModelAdmin):
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

    @admin.action(description="Tạo các bản thu nhỏ còn thiếu")
    def make_missing_renditions(self, request, queryset):
        self._renditions_action(request, queryset, replace=False)

    @admin.action(description="Tạo lại toàn bộ bản thu nhỏ")
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
