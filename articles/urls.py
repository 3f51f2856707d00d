from django.urls import path

from . import preview, views

app_name = "articles"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("nhan-vat/<slug:slug>/", views.PersonDetailView.as_view(), name="person"),
    path("to-chuc/<slug:slug>/", views.OrganizationDetailView.as_view(), name="organization"),
    path("tac-gia/<slug:slug>/", views.AuthorDetailView.as_view(), name="author"),
    path("chu-de/<slug:tag>/", views.TagView.as_view(), name="tag"),
    path("xem-truoc/<int:pk>/", preview.ArticlePreviewView.as_view(), name="preview"),
    path("<slug:section>/", views.SectionView.as_view(), name="section"),
    path(
        "<slug:section>/<slug:slug>-<int:pk>.html", views.ArticleDetailView.as_view(), name="detail"
    ),
]
