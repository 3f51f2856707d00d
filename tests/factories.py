"""Test data builders: one place that knows how to make each model."""

import io
import itertools
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from articles.models import (
    Article,
    ArticlePhoto,
    ArticleStatus,
    Byline,
    OrganizationMention,
    PersonMention,
    Photo,
    Section,
)
from organizations.models import Organization, OrganizationKind, OrganizationLevel
from people.models import Author, Person, Position

_counter = itertools.count(1)


def _n() -> int:
    return next(_counter)


def make_user(username=None, **fields):
    username = username or f"user{_n()}"
    fields.setdefault("is_staff", True)
    return get_user_model().objects.create_user(
        username=username, password=fields.pop("password", "mat-khau-thu-nghiem-1"), **fields
    )


def make_organization(name=None, parent=None, **fields):
    fields.setdefault("kind", OrganizationKind.OTHER)
    fields.setdefault("level", OrganizationLevel.PROVINCE)
    return Organization.objects.create(name=name or f"Tổ chức {_n()}", parent=parent, **fields)


def make_person(full_name=None, **fields):
    return Person.objects.create(full_name=full_name or f"Nguyễn Văn {_n()}", **fields)


def make_position(person=None, organization=None, title="Bí thư", **fields):
    return Position.objects.create(
        person=person or make_person(),
        organization=organization or make_organization(),
        title=title,
        **fields,
    )


def make_author(name=None, **fields):
    return Author.objects.create(name=name or f"Phóng viên {_n()}", **fields)


def make_section(name=None, **fields):
    return Section.objects.create(name=name or f"Chuyên mục {_n()}", **fields)


def make_article(title=None, published=True, section=None, **fields):
    if published:
        fields.setdefault("status", ArticleStatus.PUBLISHED)
        fields.setdefault("published_at", timezone.now() - timedelta(hours=1))
    return Article.objects.create(
        title=title or f"Bài viết số {_n()}",
        lead=fields.pop("lead", "Sáng nay, đoàn công tác của tỉnh làm việc tại huyện."),
        body=fields.pop("body", "<p>Nội dung bài viết.</p>"),
        section=section if section is not None else make_section(),
        **fields,
    )


def image_bytes(width=64, height=48, fmt="JPEG", color=(160, 30, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), color).save(buffer, fmt)
    return buffer.getvalue()


def make_photo(width=64, height=48, **fields):
    upload = SimpleUploadedFile(f"anh-{_n()}.jpg", image_bytes(width, height), "image/jpeg")
    fields.setdefault("alt_text", "Quang cảnh buổi làm việc")
    return Photo.objects.create(image=upload, **fields)


_NEW_PHOTO = object()


def make_article_photo(
    article, photo=_NEW_PHOTO, caption="Đồng chí phát biểu tại buổi làm việc", **fields
):
    """A caption in ``article``; ``photo=None`` is an archive caption without its file."""
    return ArticlePhoto.objects.create(
        article=article,
        photo=make_photo() if photo is _NEW_PHOTO else photo,
        caption=caption,
        **fields,
    )


def make_byline(article, author=None, **fields):
    return Byline.objects.create(article=article, author=author or make_author(), **fields)


def mention_person(article, person, confirmed=True, **fields):
    return PersonMention.objects.create(
        article=article, person=person, confirmed=confirmed, **fields
    )


def mention_organization(article, organization, confirmed=True, **fields):
    return OrganizationMention.objects.create(
        article=article, organization=organization, confirmed=confirmed, **fields
    )


def day(text: str) -> date:
    """'22/05/2020' → date(2020, 5, 22)."""
    d, m, y = (int(part) for part in text.split("/"))
    return date(y, m, d)


def make_photo_with_renditions(width=1200, height=800, **fields):
    """A photo with its stored JPEG and WebP renditions, as the admin leaves it."""
    from articles.photos import photo_make_renditions

    photo = make_photo(width, height, **fields)
    photo_make_renditions(photo=photo)
    return photo


