"""An editor enters the sample article by hand through the admin add forms.

The sample (shared/seed) is an inspection visit by the standing deputy secretary, who
also chairs the provincial People's Council, to two party committees; two captions name
him; two journalists sign it. The texts below are our own, in the same shape.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from articles.models import Article, ArticleStatus
from articles.roles import ROLE_EDITOR_IN_CHIEF
from organizations.models import Organization
from people.models import Author, Person, Position

from .factories import day, image_bytes, make_section, make_staff

pytestmark = pytest.mark.django_db

INLINE_PREFIXES = {
    "organizations/organization": ["children"],
    "people/person": ["positions"],
    "articles/article": [
        "bylines",
        "article_photos",
        "person_mentions",
        "organization_mentions",
        "transitions",
    ],
}


def management(prefix: str, total: int) -> dict:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def inline_forms(prefix: str, rows: list[dict]) -> dict:
    data = management(prefix, len(rows))
    for index, row in enumerate(rows):
        data.update({f"{prefix}-{index}-{name}": value for name, value in row.items()})
    return data


class AdminDesk:
    """Posts admin add forms the way the browser does, with every inline's management form."""

    def __init__(self, client):
        self.client = client

    def add(self, model: str, fields: dict, **inlines) -> None:
        data = {"_save": "Lưu"}
        for prefix in INLINE_PREFIXES.get(model, []):
            data.update(inline_forms(prefix, inlines.get(prefix, [])))
        data.update(fields)
        response = self.client.post(f"/admin/{model}/add/", data)
        if response.status_code != 302:
            errors = [
                (form.errors, getattr(form, "non_field_errors", lambda: "")())
                for form in [response.context["adminform"].form]
            ]
            formsets = [f.formset.errors for f in response.context["inline_admin_formsets"]]
            raise AssertionError(f"{model} refused: {errors} {formsets}")

    def organization(self, name, **fields) -> Organization:
        children = fields.pop("children", [])
        values = {"kind": "other", "level": "province", "order": "0", "name": name}
        values.update({k: str(getattr(v, "pk", v)) for k, v in fields.items()})
        self.add("organizations/organization", values, children=children)
        return Organization.objects.get(name=name)


@pytest.fixture
def editor(client):
    """An editor-in-chief: enters organizations and people as well as articles."""
    user = make_staff(ROLE_EDITOR_IN_CHIEF, "bientap", first_name="Thu", last_name="Hà")
    client.force_login(user)
    return user


