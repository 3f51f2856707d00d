"""Forms of the staff search and the readers' search; they turn GET parameters into criteria."""

from django import forms
from django.contrib.admin.widgets import AutocompleteSelect
from django.urls import reverse
from django.utils.safestring import mark_safe

from organizations.models import Organization
from people.models import Author, Person

from .models import ArticleStatus, PersonMention, Section
from .search import Order, SearchCriteria


class SearchAutocomplete(AutocompleteSelect):
    """The admin's select2 autocomplete, fed by the search's own folded JSON endpoint."""

    def __init__(self, url_name: str, field):
        from django.contrib import admin

        super().__init__(field, admin.site)
        self.url_name = url_name

    def get_url(self):
        return reverse(self.url_name)

    def optgroups(self, name, value, attr=None):
        # The admin widget looks up whatever was sent; only ids can be looked up.
        return super().optgroups(name, [v for v in value if str(v).isdigit()], attr)


class CheckedByDefault(forms.CheckboxInput):
    """A checkbox that is on when the form arrives without it (a bare link, the first visit).

    A hidden "false" sent before the box tells "unticked" apart from "absent".
    """

    def value_from_datadict(self, data, files, name):
        if name not in data:
            return True
        values = data.getlist(name) if hasattr(data, "getlist") else [data.get(name)]
        return "true" in [str(value).lower() for value in values]

    def render(self, name, value, attrs=None, renderer=None):
        hidden = f'<input type="hidden" name="{name}" value="false">'
        return mark_safe(hidden + super().render(name, value, attrs, renderer))

    def format_value(self, value):
        return "true"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self):
        super().__init__(format="%Y-%m-%d")


class BaseSearchForm(forms.Form):
    q = forms.CharField(
        label="Từ khóa",
        required=False,
        strip=True,
        help_text="Không cần gõ dấu. Đặt cụm từ trong ngoặc kép để tìm chính xác cụm đó.",
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    order = forms.ChoiceField(label="Sắp xếp", choices=Order.CHOICES, required=False)

    def clean_q(self):
        # Anything may be typed; only its length is bounded (the engine bounds the rest).
        return self.cleaned_data["q"][:2000]

    def criteria(self, **fixed) -> SearchCriteria:
        data = self.cleaned_data
        return SearchCriteria(
            text=data.get("q", ""),
            person=data.get("person"),
            organization=data.get("organization"),
            include_suborganizations=data.get("sub", True),
            include_lineage=data.get("lineage", True),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            section=data.get("section"),
            author=data.get("author"),
            status=data.get("status", ""),
            order=data.get("order") or Order.DATE,
            **fixed,
        )


class StaffSearchForm(BaseSearchForm):
    person = forms.ModelChoiceField(
        label="Nhân vật",
        queryset=Person.objects.all(),
        required=False,
        widget=SearchAutocomplete("search:person_autocomplete", PersonMention.person.field),
        help_text="Gõ tên hoặc bí danh, có dấu hay không dấu đều được.",
    )
    organization = forms.ModelChoiceField(
        label="Tổ chức",
        queryset=Organization.objects.all(),
        required=False,
        widget=SearchAutocomplete(
            "search:organization_autocomplete", Organization._meta.get_field("parent")
        ),
        help_text="Tên, tên viết tắt (KCCQ, HĐND tỉnh…) hoặc tên cũ.",
    )
    sub = forms.BooleanField(
        label="Gồm cả các tổ chức trực thuộc",
        required=False,
        initial=True,
        widget=CheckedByDefault,
    )
    lineage = forms.BooleanField(
        label="Gồm cả tổ chức tiền thân và kế tục",
        required=False,
        initial=True,
        widget=CheckedByDefault,
    )
    date_from = forms.DateField(
        label="Từ ngày", required=False, widget=DateInput, input_formats=["%Y-%m-%d", "%d/%m/%Y"]
    )
    date_to = forms.DateField(
        label="Đến ngày", required=False, widget=DateInput, input_formats=["%Y-%m-%d", "%d/%m/%Y"]
    )
    section = forms.ModelChoiceField(
        label="Chuyên mục", queryset=Section.objects.all(), required=False, empty_label="Tất cả"
    )
    author = forms.ModelChoiceField(
        label="Tác giả", queryset=Author.objects.all(), required=False, empty_label="Tất cả"
    )
    status = forms.ChoiceField(
        label="Trạng thái", choices=[("", "Tất cả"), *ArticleStatus.choices], required=False
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "“Đến ngày” phải sau hoặc bằng “Từ ngày”.")
        return data


class PublicSearchForm(BaseSearchForm):
    section = forms.ModelChoiceField(
        label="Chuyên mục",
        queryset=Section.objects.filter(is_active=True),
        required=False,
        empty_label="Tất cả chuyên mục",
    )
