import datetime

import pytest
from django import forms
from django.utils import formats, translation


@pytest.fixture(autouse=True)
def _vietnamese():
    with translation.override("vi"):
        yield


def test_dates_are_read_day_first():
    field = forms.DateField()
    assert field.clean("05/11/2025") == datetime.date(2025, 11, 5)
    assert field.clean("5-11-2025") == datetime.date(2025, 11, 5)
    assert field.clean("2025-11-05") == datetime.date(2025, 11, 5)


def test_an_impossible_day_first_date_is_refused_not_swapped():
    with pytest.raises(forms.ValidationError):
        forms.DateField().clean("31/02/2025")


def test_date_time_fields_read_day_first():
    field = forms.SplitDateTimeField()
    value = field.clean(["05/11/2025", "08:15"])
    assert (value.day, value.month, value.hour, value.minute) == (5, 11, 8, 15)


def test_widgets_and_short_formats_print_day_first():
    assert formats.get_format("DATE_INPUT_FORMATS")[0] == "%d/%m/%Y"
    rendered = forms.DateInput().format_value(datetime.date(2025, 11, 5))
    assert rendered == "05/11/2025"
    assert formats.date_format(datetime.date(2025, 11, 5), "SHORT_DATE_FORMAT") == "05/11/2025"
