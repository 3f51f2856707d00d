"""Search URLs, namespace ``search``: the readers' search and the staff search behind login."""

from django.urls import path

from . import search_views as views

app_name = "search"

urlpatterns = [
    path("tim-kiem/", views.PublicSearchView.as_view(), name="public"),
    path("tra-cuu/", views.StaffSearchView.as_view(), name="staff_search"),
    path("tra-cuu/xuat-csv/", views.StaffSearchExportView.as_view(), name="staff_export"),
    path(
        "tra-cuu/goi-y/nhan-vat/",
        views.PersonAutocompleteView.as_view(),
        name="person_autocomplete",
    ),
    path(
        "tra-cuu/goi-y/to-chuc/",
        views.OrganizationAutocompleteView.as_view(),
        name="organization_autocomplete",
    ),
]