def test_an_editor_enters_the_sample_article_by_hand(client, editor):
    desk = AdminDesk(client)

    # The organizations it names, the district one with its two units as inline rows.
    politburo = desk.organization("Bộ Chính trị", kind="central_body", level="central")
    tinh_uy = desk.organization(
        "Tỉnh ủy Lạng Sơn", short_name="Tỉnh ủy", kind="provincial_committee"
    )
    hdnd = desk.organization(
        "Hội đồng nhân dân tỉnh Lạng Sơn",
        short_name="HĐND tỉnh",
        abbreviation="HĐND",
        kind="peoples_council",
    )
    kccq = desk.organization(
        "Đảng ủy Khối các cơ quan tỉnh",
        abbreviation="KCCQ",
        aliases="Đảng ủy Khối các cơ quan (KCCQ) tỉnh\nĐảng ủy KCCQ tỉnh\nĐảng bộ KCCQ tỉnh",
        kind="bloc_committee",
        level="district",
        parent=tinh_uy,
    )
    cao_loc = desk.organization(
        "Huyện ủy Cao Lộc",
        kind="district_committee",
        level="district",
        parent=tinh_uy,
        dissolved_on="2025-06-30",
        children=[
            {"name": "Đảng bộ thị trấn Đồng Đăng", "kind": "commune_committee", "level": "commune"},
            {
                "name": "Chi bộ Phòng Giáo dục và Đào tạo huyện",
                "kind": "party_cell",
                "level": "grassroots",
            },
        ],
    )
    dong_dang = Organization.objects.get(name="Đảng bộ thị trấn Đồng Đăng")
    cell = Organization.objects.get(name="Chi bộ Phòng Giáo dục và Đào tạo huyện")
    assert set(tinh_uy.get_descendants()) == {kccq, cao_loc, dong_dang, cell}
    assert list(cell.get_ancestors()) == [tinh_uy, cao_loc]
    assert kccq.slug == "dang-uy-khoi-cac-co-quan-tinh"
    assert list(Organization.objects.search("đảng bộ kccq")) == [kccq]

    # The official, with both positions through the Position inline.
    desk.add(
        "people/person",
        {"full_name": "Hoàng Văn Nghiệm", "aliases": "", "birth_year": "", "bio": ""},
        positions=[
            {
                "title": "Phó Bí thư Thường trực",
                "organization": tinh_uy.pk,
                "started_on": "2015-10-15",
                "ended_on": "2020-10-15",
                "term": "2015–2020",
                "order": "1",
            },
            {
                "title": "Chủ tịch",
                "organization": hdnd.pk,
                "started_on": "2016-06-28",
                "ended_on": "2021-06-24",
                "term": "2016–2021",
                "order": "2",
            },
        ],
    )
    nghiem = Person.objects.get(full_name="Hoàng Văn Nghiệm")
    positions = list(nghiem.positions_on(day("22/05/2020")))
    assert [str(p) for p in positions] == ["Phó Bí thư Thường trực Tỉnh ủy", "Chủ tịch HĐND tỉnh"]

    # Two journalists and two photos.
    for pen_name in ("Ngọc Hiếu", "Thu Diễm"):
        desk.add("people/author", {"name": pen_name, "bio": "", "user": ""})
    hieu, diem = Author.objects.get(name="Ngọc Hiếu"), Author.objects.get(name="Thu Diễm")
    for number in (1, 2):
        desk.add(
            "articles/photo",
            {
                "image": SimpleUploadedFile(
                    f"kiem-tra-{number}.jpg", image_bytes(1600, 1067), "image/jpeg"
                ),
                "credit": "Ngọc Hiếu",
                "caption": "",
                "alt_text": f"Trưởng đoàn kiểm tra phát biểu, ảnh {number}",
                "taken_on": "2020-05-22",
            },
        )
    photo_1, photo_2 = sorted(editor.photos_uploaded.all(), key=lambda photo: photo.alt_text)
    assert (photo_1.width, photo_1.height) == (1600, 1067)

    # The article: two bylines, two captions, the person and the organizations it names.
    section = make_section("Chính trị")
    orgs_named = [kccq, cao_loc, politburo, dong_dang, cell, tinh_uy, hdnd]
    desk.add(
        "articles/article",
        {
            "title": "Đoàn kiểm tra của tỉnh làm việc về đại hội đảng tại Đảng ủy KCCQ tỉnh và "
            "Huyện ủy Cao Lộc",
            "dateline_code": "LSO",
            "lead": "Ngày 22/5, đoàn kiểm tra của tỉnh do đồng chí Hoàng Văn Nghiệm, Phó Bí thư "
            "Thường trực Tỉnh ủy, Chủ tịch HĐND tỉnh làm trưởng đoàn đã làm việc với Đảng ủy "
            "Khối các cơ quan (KCCQ) tỉnh.",
            "body": "<p>Buổi chiều, đoàn làm việc với Huyện ủy Cao Lộc, nơi Đảng bộ thị trấn "
            "Đồng Đăng và Chi bộ Phòng Giáo dục và Đào tạo huyện được chọn làm đại hội điểm "
            "theo chỉ thị của Bộ Chính trị.</p>",
            "source_line": "",
            "section": section.pk,
            "_workflow": "publish",
            "workflow_publish_at_0": "22/05/2020",
            "workflow_publish_at_1": "18:30:00",
            "tags": "Đại hội Đảng, Cao Lộc, Đảng ủy Khối các cơ quan tỉnh",
            "featured_photo": photo_1.pk,
        },
        bylines=[
            {"author": hieu.pk, "role": "text", "order": "0"},
            {"author": diem.pk, "role": "text", "order": "1"},
        ],
        article_photos=[
            {
                "photo": photo_1.pk,
                "caption": "Đồng chí Hoàng Văn Nghiệm, Phó Bí thư Thường trực Tỉnh ủy\n"
                "kết luận buổi làm việc tại Đảng ủy KCCQ tỉnh",
                "credit": "Ngọc Hiếu",
                "people": [nghiem.pk],
                "order": "0",
            },
            {
                "photo": photo_2.pk,
                "caption": "Đồng chí Hoàng Văn Nghiệm, Phó Bí thư Thường trực Tỉnh ủy\n"
                "làm việc với Huyện ủy Cao Lộc",
                "credit": "Ngọc Hiếu",
                "people": [nghiem.pk],
                "order": "1",
            },
        ],
        person_mentions=[
            {"person": nghiem.pk, "positions": [p.pk for p in positions], "confirmed": "on"}
        ],
        organization_mentions=[{"organization": o.pk, "confirmed": "on"} for o in orgs_named],
    )

    article = Article.objects.get()
    assert article.slug.startswith("doan-kiem-tra-cua-tinh-lam-viec")
    assert article.is_live and article.reference_date == day("22/05/2020")
    assert (article.created_by, article.edited_by) == (editor, editor)
    assert article.featured_photo == photo_1
    assert [(b.author.name, b.order) for b in article.bylines.all()] == [
        ("Ngọc Hiếu", 0),
        ("Thu Diễm", 1),
    ]
    captions = list(article.article_photos.all())
    assert [c.photo for c in captions] == [photo_1, photo_2]
    assert all(list(c.people.all()) == [nghiem] for c in captions)
    assert captions[1].caption.endswith("làm việc với Huyện ủy Cao Lộc")
    mention = article.person_mentions.get()
    assert (mention.person, mention.confirmed, mention.origin) == (nghiem, True, "manual")
    assert set(mention.positions.all()) == set(positions)
    assert set(o.organization for o in article.organization_mentions.all()) == set(orgs_named)
    assert sorted(article.tags.values_list("slug", flat=True)) == [
        "cao-loc",
        "dai-hoi-dang",
        "dang-uy-khoi-cac-co-quan-tinh",
    ]
    # Everything is linked both ways.
    assert list(nghiem.mentions.values_list("article", flat=True)) == [article.pk]
    assert list(Article.objects.filter(organization_mentions__organization=kccq)) == [article]
    assert list(nghiem.photo_appearances.all()) == captions

    # The editor can reopen it, and readers see it.
    assert client.get(f"/admin/articles/article/{article.pk}/change/").status_code == 200
    page = client.get(article.get_absolute_url())
    assert page.status_code == 200
    assert "Hoàng Văn Nghiệm" in page.content.decode()


