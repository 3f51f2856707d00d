"""Articles, their sections, bylines, photos with captions, and the people and
organizations they mention."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.html import strip_tags
from django_prose_editor.fields import ProseEditorField
from taggit.managers import TaggableManager
from taggit.models import TagBase, TaggedItemBase

from newsroom.html import BODY_EDITOR_EXTENSIONS, sanitize_html
from newsroom.text import fold, normalize, slugify
from newsroom.urlcache import cached_reverse
from newsroom.utils import include_derived_fields, unique_slug
from organizations.models import Organization
from people.models import Author, Person, Position

# First path segments the site uses for its own pages; a section cannot take them.
RESERVED_SECTION_SLUGS = {
    "admin", "static", "media", "nhan-vat", "to-chuc", "tac-gia", "chu-de", "tim-kiem",
    "rss", "feeds", "sitemap.xml", "sitemap-news.xml", "tra-cuu", "xem-truoc", "robots.txt",
}  # fmt: skip


class Section(models.Model):
    name = models.CharField("tên chuyên mục", max_length=100, unique=True)
    slug = models.SlugField("đường dẫn", max_length=100, unique=True, blank=True)
    description = models.TextField("mô tả", blank=True)
    order = models.PositiveSmallIntegerField("thứ tự", default=0)
    is_active = models.BooleanField("hiển thị", default=True)

    class Meta:
        verbose_name = "chuyên mục"
        verbose_name_plural = "chuyên mục"
        ordering = ["order", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self, reverse=cached_reverse):
        return reverse("articles:section", section=self.slug)

    def clean(self):
        super().clean()
        if self.slug in RESERVED_SECTION_SLUGS:
            raise ValidationError({"slug": "Đường dẫn này trùng với một trang của hệ thống."})

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Section, self.name, exclude_pk=self.pk)
        include_derived_fields(kwargs, "slug")
        super().save(*args, **kwargs)


class Tag(TagBase):
    """A keyword. Its slug folds Vietnamese like every URL of the site: taggit's own
    keeps the marks ("đại-hội"), which the ``<slug:tag>`` URL pattern cannot match."""

    name = models.CharField("từ khóa", max_length=100, unique=True)
    slug = models.SlugField("đường dẫn", max_length=100, unique=True)

    class Meta:
        verbose_name = "từ khóa"
        verbose_name_plural = "từ khóa"
        ordering = ["name"]

    def slugify(self, tag, i=None):
        slug = slugify(tag, max_length=90) or "tu-khoa"
        return f"{slug}-{i}" if i is not None else slug


class TaggedArticle(TaggedItemBase):
    """An article's keyword, with a real foreign key (taggit's generic one cannot be joined)."""

    content_object = models.ForeignKey(
        "Article", verbose_name="bài viết", on_delete=models.CASCADE, related_name="tagged_items"
    )
    tag = models.ForeignKey(
        Tag, verbose_name="từ khóa", on_delete=models.CASCADE, related_name="tagged_articles"
    )

    class Meta:
        verbose_name = "từ khóa của bài"
        verbose_name_plural = "từ khóa của bài"
        constraints = [
            models.UniqueConstraint(fields=["content_object", "tag"], name="taggedarticle_unique"),
        ]


class ArticleStatus(models.TextChoices):
    DRAFT = "draft", "Bản nháp"
    REVIEW = "review", "Chờ duyệt"
    PUBLISHED = "published", "Đã xuất bản"
    UNPUBLISHED = "unpublished", "Đã gỡ"


class ArticleQuerySet(models.QuerySet):
    def published(self, at=None):
        """What readers may see: published, and its publication time has come (by ``at``,
        default now)."""
        return self.filter(status=ArticleStatus.PUBLISHED, published_at__lte=at or timezone.now())

    def scheduled(self):
        return self.filter(status=ArticleStatus.PUBLISHED, published_at__gt=timezone.now())

    def for_list(self):
        """What a list of articles shows: section and featured photo, with no query per row."""
        return self.select_related("section", "featured_photo")

    # Page shapes of the feeds and sitemaps; the pages' own shapes are in articles/documents.py.
    def for_feed(self):
        """An RSS item: section, authors and tags."""
        return (
            self.select_related("section")
            .defer("body", "search_document")
            .prefetch_related(
                models.Prefetch("bylines", queryset=Byline.objects.select_related("author")),
                "tags",
            )
        )

    def for_sitemap(self):
        """A sitemap row: just what the URL and lastmod need."""
        return self.select_related("section").only(
            "pk", "slug", "title", "published_at", "updated_at", "section__slug"
        )


class Article(models.Model):
    title = models.CharField("tiêu đề", max_length=300)
    slug = models.SlugField("đường dẫn", max_length=200, unique=True, blank=True)
    dateline_code = models.CharField(
        "mã tin", max_length=12, blank=True, default="LSO", help_text="Mã đầu sapo, ví dụ LSO."
    )
    lead = models.TextField("sapo", blank=True)
    body = ProseEditorField(
        "nội dung",
        blank=True,
        extensions=BODY_EDITOR_EXTENSIONS,
        sanitize=sanitize_html,
        help_text="HTML đã được làm sạch khi lưu.",
    )
    section = models.ForeignKey(
        Section,
        verbose_name="chuyên mục",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="articles",
    )
    status = models.CharField(
        "trạng thái", max_length=16, choices=ArticleStatus.choices, default=ArticleStatus.DRAFT
    )
    published_at = models.DateTimeField("thời điểm xuất bản", null=True, blank=True)
    source_line = models.CharField(
        "nguồn", max_length=200, blank=True, help_text="Ví dụ: Theo TTXVN"
    )
    tags = TaggableManager(
        "từ khóa",
        through=TaggedArticle,
        blank=True,
        help_text="Các từ khóa, cách nhau bằng dấu phẩy.",
    )
    featured_photo = models.ForeignKey(
        "Photo",
        verbose_name="ảnh đại diện",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="featured_in",
    )
    related_articles = models.ManyToManyField(
        "self", verbose_name="bài liên quan", symmetrical=False, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người tạo",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="articles_created",
    )
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người sửa cuối",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="articles_edited",
    )
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    updated_at = models.DateTimeField("sửa lúc", auto_now=True)
    version = models.PositiveIntegerField("phiên bản", default=1, editable=False)
    search_document = models.TextField("văn bản tìm kiếm", editable=False, default="")
    import_key = models.CharField(
        "khóa nhập từ lưu trữ",
        max_length=64,
        unique=True,
        null=True,
        blank=True,
        editable=False,
        help_text="Băm của ngày và tiêu đề bài gốc: nhập lại thì cập nhật, không nhân đôi.",
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = "bài viết"
        verbose_name_plural = "bài viết"
        ordering = ["-published_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="article_status_pub_idx"),
            models.Index(
                fields=["section", "status", "-published_at"], name="article_section_pub_idx"
            ),
            models.Index(fields=["-updated_at"], name="article_updated_idx"),
        ]
        # Read by the rules in articles/workflow.py, granted by the roles in articles/roles.py.
        permissions = [
            ("edit_any_article", "Sửa bài của người khác"),
            ("review_article", "Duyệt và trả lại bài"),
            ("publish_article", "Xuất bản, hẹn giờ và gỡ bài"),
            ("view_staff_search", "Tra cứu bài viết"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=ArticleStatus.PUBLISHED) | Q(published_at__isnull=False),
                name="article_published_has_time",
                violation_error_message="Bài đã xuất bản phải có thời điểm xuất bản.",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self, reverse=cached_reverse):
        section = self.section.slug if self.section_id else "bai-viet"
        return reverse("articles:detail", section=section, slug=self.slug, pk=self.pk)

    @property
    def is_live(self) -> bool:
        return (
            self.status == ArticleStatus.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @property
    def is_scheduled(self) -> bool:
        return (
            self.status == ArticleStatus.PUBLISHED
            and self.published_at is not None
            and self.published_at > timezone.now()
        )

    @property
    def reference_date(self):
        """The day the article speaks of: publication, else creation (for positions held)."""
        return self.reference_date_in(timezone.get_current_timezone())

    def reference_date_in(self, zone):
        """``reference_date`` in a time zone looked up once for many articles."""
        moment = self.published_at or self.created_at or timezone.now()
        return timezone.localdate(moment, zone)

    def clean(self):
        super().clean()
        self.title = normalize(self.title)
        if self.status == ArticleStatus.PUBLISHED and not self.published_at:
            raise ValidationError({"published_at": "Bài đã xuất bản phải có thời điểm xuất bản."})

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Article, self.title, exclude_pk=self.pk, max_length=180)
        self.body = sanitize_html(self.body)
        self.search_document = fold("\n".join([self.title, self.lead, strip_tags(self.body)]))
        include_derived_fields(kwargs, "slug", "search_document")
        super().save(*args, **kwargs)


class ArticleTransition(models.Model):
    """One step of the workflow: who moved the article from which status to which."""

    article = models.ForeignKey(
        Article, verbose_name="bài viết", on_delete=models.CASCADE, related_name="transitions"
    )
    from_status = models.CharField("từ", max_length=16, choices=ArticleStatus.choices, blank=True)
    to_status = models.CharField("sang", max_length=16, choices=ArticleStatus.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người thực hiện",
        on_delete=models.SET_NULL,
        null=True,
        related_name="article_transitions",
    )
    note = models.TextField("ghi chú", blank=True)
    created_at = models.DateTimeField("lúc", default=timezone.now)

    class Meta:
        verbose_name = "bước quy trình"
        verbose_name_plural = "lịch sử quy trình"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["article", "-created_at"], name="transition_article_idx")]

    def __str__(self):
        return f"{self.get_from_status_display() or '—'} → {self.get_to_status_display()}"


class BylineRole(models.TextChoices):
    TEXT = "text", "Bài"
    PHOTO = "photo", "Ảnh"
    VIDEO = "video", "Video"
    GRAPHICS = "graphics", "Đồ họa"


class Byline(models.Model):
    article = models.ForeignKey(
        Article, verbose_name="bài viết", on_delete=models.CASCADE, related_name="bylines"
    )
    author = models.ForeignKey(
        Author, verbose_name="tác giả", on_delete=models.PROTECT, related_name="bylines"
    )
    role = models.CharField(
        "vai trò", max_length=16, choices=BylineRole.choices, default=BylineRole.TEXT
    )
    order = models.PositiveSmallIntegerField("thứ tự", default=0)

    class Meta:
        verbose_name = "tác giả của bài"
        verbose_name_plural = "tác giả của bài"
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "author", "role"],
                name="byline_unique_author_role",
                violation_error_message="Tác giả này đã có trong bài với cùng vai trò.",
            ),
        ]
        indexes = [models.Index(fields=["author", "article"], name="byline_author_idx")]

    def __str__(self):
        return f"{self.author} ({self.get_role_display()})"


class Photo(models.Model):
    image = models.ImageField(
        "tệp ảnh", upload_to="photos/%Y/%m/", width_field="width", height_field="height"
    )
    width = models.PositiveIntegerField("rộng (px)", null=True, blank=True, editable=False)
    height = models.PositiveIntegerField("cao (px)", null=True, blank=True, editable=False)
    credit = models.CharField("tác giả ảnh", max_length=200, blank=True)
    caption = models.TextField("chú thích mặc định", blank=True)
    alt_text = models.CharField(
        "mô tả thay thế",
        max_length=300,
        blank=True,
        help_text="Mô tả nội dung ảnh cho người khiếm thị.",
    )
    taken_on = models.DateField("ngày chụp", null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người tải lên",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="photos_uploaded",
    )
    uploaded_at = models.DateTimeField("tải lên lúc", auto_now_add=True)
    search_text = models.TextField("văn bản tìm kiếm", editable=False, default="")

    class Meta:
        verbose_name = "ảnh"
        verbose_name_plural = "thư viện ảnh"
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self):
        label = self.caption or self.alt_text or (self.image.name if self.image else "")
        return label[:80] or f"Ảnh #{self.pk}"

    def save(self, *args, **kwargs):
        self.search_text = fold("\n".join([self.caption, self.credit, self.alt_text]))
        include_derived_fields(kwargs, "search_text")
        super().save(*args, **kwargs)


class RenditionFormat(models.TextChoices):
    JPEG = "jpeg", "JPEG"
    WEBP = "webp", "WebP"


class Rendition(models.Model):
    """A resized copy of a photo, made once and stored, never per request."""

    photo = models.ForeignKey(
        Photo, verbose_name="ảnh", on_delete=models.CASCADE, related_name="renditions"
    )
    width = models.PositiveIntegerField("rộng (px)")
    height = models.PositiveIntegerField("cao (px)")
    format = models.CharField("định dạng", max_length=8, choices=RenditionFormat.choices)
    file = models.ImageField("tệp", upload_to="renditions/%Y/%m/")

    class Meta:
        verbose_name = "bản ảnh đã thu nhỏ"
        verbose_name_plural = "bản ảnh đã thu nhỏ"
        ordering = ["photo", "format", "width"]
        constraints = [
            models.UniqueConstraint(
                fields=["photo", "width", "format"], name="rendition_unique_size_format"
            ),
        ]

    def __str__(self):
        return f"{self.photo_id} {self.width}px {self.format}"


class ArticlePhoto(models.Model):
    """A photo as it appears in one article, with that article's caption."""

    article = models.ForeignKey(
        Article, verbose_name="bài viết", on_delete=models.CASCADE, related_name="article_photos"
    )
    photo = models.ForeignKey(
        Photo,
        verbose_name="ảnh",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="usages",
        help_text="Có thể để trống khi chú thích đã có (bài nhập từ lưu trữ) mà chưa có tệp ảnh.",
    )
    caption = models.TextField("chú thích")
    credit = models.CharField("tác giả ảnh", max_length=200, blank=True)
    people = models.ManyToManyField(
        Person, verbose_name="nhân vật trong ảnh", blank=True, related_name="photo_appearances"
    )
    order = models.PositiveSmallIntegerField("thứ tự", default=0)

    class Meta:
        verbose_name = "ảnh trong bài"
        verbose_name_plural = "ảnh trong bài"
        ordering = ["order", "pk"]
        indexes = [models.Index(fields=["article", "order"], name="articlephoto_order_idx")]

    def __str__(self):
        # The admin heads each inline photo with it: whole words, and an ellipsis when cut.
        if len(self.caption) <= 80:
            return self.caption
        return self.caption[:80].rsplit(" ", 1)[0].rstrip(" ,;:(") + "…"


