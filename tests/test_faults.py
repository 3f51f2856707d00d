"""Faults an editor meets: the media disk full or failing halfway through a save, the
database gone while a form is sent. Each leaves the record as it was and says so; none is
a 500. (Load and a real PostgreSQL restart: ``make soak``, bench/soak.py.)

The disk fills for real: RLIMIT_FSIZE makes the kernel refuse (EFBIG) any write that would
grow a file of this process past the limit, as a full disk refuses it (ENOSPC), root
included; Python ignores the SIGXFSZ signal that comes with it.
"""

import errno
import resource
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError, connections
from django.test import Client
from django.urls import reverse

from articles.models import Article, Photo, Rendition
from articles.roles import ROLE_EDITOR
from newsroom.media_writes import MediaWriteError, media_write_message

from .adminform import form_data, with_values
from .factories import make_person, make_photo_with_renditions, make_ready_article, make_staff
from .factories import scene_bytes as photo_bytes

LIMIT = 16 * 1024  # bytes a file may grow to while the disk is "full"
ALT = "Đại biểu biểu quyết thông qua nghị quyết đại hội"
CAPTION = "Các đại biểu dự phiên bế mạc đại hội chiều 22/5"
DISK_FULL_TEXT = "ổ lưu trữ ảnh và tệp đã đầy"


@contextmanager
def disk_full(limit: int = LIMIT):
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))


def stored_files() -> list[Path]:
    return sorted(p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file())


@pytest.fixture
def editor():
    client = Client()
    client.force_login(make_staff(ROLE_EDITOR))
    return client


def upload(name="dai-hoi.jpg", content=None):
    return SimpleUploadedFile(name, content or photo_bytes(1600, 1000), "image/jpeg")


def test_the_disk_limit_is_real(tmp_path):
    with disk_full(), pytest.raises(OSError) as raised, open(tmp_path / "big", "wb") as handle:
        handle.write(bytes(LIMIT + 1))
    assert raised.value.errno == errno.EFBIG
    assert DISK_FULL_TEXT in media_write_message(raised.value)


@pytest.mark.django_db
def test_a_full_disk_refuses_the_upload_with_a_message_and_keeps_what_was_typed(editor):
    content = photo_bytes(1600, 1000)
    assert len(content) > LIMIT
    add = reverse("admin:articles_photo_add")
    with disk_full():
        response = editor.post(
            add, {"image": upload(content=content), "alt_text": ALT, "caption": CAPTION}
        )
    assert response.status_code == 200
    page = response.content.decode()
    assert DISK_FULL_TEXT in page and "Chưa có gì thay đổi" in page
    assert ALT in page and CAPTION in page  # typed text is still in the form
    assert not Photo.objects.exists() and not Rendition.objects.exists()
    # At most the file the kernel cut short is left, and no row refers to it.
    assert all(path.stat().st_size <= LIMIT for path in stored_files())

    # Space is freed: the same upload goes through, with no restart and nothing to undo.
    response = editor.post(
        add, {"image": upload(content=content), "alt_text": ALT, "caption": CAPTION}
    )
    assert response.status_code == 302
    photo = Photo.objects.get()
    assert (photo.alt_text, photo.width) == (ALT, 1600)
    assert photo.renditions.count() == 8


@pytest.mark.django_db
def test_a_rendition_write_that_fails_removes_the_original_already_stored(editor):
    # The renditions' folder is broken (here: a file stands where the folder should be);
    # the original is stored first, then the first rendition cannot be written.
    media = Path(settings.MEDIA_ROOT)
    media.mkdir(parents=True)
    (media / "renditions").write_text("not a folder")
    response = editor.post(
        reverse("admin:articles_photo_add"), {"image": upload(), "alt_text": ALT}
    )
    assert response.status_code == 200
    assert "không ghi được tệp vào kho lưu trữ" in response.content.decode()
    assert not Photo.objects.exists() and not Rendition.objects.exists()
    assert stored_files() == [media / "renditions"]  # the stored original is gone again


@pytest.mark.django_db
def test_replacing_a_photo_on_a_full_disk_keeps_the_old_image_and_renditions(editor):
    photo = make_photo_with_renditions(1200, 800)
    before = (photo.image.name, sorted(photo.renditions.values_list("file", flat=True)))
    files_before = stored_files()
    change = reverse("admin:articles_photo_change", args=[photo.pk])
    with disk_full():
        response = editor.post(change, {"image": upload(), "alt_text": photo.alt_text})
    assert response.status_code == 200
    assert DISK_FULL_TEXT in response.content.decode()
    photo.refresh_from_db()
    assert (photo.image.name, sorted(photo.renditions.values_list("file", flat=True))) == before
    assert (photo.width, photo.height) == (1200, 800)
    assert set(files_before) <= set(stored_files())  # nothing of the old one was deleted