def test_admin_autocomplete_finds_people_without_diacritics(client, editor):
    nghiem = Person.objects.create(full_name="Hoàng Văn Nghiệm")
    Person.objects.create(full_name="Lương Văn Thắng")
    response = client.get(
        "/admin/autocomplete/",
        {
            "term": "hoang van nghiem",
            "app_label": "articles",
            "model_name": "personmention",
            "field_name": "person",
        },
    )
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [str(nghiem.pk)]


def test_a_position_ending_before_it_starts_gets_a_vietnamese_message(client, editor):
    tinh_uy = Organization.objects.create(name="Tỉnh ủy Lạng Sơn", short_name="Tỉnh ủy")
    data = {"full_name": "Vi Văn Kiên", "aliases": "", "birth_year": "", "bio": "", "_save": "1"}
    data.update(
        inline_forms(
            "positions",
            [
                {
                    "title": "Bí thư",
                    "organization": tinh_uy.pk,
                    "started_on": "2020-10-16",
                    "ended_on": "2020-10-15",
                    "order": "0",
                }
            ],
        )
    )
    response = client.post("/admin/people/person/add/", data)
    assert response.status_code == 200
    assert "Ngày kết thúc phải sau hoặc bằng ngày bắt đầu." in response.content.decode()
    assert not Person.objects.exists() and not Position.objects.exists()


def test_publishing_an_unready_article_lists_what_is_missing(client, editor):
    data = {
        "title": "Bài chưa đủ điều kiện",
        "dateline_code": "LSO",
        "lead": "",
        "body": "",
        "source_line": "",
        "tags": "",
        "_workflow": "publish",
    }
    for prefix in INLINE_PREFIXES["articles/article"]:
        data.update(management(prefix, 0))
    response = client.post("/admin/articles/article/add/", data, follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert "chưa thể" in page and "sapo" in page.lower()
    article = Article.objects.get()
    assert article.status == ArticleStatus.DRAFT and article.published_at is None


def test_an_organization_cannot_be_moved_under_its_own_unit(client, editor):
    root = Organization.objects.create(name="Huyện ủy Cao Lộc")
    child = Organization.objects.create(name="Đảng bộ thị trấn Đồng Đăng", parent=root)
    data = {
        "name": root.name,
        "kind": "other",
        "level": "district",
        "order": "0",
        "parent": child.pk,
        "_save": "1",
    }
    data.update(management("children", 0))
    data["children-INITIAL_FORMS"] = "0"
    response = client.post(f"/admin/organizations/organization/{root.pk}/change/", data)
    assert response.status_code == 200
    assert "Không thể chọn một tổ chức cấp dưới" in response.content.decode()
    root.refresh_from_db()
    assert root.parent is None
