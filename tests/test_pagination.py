"""articles.pagination.PeekPaginator: next page known from one extra row, never a count."""

import pytest
from django.core.paginator import EmptyPage, PageNotAnInteger

from articles.pagination import PeekPaginator


class Rows(list):
    """A list that records the slices taken from it (and has no count())."""

    def __init__(self, n):
        super().__init__(range(n))
        self.slices = []

    def __getitem__(self, key):
        self.slices.append((key.start, key.stop))
        return super().__getitem__(key)


def test_a_full_page_with_nothing_after_it_has_no_next():
    rows = Rows(20)
    page = PeekPaginator(rows, 20).page(1)
    assert list(page) == list(range(20)) and not page.has_next() and not page.has_previous()
    assert rows.slices == [(0, 21)]  # one row more than shown, nothing counted


def test_one_more_row_means_a_next_page():
    paginator = PeekPaginator(Rows(21), 20)
    first, second = paginator.page(1), paginator.page(2)
    assert first.has_next() and first.next_page_number() == 2
    assert list(second) == [20] and not second.has_next() and second.has_previous()


def test_empty_lists_and_pages_past_the_end():
    assert list(PeekPaginator(Rows(0), 20).page(1)) == []  # a person with no article yet
    with pytest.raises(EmptyPage):
        PeekPaginator(Rows(0), 20, allow_empty_first_page=False).page(1)
    with pytest.raises(EmptyPage):
        PeekPaginator(Rows(5), 20).page(2)
    with pytest.raises(PageNotAnInteger):
        PeekPaginator(Rows(5), 20).page("hai")


def test_pages_stop_at_max_pages():
    paginator = PeekPaginator(Rows(1000), 20)
    paginator.max_pages = 3
    assert not paginator.page(3).has_next()
    with pytest.raises(EmptyPage):
        paginator.page(4)