def make_newsroom():
    """A small newsroom with every kind of row a backup must keep (tests/test_backup.py)."""
    from django.contrib.auth.models import Group, Permission

    from articles.models import ArticleTransition, BylineRole

    editors = Group.objects.create(name=f"Biên tập viên {_n()}")
    editors.permissions.set(Permission.objects.filter(codename__in=["change_article"]))
    editor = make_user(f"bientap{_n()}")
    editor.groups.add(editors)
    province = make_organization("Tỉnh ủy Lạng Sơn", short_name="Tỉnh ủy", abbreviation="TU")
    board = make_organization("Ban Tuyên giáo Tỉnh ủy", parent=province)
    merged = make_organization("Ban Tuyên giáo và Dân vận Tỉnh ủy", parent=province)
    board.successor = merged
    board.save()
    person = make_person("Lương Văn Thành", aliases="Lương Thành")
    deputy = make_position(
        person, province, "Phó Bí thư Thường trực", started_on=day("01/10/2020"), order=1
    )
    chair = make_position(person, province, "Trưởng ban", started_on=day("01/10/2020"), order=2)
    make_position(person, board, "Phó Trưởng ban", ended_on=day("30/09/2020"), order=3)
    writer = make_author("Hoàng Minh", user=editor)
    photographer = make_author("Vi Thu")
    section = make_section("Chính trị")
    related = make_article("Hội nghị sơ kết công tác tuyên giáo", published=False, section=section)
    article = make_article(
        "Đoàn công tác của Tỉnh ủy làm việc tại xã Đồng Đăng",
        section=section,
        lead="Sáng 12/3, đoàn công tác của Tỉnh ủy do đồng chí Lương Văn Thành dẫn đầu.",
        body="<p>Đồng chí <strong>Lương Văn Thành</strong> phát biểu chỉ đạo.</p>",
        created_by=editor,
        edited_by=editor,
        source_line="",
    )
    article.tags.add("Xây dựng Đảng", "Đồng Đăng")
    article.related_articles.add(related)
    make_byline(article, writer, role=BylineRole.TEXT, order=0)
    make_byline(article, photographer, role=BylineRole.PHOTO, order=1)
    first = make_photo(80, 60, credit="Vi Thu", caption="Quang cảnh buổi làm việc")
    second = make_photo(40, 30, credit="Vi Thu")
    shown = make_article_photo(
        article, first, caption="Đồng chí Lương Văn Thành phát biểu tại buổi làm việc", order=0
    )
    shown.people.add(person)
    make_article_photo(article, second, caption="Các đại biểu tham quan mô hình", order=1)
    article.featured_photo = first
    article.save()
    mention = mention_person(article, person, field="lead", span_text="Lương Văn Thành")
    mention.positions.set([deputy, chair])
    mention_organization(article, province, field="lead", span_text="Tỉnh ủy")
    ArticleTransition.objects.create(
        article=article, from_status="review", to_status="published", user=editor, note="Duyệt"
    )
    return {
        "article": article,
        "related": related,
        "person": person,
        "photos": [first, second],
        "editor": editor,
        "group": editors,
    }


# --- Editorial desk (issue 3): staff in a role, and articles at each step of the workflow.


def make_staff(role, username=None, **fields):
    """A staff user in one of the newsroom's roles (articles/roles.py)."""
    from django.contrib.auth.models import Group

    user = make_user(username, **fields)
    user.groups.add(Group.objects.get(name=role))
    return get_user_model().objects.get(pk=user.pk)  # fresh: no stale permission cache


def make_draft(created_by=None, **fields):
    """An unpublished draft with everything publishing needs except what the test removes."""
    fields.setdefault("status", ArticleStatus.DRAFT)
    article = make_article(published=False, created_by=created_by, edited_by=created_by, **fields)
    make_byline(article)
    return article


def make_ready_article(created_by=None, status=ArticleStatus.DRAFT, **fields):
    """A draft that passes the readiness check: a byline and a captioned photo with alt text."""
    article = make_draft(created_by=created_by, status=status, **fields)
    make_article_photo(article, caption="Đồng chí Bí thư Tỉnh ủy phát biểu tại hội nghị")
    return article


# --- The public site: realistic pages (tests/test_public_*.py, tests/test_browser_public.py) ---

