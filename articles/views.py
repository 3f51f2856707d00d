"""Public pages. Every article list starts from ``Article.objects.published()``.

The URLs wrap these views in ``cache.public_page`` (Cache-Control, ETag, Redis page
cache); a subclass mounted elsewhere (the staff preview) is not cached.
"""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.text import Truncator
from django.views.generic import ListView, TemplateView

from people.models import Author

from . import documents, selectors, seo
from .models import Tag
from .pagination import PeekPaginator
from .templatetags.public_site import lead_text

HOME_LATEST = 10
HOME_PER_SECTION = 4


class PublicPageMixin:
    """What every public page shares: the section menu and the canonical URL."""

    current_section = None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if "nav_sections" not in context:
            context["nav_sections"] = selectors.menu_sections()
        context["current_section"] = self.current_section
        context["canonical_url"] = self.get_canonical_url(context)
        return context

    def get_canonical_url(self, context) -> str:
        url = seo.absolute_url(self.request.path)
        page = context.get("page_obj")
        if page is not None and page.number > 1:
            url += f"?trang={page.number}"
        return url


class HomeView(PublicPageMixin, TemplateView):
    template_name = "articles/home.html"

    def get_context_data(self, **kwargs):
        sections = selectors.menu_sections()
        latest = selectors.latest_articles()[: HOME_LATEST + 1]
        # The top story leads with a picture: the newest recent article that has one.
        top = next((a for a in latest if a.featured_photo_id), latest[0] if latest else None)
        # One more than shown, so a block still has enough after the top story is left out.
        blocks = selectors.latest_by_section(sections, HOME_PER_SECTION + 1)
        section_blocks = []
        for section in sections:
            articles = [a for a in blocks.get(section.pk, []) if a != top][:HOME_PER_SECTION]
            if articles:
                section_blocks.append((section, articles))
        return super().get_context_data(
            nav_sections=sections,
            top_story=top,
            latest=[article for article in latest if article != top][:HOME_LATEST],
            section_blocks=section_blocks,
            **kwargs,
        )


class ArticleListView(PublicPageMixin, ListView):
    """A paginated list of published articles (``?trang=2``) about one thing."""

    template_name = "articles/article_list.html"
    paginator_class = PeekPaginator
    paginate_by = 20
    page_kwarg = "trang"
    context_object_name = "articles"
    heading = ""

    def get_context_data(self, **kwargs):
        return super().get_context_data(heading=self.heading, **kwargs)


class SectionView(ArticleListView):
    def get_queryset(self):
        # From the cached menu: the active sections are all there.
        self.section = self.current_section = next(
            (s for s in selectors.menu_sections() if s.slug == self.kwargs["section"]), None
        )
        if self.section is None:
            raise Http404("Không có chuyên mục này.")
        self.heading = self.section.name
        return selectors.section_articles(self.section)

    def get_context_data(self, **kwargs):
        return super().get_context_data(section=self.section, **kwargs)


class TagView(ArticleListView):
    template_name = "articles/tag_detail.html"
    # A tag used only on drafts must not reveal itself: no published article, no page.
    allow_empty = False

    def get_queryset(self):
        self.tag = get_object_or_404(Tag, slug=self.kwargs["tag"])
        self.heading = self.tag.name
        return selectors.articles_tagged(self.tag)

    def get_context_data(self, **kwargs):
        return super().get_context_data(tag=self.tag, **kwargs)


class AuthorView(ArticleListView):
    template_name = "articles/author_detail.html"

    def get_queryset(self):
        self.author = get_object_or_404(Author, slug=self.kwargs["slug"])
        self.heading = self.author.name
        return selectors.articles_by_author(self.author)

    def get_context_data(self, **kwargs):
        return super().get_context_data(author=self.author, **kwargs)


class PersonView(ArticleListView):
    template_name = "articles/person_detail.html"

    def get_queryset(self):
        self.page = documents.person_page(self.kwargs["slug"])
        if self.page is None:
            raise Http404("Không có nhân vật này.")
        self.person = self.page.person
        self.heading = self.person.full_name
        return selectors.articles_mentioning_person(self.person)

    def get_context_data(self, **kwargs):
        current, past = selectors.timeline(self.page.positions)
        return super().get_context_data(
            person=self.person,
            current_positions=current,
            past_positions=past,
            photos=self.page.photos,
            **kwargs,
        )


class OrganizationView(ArticleListView):
    template_name = "articles/organization_detail.html"

    def get_queryset(self):
        self.page = documents.organization_page(self.kwargs["slug"])
        if self.page is None:
            raise Http404("Không có tổ chức này.")
        self.organization = self.page.organization
        self.heading = self.organization.name
        return selectors.articles_mentioning_organization(self.organization)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            organization=self.organization,
            ancestors=self.page.ancestors,
            children=self.page.children,
            predecessors=self.page.predecessors,
            officials=selectors.rank_officials(self.page.positions),
            **kwargs,
        )


class ArticleDetailView(PublicPageMixin, TemplateView):
    """The article page, read in one query (``documents.article_page``). The staff preview
    subclasses it with ``published_only = False`` and no canonical redirect."""

    template_name = "articles/article_detail.html"
    published_only = True
    # Readers on an old address (retitle, section change) go to the canonical one; a view
    # mounted elsewhere (the staff preview) turns this off.
    canonical_redirect = True

    def get(self, request, *args, **kwargs):
        page = documents.article_page(kwargs["pk"], published_only=self.published_only)
        if page is None:
            raise Http404("Không có bài viết này.")
        self.object = page.article
        canonical = self.object.get_absolute_url()
        if self.canonical_redirect and request.path != canonical:
            # An old slug or section after a retitle: send readers to the canonical address.
            return redirect(canonical, permanent=True)
        return self.render_to_response(self.get_context_data(page=page))

    def get_context_data(self, *, page: documents.ArticlePage, **kwargs):
        article = page.article
        featured = article.featured_photo
        if featured is not None and any(usage.photo_id == featured.pk for usage in page.photos):
            featured = None  # already shown among the article's own photos
        return super().get_context_data(
            object=article,
            article=article,
            featured_photo=featured,
            lead_photo=page.photos[0] if page.photos and featured is None else None,
            more_photos=page.photos[1:] if featured is None else page.photos,
            bylines=page.bylines,
            people=page.people,
            organizations=page.organizations,
            tags=page.tags,
            related=page.related,
            json_ld=seo.news_article(
                article, photos=page.photos, bylines=page.bylines, tags=page.tags
            ),
            share_image=(seo.article_images(article, page.photos) or [None])[0],
            current_section=article.section,
            # The meta description, og:description and twitter:description.
            description=Truncator(lead_text(article)).chars(200),
            **kwargs,
        )


def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /tra-cuu/",
        "Disallow: /xem-truoc/",
        f"Sitemap: {seo.absolute_url('/sitemap.xml')}",
        f"Sitemap: {seo.absolute_url('/sitemap-news.xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