class MentionOrigin(models.TextChoices):
    MANUAL = "manual", "Biên tập viên nhập"
    DETECTED = "detected", "Tự động phát hiện"


class MentionField(models.TextChoices):
    TITLE = "title", "Tiêu đề"
    LEAD = "lead", "Sapo"
    BODY = "body", "Nội dung"
    CAPTION = "caption", "Chú thích ảnh"


class MentionBase(models.Model):
    origin = models.CharField(
        "nguồn gốc", max_length=16, choices=MentionOrigin.choices, default=MentionOrigin.MANUAL
    )
    confirmed = models.BooleanField("đã xác nhận", default=False)
    rejected = models.BooleanField(
        "đã bác bỏ",
        default=False,
        help_text="Liên kết tự động phát hiện mà biên tập viên bác bỏ; lần phát hiện sau bỏ qua.",
    )
    field = models.CharField("xuất hiện ở", max_length=16, choices=MentionField.choices, blank=True)
    span_text = models.CharField("đoạn văn bản", max_length=300, blank=True)
    span_start = models.PositiveIntegerField("vị trí", null=True, blank=True)
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)

    class Meta:
        abstract = True


class PersonMention(MentionBase):
    article = models.ForeignKey(
        Article, verbose_name="bài viết", on_delete=models.CASCADE, related_name="person_mentions"
    )
    person = models.ForeignKey(
        Person, verbose_name="nhân vật", on_delete=models.PROTECT, related_name="mentions"
    )
    positions = models.ManyToManyField(
        Position,
        verbose_name="chức vụ được nêu",
        blank=True,
        related_name="mentions",
        help_text="Chức vụ bài viết nêu kèm tên, đúng vào ngày của bài.",
    )

    class Meta:
        verbose_name = "nhân vật được nhắc đến"
        verbose_name_plural = "nhân vật được nhắc đến"
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["article", "person"], name="personmention_unique"),
            models.CheckConstraint(
                condition=Q(confirmed=False) | Q(rejected=False),
                name="personmention_confirmed_or_rejected",
                violation_error_message="Không thể vừa xác nhận vừa bác bỏ.",
            ),
        ]
        indexes = [
            models.Index(
                fields=["person", "confirmed", "article"], name="personmention_person_idx"
            ),
        ]

    def __str__(self):
        return f"{self.person} – {self.article}"


