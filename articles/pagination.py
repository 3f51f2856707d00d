"""Pages of public article lists, read without counting the list."""

from django.core.paginator import EmptyPage, Page, Paginator


class PeekPage(Page):
    def __init__(self, object_list, number, paginator, *, has_next: bool):
        super().__init__(object_list, number, paginator)
        self._has_next = has_next

    def has_next(self) -> bool:
        return self._has_next


class PeekPaginator(Paginator):
    """Reads one row more than a page shows, to know whether a next page follows, and never
    counts: the public lists link only to the previous and the next page, and counting every
    article about a province (or a person named in a fifth of the archive) reads most of it.

    At most ``max_pages`` pages; older articles are the search's job. ``num_pages`` is that
    bound, not a count. The list may be a QuerySet or anything else that slices, such as
    ``selectors.NewestAmong``.
    """

    max_pages = 100

    @property
    def num_pages(self) -> int:
        return self.max_pages

    def page(self, number) -> PeekPage:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        rows = list(self.object_list[bottom : bottom + self.per_page + 1])
        if not rows and (number > 1 or not self.allow_empty_first_page):
            raise EmptyPage("Không có trang này.")
        more = len(rows) > self.per_page and number < self.max_pages
        return PeekPage(rows[: self.per_page], number, self, has_next=more)