@pytest.mark.django_db
def test_the_article_is_unchanged_when_a_photo_for_it_cannot_be_stored(editor):
    article = make_ready_article(title="Bế mạc Đại hội Đảng bộ tỉnh lần thứ XVIII")
    change = reverse("admin:articles_article_change", args=[article.pk])
    opened = form_data(editor.get(change))
    before = Article.objects.values().get(pk=article.pk)
    photos_before = list(article.article_photos.values_list("photo_id", "caption"))

    with disk_full():
        # "+" beside the featured photo: the photo form in a popup, from the article form.
        response = editor.post(
            reverse("admin:articles_photo_add") + "?_to_field=id&_popup=1",
            {"image": upload(), "alt_text": ALT, "_popup": "1", "_to_field": "id"},
        )
        assert response.status_code == 200
        page = response.content.decode()
        assert DISK_FULL_TEXT in page
        assert "popup_response" not in page  # nothing goes back into the article form
        assert Article.objects.values().get(pk=article.pk) == before
        assert list(article.article_photos.values_list("photo_id", "caption")) == photos_before
        assert not Photo.objects.exclude(pk__in=[p for p, _ in photos_before]).exists()

        # The article itself writes no file: its save still goes through on the full disk.
        lead = "Chiều 22/5, đại hội bế mạc sau hai ngày làm việc khẩn trương."
        saved = editor.post(change, with_values(opened, lead=lead))
    assert saved.status_code == 302
    article.refresh_from_db()
    assert article.lead == lead and article.version == before["version"] + 1
    assert list(article.article_photos.values_list("photo_id", "caption")) == photos_before


@pytest.mark.django_db
def test_a_portrait_that_cannot_be_stored_leaves_the_person_unchanged(editor, django_user_model):
    person = make_person("Hoàng Văn Nghĩa", bio="Bí thư Đảng ủy xã.")
    admin = Client()
    admin.force_login(django_user_model.objects.create_superuser("quantri", "q@example.vn", "x"))
    change = reverse("admin:people_person_change", args=[person.pk])
    opened = form_data(admin.get(change), "person_form")
    fields = with_values(opened, full_name="Hoàng Văn Nghĩa (sửa)", bio="Chủ tịch UBND xã.")
    with disk_full():
        response = admin.post(change, {**fields, "portrait": upload("chan-dung.jpg")})
    assert response.status_code == 200
    assert DISK_FULL_TEXT in response.content.decode()
    person.refresh_from_db()
    assert (person.full_name, person.bio, person.portrait.name) == (
        "Hoàng Văn Nghĩa",
        "Bí thư Đảng ủy xã.",
        "",
    )


def test_a_media_write_error_reads_as_its_message():
    error = MediaWriteError(OSError(errno.ENOSPC, "No space left on device"))
    assert str(error) == error.message and DISK_FULL_TEXT in str(error)
    assert error.errno == errno.ENOSPC
    assert "không cho ghi" in str(MediaWriteError(OSError(errno.EROFS, "Read-only")))


@pytest.mark.django_db(transaction=True)
def test_a_form_sent_while_the_database_is_down_gets_the_503_page_saying_so(monkeypatch):
    article = make_ready_article()
    editor = Client(raise_request_exception=False)
    editor.force_login(make_staff(ROLE_EDITOR))
    change = reverse("admin:articles_article_change", args=[article.pk])
    opened = form_data(editor.get(change))

    def refuse(*args, **kwargs):
        raise OperationalError('connection to server at "127.0.0.1", port 5432 failed')

    monkeypatch.setattr(connections["default"], "get_new_connection", refuse)
    monkeypatch.setattr(connections["default"], "create_cursor", refuse)
    sent = editor.post(change, with_values(opened, lead="Sapo mới gửi lúc máy chủ dừng."))
    read = editor.get(change)
    monkeypatch.undo()

    assert sent.status_code == read.status_code == 503
    assert "có thể chưa được lưu" in sent.content.decode()
    assert "có thể chưa được lưu" not in read.content.decode()
    assert "Traceback" not in sent.content.decode()
    article.refresh_from_db()
    assert article.lead != "Sapo mới gửi lúc máy chủ dừng." and article.version == 1