class OrganizationMention(MentionBase):
    article = models.ForeignKey(
        Article,
        verbose_name="bài viết",
        on_delete=models.CASCADE,
        related_name="organization_mentions",
    )
    organization = models.ForeignKey(
        Organization, verbose_name="tổ chức", on_delete=models.PROTECT, related_name="mentions"
    )

    class Meta:
        verbose_name = "tổ chức được nhắc đến"
        verbose_name_plural = "tổ chức được nhắc đến"
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "organization"], name="organizationmention_unique"
            ),
            models.CheckConstraint(
                condition=Q(confirmed=False) | Q(rejected=False),
                name="orgmention_confirmed_or_rejected",
                violation_error_message="Không thể vừa xác nhận vừa bác bỏ.",
            ),
        ]
        indexes = [
            models.Index(
                fields=["organization", "confirmed", "article"], name="orgmention_org_idx"
            ),
        ]

    def __str__(self):
        return f"{self.organization} – {self.article}"


class AppearanceBase(models.Model):
    """Who or what is in a published (or scheduled) article, with the article's publication
    time: a person or organization page reads its newest articles from one index, in the same
    plan for every person or body, however often it is named.

    Derived rows, written only by the database's own triggers (migration 0008), whatever
    writes the mentions, captions, articles or tree (the admin, the detector's bulk
    confirmations, the importer, ``COPY``, a restore). Not in backups: a restore makes them
    again."""

    article = models.ForeignKey(
        Article, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    published_at = models.DateTimeField()

    class Meta:
        abstract = True


class PersonAppearance(AppearanceBase):
    """A person named in a confirmed mention or shown in a caption."""

    person = models.ForeignKey(
        Person, on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, related_name="+"
    )

    class Meta:
        verbose_name = "nhân vật trong bài đã xuất bản"
        verbose_name_plural = "nhân vật trong bài đã xuất bản"
        constraints = [
            models.UniqueConstraint(fields=["person", "article"], name="personappearance_unique")
        ]
        indexes = [
            models.Index(
                fields=["person", "-published_at", "-article"], name="personappearance_newest_idx"
            )
        ]

    def __str__(self):
        return f"{self.person_id} – {self.article_id}"


class OrganizationAppearance(AppearanceBase):
    """A body with a confirmed mention of itself or of any body below it (its page lists
    its subtree's articles)."""

    organization = models.ForeignKey(
        Organization,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )

    class Meta:
        verbose_name = "tổ chức trong bài đã xuất bản"
        verbose_name_plural = "tổ chức trong bài đã xuất bản"
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "article"], name="organizationappearance_unique"
            )
        ]
        indexes = [
            models.Index(
                fields=["organization", "-published_at", "-article"],
                name="orgappearance_newest_idx",
            )
        ]

    def __str__(self):
        return f"{self.organization_id} – {self.article_id}"


