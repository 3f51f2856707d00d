from django.contrib import admin

from newsroom.media_writes import MediaWriteErrorAdmin

from .models import Author, Person, Position


class PositionInline(admin.TabularInline):
    model = Position
    fields = ["title", "organization", "started_on", "ended_on", "term", "order"]
    autocomplete_fields = ["organization"]
    extra = 1


@admin.register(Person)
class PersonAdmin(MediaWriteErrorAdmin, admin.ModelAdmin):
    list_display = ["full_name", "birth_year", "updated_at"]
    search_fields = ["full_name", "aliases", "search_name"]
    readonly_fields = ["slug"]
    inlines = [PositionInline]
    fields = ["full_name", "aliases", "birth_year", "portrait", "bio", "slug"]


@admin.register(Position)
class PositionAdmin(admin.ModelAdmin):
    list_display = ["person", "title", "organization", "started_on", "ended_on", "term"]
    list_filter = ["organization__level", "term"]
    search_fields = [
        "person__full_name",
        "person__search_name",
        "title",
        "search_title",
        "organization__name",
    ]
    autocomplete_fields = ["person", "organization"]
    list_select_related = ["person", "organization"]
    date_hierarchy = "started_on"


@admin.register(Author)
class AuthorAdmin(MediaWriteErrorAdmin, admin.ModelAdmin):
    list_display = ["name", "user"]
    search_fields = ["name", "search_name"]
    autocomplete_fields = ["user"]
    readonly_fields = ["slug"]
    list_select_related = ["user"]
