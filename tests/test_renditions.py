"""Renditions: made once with Pillow and stored; printed by {% picture %} without queries."""

import io
from html.parser import HTMLParser

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.template import Context, Template
from PIL import Image

from articles.models import Article, ArticlePhoto, Photo, Rendition
from articles.photos import (
    photo_make_renditions,
    picture_html,
    rendition_url,
    renditions_prefetch,
    with_renditions,
)
from tests.factories import make_article, make_article_photo, make_photo, make_photo_with_renditions

pytestmark = pytest.mark.django_db


def stored_photo(image: Image.Image, fmt="JPEG", name="anh.jpg", **options) -> Photo:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    upload = SimpleUploadedFile(name, buffer.getvalue())
    return Photo.objects.create(image=upload, alt_text="Quang cảnh hội nghị")


def opened(rendition: Rendition) -> Image.Image:
    with rendition.file.open("rb") as handle:
        image = Image.open(io.BytesIO(handle.read()))
        image.load()
    return image


def sizes(photo, fmt="jpeg"):
    return [(r.width, r.height) for r in photo.renditions.filter(format=fmt).order_by("width")]


# ---------------------------------------------------------------------- making


def test_every_width_in_jpeg_and_webp_stored_once():
    photo = make_photo(2000, 1500)
    created = photo_make_renditions(photo=photo)
    assert len(created) == 8
    expected = [(360, 270), (720, 540), (1080, 810), (1600, 1200)]
    assert sizes(photo, "jpeg") == expected
    assert sizes(photo, "webp") == expected
    for rendition in photo.renditions.all():
        image = opened(rendition)
        assert image.format == {"jpeg": "JPEG", "webp": "WEBP"}[rendition.format]
        assert image.size == (rendition.width, rendition.height)
        assert image.mode == "RGB"
        assert rendition.file.name.startswith("renditions/")


def test_second_call_creates_none_and_does_not_read_the_file():
    photo = make_photo(1200, 900)
    photo_make_renditions(photo=photo)
    files = set(Rendition.objects.values_list("file", flat=True))
    photo.image.storage.delete(photo.image.name)  # proves the file is not even opened
    assert photo_make_renditions(photo=Photo.objects.get(pk=photo.pk)) == []
    assert set(Rendition.objects.values_list("file", flat=True)) == files


def test_missing_ones_are_added_without_touching_the_others():
    photo = make_photo(800, 600)
    photo_make_renditions(photo=photo)
    kept = set(Rendition.objects.exclude(width=720).values_list("pk", "file"))
    Rendition.objects.filter(width=720).delete()
    created = photo_make_renditions(photo=photo)
    assert sorted((r.width, r.format) for r in created) == [(720, "jpeg"), (720, "webp")]
    assert kept <= set(Rendition.objects.values_list("pk", "file"))


@pytest.mark.parametrize(
    ("width", "height", "expected"),
    [
        (1200, 800, [360, 720, 1080, 1200]),
        (1600, 900, [360, 720, 1080, 1600]),
        (720, 480, [360, 720]),
        (300, 200, [300]),
    ],
)
def test_never_upscaled(width, height, expected):
    photo = make_photo(width, height)
    photo_make_renditions(photo=photo)
    assert [w for w, _ in sizes(photo)] == expected
    assert all(w <= width for w, _ in sizes(photo, "webp"))


def test_exif_orientation_is_applied():
    # Stored landscape, left half red; orientation 6 says "turn 90° clockwise to view",
    # so the viewer sees a portrait with the red half on top.
    raw = Image.new("RGB", (1600, 1200), (0, 0, 230))
    raw.paste((230, 0, 0), (0, 0, 800, 1200))
    exif = Image.Exif()
    exif[0x0112] = 6
    photo = stored_photo(raw, exif=exif)
    photo_make_renditions(photo=photo)
    assert sizes(photo) == [(360, 480), (720, 960), (1080, 1440), (1200, 1600)]
    image = opened(photo.renditions.get(format="jpeg", width=720))
    top, bottom = image.getpixel((360, 100)), image.getpixel((360, 860))
    assert top[0] > 200 and top[2] < 40
    assert bottom[2] > 200 and bottom[0] < 40
    assert photo_make_renditions(photo=photo) == []  # complete, judged from the stored size


def test_large_jpeg_is_decoded_at_reduced_scale_with_exact_sizes():
    photo = stored_photo(Image.new("RGB", (4000, 3000), (90, 160, 60)), quality=70)
    photo_make_renditions(photo=photo)
    assert sizes(photo) == [(360, 270), (720, 540), (1080, 810), (1600, 1200)]
    assert opened(photo.renditions.get(format="jpeg", width=1600)).size == (1600, 1200)


