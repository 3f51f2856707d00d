"""The pieces of the editors' desk that the article admin is built from: its form and filters."""

from django import forms
from django.contrib import admin
from django.contrib.admin import widgets
from django.core.exceptions import ValidationError
from django.db.models import Q

from people.models import Author

from .concurrency import EditConflict, lock_for_edit, with_diffs
from .models import Article, ArticleStatus, Byline
from .workflow import SEND_BACK


class ArticleAdminForm(forms.ModelForm):
    """The article form, carrying the version it was opened at and the workflow step asked."""

    edit_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    workflow_note = forms.CharField(
        label="Ghi chú",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 70}),
        help_text="Bắt buộc khi trả lại bài. Được ghi vào lịch sử quy trình.",
    )
    workflow_publish_at = forms.SplitDateTimeField(
        label="Thời điểm xuất bản",
        required=False,
        widget=widgets.AdminSplitDateTime,
        # Django's "vi" locale has no input formats, and its fallback reads 05/11 as May 11:
        # accept the day-first dates the newsroom writes, and the ISO ones the calendar fills.
        input_date_formats=["%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"],
        input_time_formats=["%H:%M", "%H:%M:%S"],
        help_text=(
            "Ngày/tháng/năm và giờ:phút. Để trống để xuất bản ngay; "
            "chọn một thời điểm sau này để hẹn giờ."
        ),
    )

    class Meta:
        model = Article
        fields = [
            "title",
            "dateline_code",
            "lead",
            "body",
            "source_line",
            "section",
            "tags",
            "featured_photo",
            "related_articles",
        ]
        help_texts = {"tags": "Các từ khóa cách nhau bằng dấu phẩy, ví dụ: Đại hội Đảng, Lộc Bình."}
        widgets = {"title": forms.TextInput(attrs={"class": "vTextField article-title"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.conflict = None
        self.locked = None
        if self.instance.pk is not None:
            self.fields["edit_version"].initial = self.instance.version

    @property
    def workflow_action(self) -> str:
        return self.data.get("_workflow", "") if self.is_bound else ""

    def clean(self):
        cleaned = super().clean()
        if self.workflow_action == SEND_BACK and not (cleaned.get("workflow_note") or "").strip():
            self.add_error(
                "workflow_note", "Hãy ghi rõ lý do trả lại để phóng viên biết cần sửa gì."
            )
        if self.instance.pk is not None:
            self._lock(cleaned)
        return cleaned

    def _lock(self, cleaned) -> None:
        """Lock the row for this save, or refuse it if someone saved since the form opened."""
        try:
            self.locked = lock_for_edit(
                article_id=self.instance.pk, expected_version=cleaned.get("edit_version")
            )
        except Article.DoesNotExist:
            raise ValidationError(
                "Bài này vừa bị xóa. Nội dung bạn gõ vẫn còn dưới đây: "
                "hãy sao lại trước khi rời trang."
            ) from None
        except EditConflict as error:
            self.conflict = with_diffs(error.conflict, current=error.current, typed=cleaned)
            # The next save is a deliberate overwrite by someone who has seen the changes.
            data = self.data.copy()
            data[self.add_prefix("edit_version")] = str(error.current.version)
            self.data = data
            raise ValidationError(error.conflict.message, code="edit_conflict") from None


class DeskFilter(admin.SimpleListFilter):
    """The desk's shortcuts: my drafts, waiting for review, scheduled."""

    title = "lối tắt"
    parameter_name = "ban"
    MINE, REVIEW, SCHEDULED = "cua-toi", "cho-duyet", "hen-gio"

    def lookups(self, request, model_admin):
        return [
            (self.MINE, "Bản nháp của tôi"),
            (self.REVIEW, "Chờ duyệt"),
            (self.SCHEDULED, "Hẹn giờ xuất bản"),
        ]

    def queryset(self, request, queryset):
        if self.value() == self.MINE:
            bylined = Byline.objects.filter(author__user=request.user).values("article_id")
            return queryset.filter(
                Q(created_by=request.user) | Q(pk__in=bylined), status=ArticleStatus.DRAFT
            )
        if self.value() == self.REVIEW:
            return queryset.filter(status=ArticleStatus.REVIEW)
        if self.value() == self.SCHEDULED:
            return queryset.scheduled()
        return queryset


class AuthorFilter(admin.SimpleListFilter):
    """Articles by one bylined author (one row per article, whatever the roles)."""

    title = "tác giả"
    parameter_name = "tac_gia"

    def lookups(self, request, model_admin):
        authors = Author.objects.filter(bylines__isnull=False).distinct().only("pk", "name")
        return [(str(author.pk), author.name) for author in authors]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        try:
            author_id = int(self.value())
        except ValueError:
            return queryset.none()
        return queryset.filter(
            pk__in=Byline.objects.filter(author_id=author_id).values("article_id")
        )
