"""Search pages: the staff search behind login (/tra-cuu/) and the readers' search (/tim-kiem/)."""

import csv

from django.conf import settings
from django.contrib import admin
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.http import JsonResponse, StreamingHttpResponse
from django.shortcuts import redirect
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView

from .search import (
    Order,
    SearchCriteria,
    iter_results,
    search_articles,
    suggest_organizations,
    suggest_people,
)
from .search_forms import PublicSearchForm, StaffSearchForm


def _page_number(request) -> int:
    try:
        return max(int(request.GET.get("page", 1)), 1)
    except (TypeError, ValueError):
        return 1


class StaffSearchAccess(LoginRequiredMixin, PermissionRequiredMixin):
    """Researchers and above: a permission, not a role name; superusers pass. Anonymous
    visitors go to the admin login; a signed-in user without the permission gets 403."""

    permission_required = "articles.view_staff_search"
    login_url = reverse_lazy("admin:login")


class StaffSearchView(StaffSearchAccess, TemplateView):
    template_name = "search/staff_search.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(admin.site.each_context(self.request))
        context["title"] = "Tra cứu bài viết"
        # A researcher may see no admin model at all: no empty sidebar then.
        context["is_nav_sidebar_enabled"] = bool(context.get("available_apps"))
        form = StaffSearchForm(self.request.GET or None)
        context["form"] = form
        if form.is_bound and form.is_valid():
            criteria = form.criteria()
            context["criteria"] = criteria
            context["notices"] = notices = []
            if criteria.text_ignored:
                notices.append("Từ khóa không có chữ hoặc số nào nên đã được bỏ qua.")
            if criteria.is_empty:
                notices.append("Hãy nhập từ khóa hoặc chọn ít nhất một điều kiện.")
            else:
                context["page"] = search_articles(criteria, page=_page_number(self.request))
                context["export_url"] = (
                    reverse("search:staff_export") + "?" + self.request.GET.urlencode()
                )
        return context


class _Echo:
    """A file-like object whose write() hands the line back, for streaming csv.writer."""

    def write(self, value):
        return value


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value) -> str:
    """Text for a spreadsheet cell; a leading formula character is neutralized."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%d/%m/%Y %H:%M") if moment else ""


def csv_lines(criteria: SearchCriteria):
    """The whole result as CSV lines, a UTF-8 byte order mark first (Excel reads Vietnamese)."""
    writer = csv.writer(_Echo())
    yield "\ufeff"
    header = ["Mã bài", "Ngày xuất bản", "Tiêu đề", "Chuyên mục", "Trạng thái", "Tác giả"]
    if criteria.person:
        header.append("Chức vụ được nêu")
    header.append("Đường dẫn")
    yield writer.writerow(header)
    site = settings.SITE_URL.rstrip("/")
    for row in iter_results(criteria):
        article = row.article
        url = (
            article.get_absolute_url()
            if article.is_live
            else reverse("admin:articles_article_change", args=[article.pk])
        )
        line = [
            article.pk,
            _local(article.published_at),
            article.title,
            article.section.name if article.section else "",
            article.get_status_display(),
            ", ".join(byline.author.name for byline in article.bylines.all()),
        ]
        if criteria.person:
            line.append(row.positions_label)
        line.append(site + url)
        yield writer.writerow([_cell(value) for value in line])


class StaffSearchExportView(StaffSearchAccess, View):
    def get(self, request):
        form = StaffSearchForm(request.GET)
        if not form.is_valid() or form.criteria().is_empty:
            return redirect(reverse("search:staff_search") + "?" + request.GET.urlencode())
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        response = StreamingHttpResponse(
            csv_lines(form.criteria()), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="tra-cuu-{stamp}.csv"'
        response["Cache-Control"] = "no-store"
        return response


def _term(request) -> str:
    return request.GET.get("term") or request.GET.get("q") or ""


class PersonAutocompleteView(StaffSearchAccess, View):
    """select2's JSON: people whose name or alias matches what was typed, folded."""

    def get(self, request):
        results = []
        for person in suggest_people(_term(request)):
            positions = ", ".join(str(position) for position in person.current_positions)
            text = f"{person.full_name} – {positions}" if positions else person.full_name
            results.append({"id": str(person.pk), "text": text})
        return JsonResponse({"results": results, "pagination": {"more": False}})


class OrganizationAutocompleteView(StaffSearchAccess, View):
    def get(self, request):
        results = []
        for organization in suggest_organizations(_term(request)):
            text = organization.name
            if organization.abbreviation:
                text += f" ({organization.abbreviation})"
            if organization.dissolved_on:
                text += f" – đến {organization.dissolved_on:%d/%m/%Y}"
            results.append({"id": str(organization.pk), "text": text})
        return JsonResponse({"results": results, "pagination": {"more": False}})


class PublicSearchView(TemplateView):
    """Readers' search: the same engine, published articles only."""

    template_name = "search/public_search.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = PublicSearchForm(self.request.GET or None)
        context["form"] = form
        if form.is_bound and form.is_valid() and form.cleaned_data["q"]:
            criteria = form.criteria(published_only=True)
            context["criteria"] = criteria
            if criteria.text_ignored:
                context["notice"] = "Từ khóa không có chữ hoặc số nào để tìm."
            else:
                context["page"] = search_articles(criteria, page=_page_number(self.request))
        context["orders"] = Order.CHOICES
        return context