def test_cmyk_becomes_rgb():
    photo = stored_photo(Image.new("CMYK", (800, 600), (0, 255, 255, 0)))
    photo_make_renditions(photo=photo)
    image = opened(photo.renditions.get(format="jpeg", width=720))
    assert image.mode == "RGB"
    red, green, blue = image.getpixel((10, 10))
    assert red > 200 and green < 60 and blue < 60


def test_transparency_is_flattened_on_white():
    image = Image.new("RGBA", (800, 600), (0, 0, 0, 0))
    image.paste((0, 0, 255, 255), (0, 0, 400, 600))
    photo = stored_photo(image, "PNG", "do-hoa.png")
    photo_make_renditions(photo=photo)
    for fmt in ("jpeg", "webp"):
        flat = opened(photo.renditions.get(format=fmt, width=720))
        assert flat.mode == "RGB"
        assert min(flat.getpixel((700, 300))) > 240  # was transparent: now white
        assert flat.getpixel((100, 300))[2] > 200


def test_replace_deletes_the_old_files(django_capture_on_commit_callbacks):
    photo = make_photo_with_renditions(800, 600)
    storage = Rendition._meta.get_field("file").storage
    old = list(photo.renditions.values_list("file", flat=True))
    with django_capture_on_commit_callbacks(execute=True):
        created = photo_make_renditions(photo=photo, replace=True)
    assert len(created) == 6
    assert not any(storage.exists(name) for name in old)
    assert all(storage.exists(r.file.name) for r in created)


def test_photo_without_file_gets_none():
    assert photo_make_renditions(photo=Photo(alt_text="x")) == []


# ------------------------------------------------------------------------- tag


class Tags(HTMLParser):
    def __init__(self, html):
        super().__init__()
        self.tags = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def one(self, name):
        found = [attrs for tag, attrs in self.tags if tag == name]
        assert len(found) == 1, self.tags
        return found[0]


def render(template, **context):
    return Template("{% load photos %}" + template).render(Context(context))


def srcset_widths(srcset):
    return [int(part.rsplit(" ", 1)[1].rstrip("w")) for part in srcset.split(", ")]


def test_picture_tag_prints_webp_source_and_jpeg_img():
    photo = make_photo_with_renditions(2000, 1500, alt_text='Lễ chào cờ "đầu tuần" <sân trường>')
    html = render(
        '{% picture photo sizes="(min-width: 800px) 720px, 100vw" loading="lazy" %}', photo=photo
    )
    tags = Tags(html)
    assert [tag for tag, _ in tags.tags] == ["picture", "source", "img"]
    source, img = tags.one("source"), tags.one("img")
    assert source["type"] == "image/webp"
    assert srcset_widths(source["srcset"]) == [360, 720, 1080, 1600]
    assert all(".webp " in part for part in source["srcset"].split(", "))
    assert srcset_widths(img["srcset"]) == [360, 720, 1080, 1600]
    assert all(".jpg " in part for part in img["srcset"].split(", "))
    assert source["sizes"] == img["sizes"] == "(min-width: 800px) 720px, 100vw"
    assert img["src"] == photo.renditions.get(format="jpeg", width=720).file.url
    assert (img["width"], img["height"]) == ("720", "540")
    assert img["alt"] == 'Lễ chào cờ "đầu tuần" <sân trường>'
    assert "&quot;đầu tuần&quot; &lt;sân trường&gt;" in html  # escaped in the markup
    assert (img["loading"], img["decoding"]) == ("lazy", "async")
    assert photo.image.url not in html  # the original is never sent when renditions exist


def test_picture_tag_for_the_top_story():
    photo = make_photo_with_renditions(1200, 800)
    img = Tags(
        render(
            '{% picture photo loading="eager" fetchpriority="high" css_class="anh-chinh" %}',
            photo=photo,
        )
    ).one("img")
    assert (img["loading"], img["fetchpriority"], img["class"]) == ("eager", "high", "anh-chinh")
    assert img["sizes"] == "100vw"


def test_picture_tag_refuses_unknown_attribute_values():
    photo = make_photo_with_renditions(800, 600)
    img = Tags(render('{% picture photo loading="soon" fetchpriority="x" %}', photo=photo)).one(
        "img"
    )
    assert img["loading"] == "lazy" and "fetchpriority" not in img


def test_picture_tag_alt_falls_back_to_the_caption():
    photo = make_photo_with_renditions(800, 600, alt_text="", caption="Hội nghị cán bộ chủ chốt")
    assert Tags(render("{% picture photo %}", photo=photo)).one("img")["alt"] == (
        "Hội nghị cán bộ chủ chốt"
    )