class ProposalStatus(models.TextChoices):
    PENDING = "pending", "Chờ xem xét"
    ACCEPTED = "accepted", "Đã chấp nhận"
    REJECTED = "rejected", "Đã bác bỏ"


class MentionProposal(models.Model):
    """A person or position the detector read in an article but the directory lacks.

    "đồng chí <Họ tên>, <Chức vụ> <Tổ chức>" with an unknown name proposes a new
    person (``person`` empty); with a known name but a position the directory does
    not list, it proposes a new position for that person. Accepting creates them.
    """

    article = models.ForeignKey(
        Article, verbose_name="bài viết", on_delete=models.CASCADE, related_name="proposals"
    )
    full_name = models.CharField("họ và tên", max_length=160)
    person = models.ForeignKey(
        Person,
        verbose_name="nhân vật đã có",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="proposals",
        help_text="Để trống nếu là người mới.",
    )
    title = models.CharField("chức danh", max_length=160, blank=True)
    organization_text = models.CharField("tổ chức (như bài viết)", max_length=255, blank=True)
    organization = models.ForeignKey(
        Organization,
        verbose_name="tổ chức",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposals",
    )
    field = models.CharField("xuất hiện ở", max_length=16, choices=MentionField.choices, blank=True)
    span_text = models.CharField("đoạn văn bản", max_length=300, blank=True)
    span_start = models.PositiveIntegerField("vị trí", null=True, blank=True)
    status = models.CharField(
        "trạng thái",
        max_length=16,
        choices=ProposalStatus.choices,
        default=ProposalStatus.PENDING,
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người quyết định",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mention_proposals_decided",
    )
    decided_at = models.DateTimeField("quyết định lúc", null=True, blank=True)
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)

    class Meta:
        verbose_name = "đề xuất nhân vật, chức vụ"
        verbose_name_plural = "đề xuất nhân vật, chức vụ"
        ordering = ["status", "-created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "full_name", "title", "organization_text"],
                name="mentionproposal_unique",
            ),
        ]
        indexes = [models.Index(fields=["status", "-created_at"], name="proposal_status_idx")]

    def __str__(self):
        position = " ".join(part for part in [self.title, self.organization_text] if part)
        return f"{self.full_name}, {position}" if position else self.full_name