PEOPLE_NAMES = [
    "Lương Văn Tuấn", "Hoàng Thị Mai", "Vi Đức Thắng", "Nông Minh Khôi", "Lăng Thị Hạnh",
    "Triệu Quốc Bảo", "Hứa Văn Lộc", "Chu Thị Thu", "Mông Văn Kiên", "Lộc Thị Hương",
    "Đàm Văn Sơn", "Nguyễn Thị Lan",
]  # fmt: skip
TAG_NAMES = [
    "Đại hội Đảng", "Nhiệm kỳ 2025–2030", "Kiểm tra, giám sát", "Chuyển đổi số",
    "Nông thôn mới", "Biên giới", "Cửa khẩu", "Cải cách hành chính", "Du lịch", "Giáo dục",
    "Y tế cơ sở", "Văn hóa dân tộc",
]  # fmt: skip


def scene_bytes(width=1200, height=800, seed=0, fmt="JPEG") -> bytes:
    """A photo-like picture (sky, hills, a banner) so pages and screenshots look real."""
    from PIL import ImageDraw

    palette = [
        ((70, 130, 180), (46, 110, 60)),
        ((190, 120, 90), (120, 90, 40)),
        ((120, 160, 210), (80, 120, 70)),
        ((200, 170, 120), (150, 40, 40)),
    ]
    sky, ground = palette[seed % len(palette)]
    image = Image.new("RGB", (width, height), sky)
    draw = ImageDraw.Draw(image)
    for y in range(height // 2):
        shade = tuple(min(255, c + y * 60 // height) for c in sky)
        draw.line([(0, y), (width, y)], fill=shade)
    step = max(1, width // 6)
    for i in range(-1, 7):
        x = i * step + (seed * 37) % step
        draw.ellipse(
            [x - step, height // 2 - step // 3, x + step, height + step],
            fill=tuple(max(0, c - 15 * (i % 3)) for c in ground),
        )
    draw.rectangle(
        [width // 5, height // 5, width * 4 // 5, height // 3], fill=(165, 14, 14)
    )  # a banner across the hall
    draw.rectangle([width // 5, height // 3, width * 4 // 5, height // 3 + 6], fill=(250, 200, 0))
    buffer = io.BytesIO()
    image.save(buffer, fmt, quality=82)
    return buffer.getvalue()


def make_scene_photo(width=1200, height=800, seed=0, **fields):
    upload = SimpleUploadedFile(f"anh-{_n()}.jpg", scene_bytes(width, height, seed), "image/jpeg")
    fields.setdefault("alt_text", "Quang cảnh hội nghị tại hội trường")
    fields.setdefault("credit", "Minh Đức")
    return Photo.objects.create(image=upload, **fields)


def make_province():
    """A small province: party and state bodies, a district that merged, officials over time."""
    province = make_organization(
        "Tỉnh ủy Biên Cương",
        short_name="Tỉnh ủy",
        kind=OrganizationKind.PROVINCIAL_COMMITTEE,
        description="Cơ quan lãnh đạo của Đảng bộ tỉnh giữa hai kỳ đại hội.",
    )
    council = make_organization(
        "Hội đồng nhân dân tỉnh Biên Cương",
        short_name="HĐND tỉnh",
        abbreviation="HĐND",
        kind=OrganizationKind.PEOPLES_COUNCIL,
    )
    bloc = make_organization(
        "Đảng ủy Khối các cơ quan tỉnh",
        short_name="Đảng ủy Khối các cơ quan tỉnh",
        abbreviation="KCCQ",
        kind=OrganizationKind.BLOC_COMMITTEE,
        parent=province,
        dissolved_on=day("31/01/2025"),
    )
    board = make_organization(
        "Ban Tuyên giáo và Dân vận Tỉnh ủy",
        short_name="Ban Tuyên giáo và Dân vận Tỉnh ủy",
        kind=OrganizationKind.PARTY_BOARD,
        parent=province,
        founded_on=day("01/03/2025"),
    )
    district = make_organization(
        "Huyện ủy Bản Lìm",
        short_name="Huyện ủy Bản Lìm",
        kind=OrganizationKind.DISTRICT_COMMITTEE,
        level=OrganizationLevel.DISTRICT,
        parent=province,
        dissolved_on=day("30/06/2025"),
    )
    commune_old = make_organization(
        "Đảng ủy thị trấn Nà Pàn",
        kind=OrganizationKind.COMMUNE_COMMITTEE,
        level=OrganizationLevel.COMMUNE,
        parent=district,
        dissolved_on=day("30/06/2025"),
    )
    commune = make_organization(
        "Đảng ủy xã Nà Pàn",
        kind=OrganizationKind.COMMUNE_COMMITTEE,
        level=OrganizationLevel.COMMUNE,
        parent=province,
        founded_on=day("01/07/2025"),
    )
    commune_old.successor = commune
    commune_old.save()
    cell = make_organization(
        "Chi bộ thôn Khau Phạ",
        kind=OrganizationKind.PARTY_CELL,
        level=OrganizationLevel.GRASSROOTS,
        parent=commune_old,
    )
    people = [make_person(name) for name in PEOPLE_NAMES]
    standing, leader = people[0], people[1]
    # The standing deputy secretary changed on 15/10/2020: articles before and after that day
    # cite different people for the same title.
    make_position(leader, province, "Phó Bí thư Thường trực", started_on=day("01/10/2015"),
                  ended_on=day("14/10/2020"), term="2015–2020", order=0)  # fmt: skip
    make_position(leader, council, "Chủ tịch", started_on=day("01/07/2016"),
                  ended_on=day("14/10/2020"), term="2016–2021", order=1)  # fmt: skip
    make_position(leader, province, "Bí thư", started_on=day("15/10/2020"), term="2020–2025")
    make_position(standing, province, "Phó Bí thư Thường trực", started_on=day("15/10/2020"),
                  term="2020–2025", order=0)  # fmt: skip
    make_position(standing, council, "Chủ tịch", started_on=day("20/06/2021"),
                  term="2021–2026", order=1)  # fmt: skip
    make_position(
        people[2], bloc, "Bí thư", started_on=day("01/08/2020"), ended_on=day("31/01/2025")
    )
    make_position(people[2], board, "Trưởng", started_on=day("01/03/2025"))
    make_position(
        people[3], district, "Bí thư", started_on=day("01/09/2020"), ended_on=day("30/06/2025")
    )
    make_position(people[3], commune, "Bí thư", started_on=day("01/07/2025"))
    for person in people[4:]:
        make_position(person, province, "Tỉnh ủy viên", started_on=day("15/10/2020"))
    return {
        "province": province, "council": council, "bloc": bloc, "board": board,
        "district": district, "commune_old": commune_old, "commune": commune, "cell": cell,
        "people": people,
    }  # fmt: skip


ARTICLE_BODY = """<p>Theo báo cáo tại buổi làm việc, toàn đảng bộ hiện có 58 tổ chức cơ sở đảng với
hơn 3.900 đảng viên. Thời gian qua, cấp ủy đã tập trung lãnh đạo thực hiện nhiệm vụ chính trị,
gắn với công tác xây dựng Đảng và hệ thống chính trị ở cơ sở.</p>
<p>Các đại biểu đã thảo luận, làm rõ những kết quả đạt được, những hạn chế còn tồn tại trong
công tác kiểm tra, giám sát và đề xuất giải pháp khắc phục trong thời gian tới.</p>
<h2>Bám sát cơ sở</h2>
<p>Phát biểu kết luận, đồng chí Phó Bí thư Thường trực Tỉnh ủy ghi nhận sự chủ động của
Ban Thường vụ trong chỉ đạo. Đồng chí đề nghị cấp ủy tiếp tục bám sát văn bản chỉ đạo của
cấp trên, hoàn thiện các báo cáo, đề án nhân sự, bảo đảm tiến độ và chất lượng.</p>
<blockquote><p>“Mỗi chi bộ phải là một pháo đài ở cơ sở”, đồng chí nhấn mạnh.</p></blockquote>
<p>Cùng ngày, đoàn công tác đã thăm hỏi, tặng quà các gia đình chính sách trên địa bàn.</p>"""

CAPTIONS = [
    "Đồng chí {name}, {role} phát biểu kết luận buổi làm việc",
    "Các đại biểu dự hội nghị tại hội trường Tỉnh ủy",
    "Đoàn công tác kiểm tra hồ sơ, văn bản của cấp ủy cơ sở",
    "Đồng chí {name} (thứ hai từ trái sang) trao đổi với cán bộ xã",
    "Quang cảnh khu dân cư thôn Khau Phạ",
]


def make_rich_article(
    title="Kiểm tra công tác chuẩn bị đại hội đảng bộ các cấp tại Huyện ủy Bản Lìm",
    *,
    province=None,
    photos=5,
    bylines=3,
    people=10,
    organizations=10,
    tags=10,
    related=2,
    section=None,
    **fields,
):
    """An article with photos, bylines, confirmed mentions, tags and related articles."""
    province = province or make_province()
    section = section or Section.objects.filter(slug="thoi-su").first() or make_section("Thời sự")
    fields.setdefault("published_at", timezone.now() - timedelta(hours=2))
    fields.setdefault("source_line", "")
    article = make_article(
        title,
        section=section,
        lead=fields.pop(
            "lead",
            "Sáng nay (22/5), đoàn kiểm tra của tỉnh do đồng chí Lương Văn Tuấn, Phó Bí thư "
            "Thường trực Tỉnh ủy, Chủ tịch HĐND tỉnh làm trưởng đoàn đã làm việc với Ban "
            "Thường vụ Huyện ủy Bản Lìm về công tác chuẩn bị đại hội đảng bộ các cấp.",
        ),
        body=fields.pop("body", ARTICLE_BODY),
        **fields,
    )
    chief = province["people"][0]
    for index in range(photos):
        caption = CAPTIONS[index % len(CAPTIONS)].format(
            name=chief.full_name, role="Phó Bí thư Thường trực Tỉnh ủy"
        )
        usage = make_article_photo(
            article,
            photo=make_scene_photo(seed=index, caption=caption),
            caption=caption,
            credit="Minh Đức" if index % 2 == 0 else "",
            order=index,
        )
        if "{name}" in CAPTIONS[index % len(CAPTIONS)]:
            usage.people.add(chief)
        if index == 0:
            article.featured_photo = usage.photo
            article.save()
    authors = [
        Author.objects.filter(name=name).first() or make_author(name)
        for name in ("Ngọc Hiếu", "Thu Diễm", "Minh Đức")[:bylines]
    ]
    authors += [make_author() for _ in range(bylines - len(authors))]
    for order, author in enumerate(authors):
        role = "photo" if order == 2 else "text"
        make_byline(article, author, role=role, order=order)
    for person in province["people"][:people]:
        mention_person(article, person, field="body")
    orgs = [value for key, value in province.items() if key != "people"]
    orgs += [make_organization() for _ in range(max(0, organizations - len(orgs)))]
    for organization in orgs[:organizations]:
        mention_organization(article, organization, field="body")
    names = TAG_NAMES + [f"Chủ đề {i}" for i in range(max(0, tags - len(TAG_NAMES)))]
    article.tags.add(*names[:tags])
    for index in range(related):
        article.related_articles.add(
            make_article(
                f"Bài liên quan số {index + 1} về đại hội đảng bộ cơ sở",
                section=section,
                published_at=timezone.now() - timedelta(days=1, hours=index),
                featured_photo=make_scene_photo(width=600, height=400, seed=index + 2),
            )
        )
    return article


# -- search ------------------------------------------------------------------------------


def make_caption(article, *people, caption="Đồng chí phát biểu tại buổi làm việc", **fields):
    """A caption (no image file) showing ``people``."""
    article_photo = ArticlePhoto.objects.create(
        article=article, photo=None, caption=caption, **fields
    )
    article_photo.people.add(*people)
    return article_photo


def at(text: str, hour: int = 9, minute: int = 0):
    """'22/05/2020' → an aware datetime that day, local time (Asia/Ho_Chi_Minh)."""
    from datetime import datetime, time

    return timezone.make_aware(datetime.combine(day(text), time(hour, minute)))


def make_user_with_permission(codename, app_label="articles", **fields):
    from django.contrib.auth.models import Permission

    user = make_user(**fields)
    user.user_permissions.add(
        Permission.objects.get(codename=codename, content_type__app_label=app_label)
    )
    return user