def test_picture_tag_without_renditions_uses_the_original():
    photo = make_photo(640, 480)
    html = render("{% picture photo %}", photo=photo)
    img = Tags(html).one("img")
    assert img["src"] == photo.image.url
    assert (img["width"], img["height"]) == ("640", "480")
    assert "srcset" not in img and "<source" not in html
    assert not Rendition.objects.exists()  # nothing is resized on the way


def test_picture_tag_with_no_photo_prints_nothing():
    assert render("{% picture photo %}", photo=None) == ""
    assert render("{% picture ap.photo %}", ap=ArticlePhoto(caption="chỉ có chú thích")) == ""


def test_picture_tag_makes_no_query_when_renditions_are_prefetched(django_assert_num_queries):
    for _ in range(5):
        make_photo_with_renditions(800, 600)
    with django_assert_num_queries(2):
        photos = list(with_renditions(Photo.objects.all()))
    template = Template("{% load photos %}{% for p in photos %}{% picture p %}{% endfor %}")
    with django_assert_num_queries(0):
        html = template.render(Context({"photos": photos}))
    assert html.count("<picture>") == 5


def test_without_prefetch_it_is_one_query_per_photo(django_assert_num_queries):
    for _ in range(3):
        make_photo_with_renditions(800, 600)
    photos = list(Photo.objects.all())
    with django_assert_num_queries(3):
        render("{% for p in photos %}{% picture p %}{% endfor %}", photos=photos)


def test_prefetch_through_articles(django_assert_num_queries):
    for _ in range(3):
        article = make_article(featured_photo=make_photo_with_renditions(800, 600))
        for _ in range(2):
            make_article_photo(article, photo=make_photo_with_renditions(800, 600))
    with django_assert_num_queries(5):
        articles = list(
            Article.objects.select_related("featured_photo").prefetch_related(
                renditions_prefetch("featured_photo"),
                "article_photos__photo",
                renditions_prefetch("article_photos__photo"),
            )
        )
    template = Template(
        "{% load photos %}{% for a in articles %}{% picture a.featured_photo %}"
        "{% for ap in a.article_photos.all %}{% picture ap.photo %}{% endfor %}{% endfor %}"
    )
    with django_assert_num_queries(0):
        html = template.render(Context({"articles": articles}))
    assert html.count('type="image/webp"') == 9


def test_rendition_url_for_social_cards():
    photo = make_photo_with_renditions(2000, 1500)
    prefetched = with_renditions(Photo.objects.filter(pk=photo.pk)).get()
    big = photo.renditions.get(format="jpeg", width=1600).file.url
    assert rendition_url(prefetched, 1200) == big
    assert render("{{ photo|rendition_url:1200 }}", photo=prefetched) == big
    assert render("{{ photo|rendition_url:5000 }}", photo=prefetched) == big  # the widest
    assert rendition_url(prefetched, 700).endswith("-720.jpg")
    bare = make_photo()
    assert render("{{ photo|rendition_url:1200 }}", photo=bare) == bare.image.url
    assert render("{{ photo|rendition_url }}", photo=None) == ""


def test_picture_html_is_the_tag():
    photo = make_photo_with_renditions(800, 600)
    assert picture_html(photo, sizes="50vw") == render(
        '{% picture photo sizes="50vw" %}', photo=photo
    )


# --------------------------------------------------------------------- command


def test_command_makes_renditions_for_existing_photos():
    photos = [make_photo(800, 600) for _ in range(3)]
    out = io.StringIO()
    call_command("make_renditions", stdout=out)
    assert "tạo 18 bản thu nhỏ" in out.getvalue()
    assert all(photo.renditions.count() == 6 for photo in photos)
    out = io.StringIO()
    call_command("make_renditions", stdout=out)
    assert "Đã xem 3 ảnh, tạo 0 bản thu nhỏ" in out.getvalue()


def test_command_reports_a_missing_file_and_goes_on():
    lost = make_photo(800, 600)
    lost.image.storage.delete(lost.image.name)
    fine = make_photo(800, 600)
    err = io.StringIO()
    with pytest.raises(CommandError, match=f"#{lost.pk}"):
        call_command("make_renditions", stdout=io.StringIO(), stderr=err)
    assert f"Ảnh #{lost.pk}" in err.getvalue()
    assert fine.renditions.count() == 6


def test_command_can_remake_one_photo():
    photo, other = make_photo_with_renditions(800, 600), make_photo_with_renditions(800, 600)
    before = set(Rendition.objects.values_list("pk", flat=True))
    call_command("make_renditions", photo=[photo.pk], replace=True, stdout=io.StringIO())
    after = set(Rendition.objects.values_list("pk", flat=True))
    assert set(other.renditions.values_list("pk", flat=True)) <= after
    assert not set(photo.renditions.values_list("pk", flat=True)) & before
