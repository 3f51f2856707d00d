"""Public pages. Every queryset starts from ``Article.objects.published()``."""

from django.shortcuts import get_object_or_404, redirect
from django.views.generic import DetailView, ListView, TemplateView

from organizations.models import Organization
from people.models import Author, Person

from .models import Article, Section


class PublishedMixin:
    """What readers may see, with what a list row shows."""

    def published_articles(self):
        return Article.objects.published().for_list()


class HomeView(PublishedMixin, TemplateView):
    template_name = "articles/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["latest"] = self.published_articles()[:20]
        return context


class SectionView(PublishedMixin, ListView):
    template_name = "articles/article_list.html"
    paginate_by = 20

    def get_queryset(self):
        self.section = get_object_or_404(Section, slug=self.kwargs["section"], is_active=True)
        return self.published_articles().filter(section=self.section)

    def get_context_data(self, **kwargs):
        return super().get_context_data(heading=self.section.name, **kwargs)


class TagView(PublishedMixin, ListView):
    template_name = "articles/article_list.html"
    paginate_by = 20

    def get_queryset(self):
        return self.published_articles().filter(tags__slug=self.kwargs["tag"]).distinct()

    def get_context_data(self, **kwargs):
        return super().get_context_data(heading=f"Chủ đề: {self.kwargs['tag']}", **kwargs)


class ArticleDetailView(PublishedMixin, DetailView):
    template_name = "articles/article_detail.html"

    def get_queryset(self):
        return self.published_articles()

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if request.path != self.object.get_absolute_url():
            # An old slug or section after a retitle: send readers to the canonical address.
            return redirect(self.object.get_absolute_url(), permanent=True)
        return self.render_to_response(self.get_context_data(object=self.object))


class PersonDetailView(PublishedMixin, DetailView):
    model = Person
    template_name = "articles/person_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["articles"] = self.published_articles().filter(
            person_mentions__person=self.object, person_mentions__confirmed=True
        )[:20]
        return context


class OrganizationDetailView(PublishedMixin, DetailView):
    model = Organization
    template_name = "articles/organization_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        subtree = Organization.objects.subtree_of(self.object)
        context["articles"] = (
            self.published_articles()
            .filter(organization_mentions__organization__in=subtree)
            .distinct()[:20]
        )
        return context


class AuthorDetailView(PublishedMixin, DetailView):
    model = Author
    template_name = "articles/author_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["articles"] = (
            self.published_articles().filter(bylines__author=self.object).distinct()[:20]
        )
        return context
