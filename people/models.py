"""People the paper writes about, the positions they hold over time, and journalists."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from newsroom.text import fold, normalize
from newsroom.urlcache import cached_reverse
from newsroom.utils import include_derived_fields, unique_slug
from organizations.models import Organization


class PersonQuerySet(models.QuerySet):
    def search(self, text):
        """Diacritic- and case-insensitive match on full name and aliases."""
        folded = fold(text)
        if not folded:
            return self.none()
        return self.filter(search_name__contains=folded)


class Person(models.Model):
    full_name = models.CharField("họ và tên", max_length=160)
    slug = models.SlugField("đường dẫn", max_length=200, unique=True, blank=True)
    aliases = models.TextField(
        "tên gọi khác",
        blank=True,
        help_text="Mỗi dòng một cách viết khác của tên (bí danh, tên thường gọi).",
    )
    portrait = models.ImageField("ảnh chân dung", upload_to="people/", blank=True)
    bio = models.TextField("tiểu sử tóm tắt", blank=True)
    birth_year = models.PositiveSmallIntegerField("năm sinh", null=True, blank=True)
    search_name = models.TextField("tên không dấu", editable=False, default="")
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    updated_at = models.DateTimeField("sửa lúc", auto_now=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = "nhân vật"
        verbose_name_plural = "nhân vật"
        ordering = ["full_name", "pk"]
        indexes = [models.Index(fields=["full_name"], name="person_full_name_idx")]

    def __str__(self):
        return self.full_name

    def get_absolute_url(self, reverse=cached_reverse):
        return reverse("articles:person", slug=self.slug)

    @property
    def alias_list(self) -> list[str]:
        return [line.strip() for line in self.aliases.splitlines() if line.strip()]

    def clean(self):
        super().clean()
        self.full_name = normalize(self.full_name)

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Person, self.full_name, exclude_pk=self.pk)
        self.search_name = "\n".join(fold(name) for name in [self.full_name, *self.alias_list])
        include_derived_fields(kwargs, "slug", "search_name")
        super().save(*args, **kwargs)

    def positions_on(self, day):
        """The positions held on ``day``, in rank order."""
        return self.positions.held_on(day).select_related("organization")

    def position_on(self, day):
        """The first-ranked position held on ``day``, or None."""
        return self.positions_on(day).first()


class PositionQuerySet(models.QuerySet):
    def held_on(self, day):
        """Positions held on ``day`` (an open start or end counts as held)."""
        return self.filter(
            Q(started_on__isnull=True) | Q(started_on__lte=day),
            Q(ended_on__isnull=True) | Q(ended_on__gte=day),
        )

    def current(self):
        return self.held_on(timezone.localdate())


class Position(models.Model):
    person = models.ForeignKey(
        Person, verbose_name="nhân vật", on_delete=models.CASCADE, related_name="positions"
    )
    organization = models.ForeignKey(
        Organization, verbose_name="tổ chức", on_delete=models.PROTECT, related_name="positions"
    )
    title = models.CharField("chức danh", max_length=160, help_text="Ví dụ: Phó Bí thư Thường trực")
    started_on = models.DateField("từ ngày", null=True, blank=True)
    ended_on = models.DateField("đến ngày", null=True, blank=True)
    term = models.CharField("nhiệm kỳ", max_length=20, blank=True, help_text="Ví dụ: 2020–2025")
    order = models.PositiveSmallIntegerField(
        "thứ tự", default=0, help_text="Thứ tự khi in nhiều chức vụ cùng lúc (nhỏ trước)."
    )
    search_title = models.CharField(
        "chức danh không dấu", max_length=160, editable=False, default=""
    )

    objects = PositionQuerySet.as_manager()

    class Meta:
        verbose_name = "chức vụ"
        verbose_name_plural = "chức vụ"
        ordering = ["order", "-started_on", "pk"]
        indexes = [
            models.Index(fields=["organization", "title"], name="position_org_title_idx"),
            models.Index(fields=["person", "started_on"], name="position_person_start_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True)
                | Q(started_on__isnull=True)
                | Q(ended_on__gte=F("started_on")),
                name="position_ends_after_start",
                violation_error_message="Ngày kết thúc phải sau hoặc bằng ngày bắt đầu.",
            ),
        ]

    def __str__(self):
        return f"{self.title} {self.organization.label}"

    def is_held_on(self, day) -> bool:
        """PositionQuerySet.held_on() for one row already read (an open start or end counts)."""
        return (self.started_on is None or self.started_on <= day) and (
            self.ended_on is None or self.ended_on >= day
        )

    def clean(self):
        super().clean()
        self.title = normalize(self.title)

    def save(self, *args, **kwargs):
        self.search_title = fold(self.title)
        include_derived_fields(kwargs, "search_title")
        super().save(*args, **kwargs)


class Author(models.Model):
    """A journalist as printed in bylines."""

    name = models.CharField("bút danh", max_length=120)
    slug = models.SlugField("đường dẫn", max_length=160, unique=True, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="tài khoản",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="author_profile",
    )
    bio = models.TextField("giới thiệu", blank=True)
    photo = models.ImageField("ảnh", upload_to="authors/", blank=True)
    search_name = models.CharField("tên không dấu", max_length=120, editable=False, default="")

    class Meta:
        verbose_name = "tác giả"
        verbose_name_plural = "tác giả"
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["name"], name="author_unique_name"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self, reverse=cached_reverse):
        return reverse("articles:author", slug=self.slug)

    def clean(self):
        super().clean()
        self.name = normalize(self.name)

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Author, self.name, exclude_pk=self.pk)
        self.search_name = fold(self.name)
        include_derived_fields(kwargs, "slug", "search_name")
        super().save(*args, **kwargs)
