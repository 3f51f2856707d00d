from django.contrib import admin

from .models import Organization


class ChildOrganizationInline(admin.TabularInline):
    model = Organization
    fk_name = "parent"
    fields = ["name", "abbreviation", "kind", "level", "founded_on", "dissolved_on"]
    extra = 0
    show_change_link = True
    verbose_name = "tổ chức trực thuộc"
    verbose_name_plural = "tổ chức trực thuộc"


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["indented_name", "abbreviation", "kind", "level", "founded_on", "dissolved_on"]
    list_filter = ["kind", "level", ("dissolved_on", admin.EmptyFieldListFilter)]
    search_fields = ["name", "abbreviation", "aliases", "search_name"]
    autocomplete_fields = ["parent", "successor"]
    prepopulated_fields = {}
    readonly_fields = ["slug"]
    inlines = [ChildOrganizationInline]
    list_select_related = ["parent"]
    fieldsets = [
        (None, {"fields": ["name", "short_name", "abbreviation", "aliases", "kind", "level"]}),
        ("Vị trí trong hệ thống", {"fields": ["parent", "order"]}),
        ("Thời gian và kế tục", {"fields": ["founded_on", "dissolved_on", "successor"]}),
        ("Khác", {"fields": ["description", "slug"]}),
    ]

    @admin.display(description="tên", ordering="path")
    def indented_name(self, obj):
        return ("— " * obj.depth) + obj.name
