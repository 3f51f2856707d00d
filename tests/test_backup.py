"""Backup and restore: the whole newsroom comes back, row for row and byte for byte."""

import io
import json
import tarfile
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command

from articles.models import (
    Article,
    ArticlePhoto,
    Byline,
    OrganizationAppearance,
    PersonAppearance,
    PersonMention,
    Photo,
)
from newsroom.backup import (
    MANIFEST,
    BackupError,
    backup_models,
    create_backup,
    restore_backup,
)
from people.models import Position

from .factories import make_article, make_newsroom

pytestmark = pytest.mark.django_db(transaction=True)


def database_fingerprint() -> dict:
    """Every row of every backed-up model and every many-to-many link, by raw columns."""
    rows = {}
    for model in backup_models():
        rows[model._meta.label_lower] = list(model._base_manager.order_by("pk").values())
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            if through._meta.auto_created:
                # The link, not its surrogate id: restore re-adds links through the ORM, and
                # PostgreSQL's sequences keep counting across rolled-back tests.
                columns = [f.attname for f in through._meta.local_fields if not f.primary_key]
                rows[through._meta.label_lower] = list(
                    through.objects.order_by(*columns).values(*columns)
                )
    return rows


def media_fingerprint() -> dict[str, bytes]:
    found = {}

    def walk(path=""):
        directories, files = default_storage.listdir(path)
        for name in files:
            key = f"{path}/{name}" if path else name
            with default_storage.open(key, "rb") as handle:
                found[key] = handle.read()
        for name in directories:
            walk(f"{path}/{name}" if path else name)

    if Path(default_storage.location).exists():
        walk()
    return found


@pytest.fixture
def newsroom(django_user_model):
    objects = make_newsroom()
    LogEntry.objects.create(
        user=objects["editor"],
        content_type=ContentType.objects.get_for_model(Article),
        object_id=str(objects["article"].pk),
        object_repr=objects["article"].title,
        action_flag=ADDITION,
        change_message="[]",
    )
    if apps.is_installed("reversion"):
        import reversion

        registered_here = not reversion.is_registered(Article)
        if registered_here:
            reversion.register(Article)
        with reversion.create_revision():
            reversion.set_user(objects["editor"])
            reversion.set_comment("Sửa tiêu đề")
            objects["article"].title = "Đoàn công tác Tỉnh ủy làm việc tại xã Đồng Đăng"
            objects["article"].save()
        yield objects
        if registered_here:
            reversion.unregister(Article)
    else:
        yield objects


def rewrite_archive(source: Path, target: Path, change) -> None:
    """Copy a backup, letting ``change(name, data)`` return new bytes (or None to drop)."""
    with tarfile.open(source, "r:gz") as old, tarfile.open(target, "w:gz") as new:
        for member in old.getmembers():
            data = old.extractfile(member).read()
            data = change(member.name, data)
            if data is None:
                continue
            info = tarfile.TarInfo(member.name)
            info.size = len(data)
            new.addfile(info, io.BytesIO(data))


def appearance_rows() -> tuple[set, set]:
    return (
        set(PersonAppearance.objects.values_list("person_id", "article_id")),
        set(OrganizationAppearance.objects.values_list("organization_id", "article_id")),
    )


def test_round_trip_keeps_every_row_and_every_file(newsroom, tmp_path, client):
    before_rows = database_fingerprint()
    before_media = media_fingerprint()
    assert len(before_media) == 2
    appearances = appearance_rows()
    assert all(appearances)
    article = newsroom["article"]

    call_command("backup", output_dir=tmp_path / "backups", verbosity=0)
    (archive,) = (tmp_path / "backups").glob("newsroom-*.tar.gz")

    # Damage everything: the article and its rows go, files go, other rows change or appear.
    client.force_login(newsroom["editor"])
    assert Session.objects.count() == 1
    for photo in Photo.objects.all():
        photo.image.delete(save=False)
    Article.objects.filter(pk=article.pk).delete()
    ArticlePhoto.objects.update(caption="Sai chú thích")
    Position.objects.update(title="Sai chức danh")
    make_article("Bài viết thêm sau khi sao lưu")
    assert database_fingerprint() != before_rows

    call_command("restore", archive, interactive=False, verbosity=0)

    assert database_fingerprint() == before_rows
    assert media_fingerprint() == before_media
    # Not in the archive: the triggers made them again as the rows went in.
    assert appearance_rows() == appearances
    # Sessions are not restored: whoever was logged in must log in again.
    assert Session.objects.count() == 0

    restored = Article.objects.get(pk=article.pk)
    assert restored.title == article.title
    assert [b.author.name for b in Byline.objects.filter(article=restored)] == [
        "Hoàng Minh",
        "Vi Thu",
    ]
    captions = list(restored.article_photos.order_by("order"))
    assert captions[0].caption == "Đồng chí Lương Văn Thành phát biểu tại buổi làm việc"
    assert [p.full_name for p in captions[0].people.all()] == ["Lương Văn Thành"]
    assert captions[0].photo.image.read() == before_media[captions[0].photo.image.name]
    assert (captions[0].photo.width, captions[0].photo.height) == (80, 60)
    mention = PersonMention.objects.get(article=restored)
    assert sorted(p.title for p in mention.positions.all()) == [
        "Phó Bí thư Thường trực",
        "Trưởng ban",
    ]
    assert sorted(restored.tags.names()) == ["Xây dựng Đảng", "Đồng Đăng"]
    assert newsroom["editor"].has_perm("articles.change_article")
    if apps.is_installed("reversion"):
        from reversion.models import Version

        assert Version.objects.get_for_object(restored).count() == 1
    # The sequences moved past the restored ids: new rows do not collide.
    assert make_article("Bài mới sau khi khôi phục").pk > article.pk


def test_manifest_counts_rows_per_model_and_hashes_each_file(newsroom, tmp_path):
    result = create_backup(tmp_path)
    with tarfile.open(result.path, "r:gz") as archive:
        manifest = json.loads(archive.extractfile(MANIFEST).read())
        names = archive.getnames()
    assert manifest["counts"]["articles.article"] == 2
    assert manifest["counts"]["articles.articlephoto"] == 2
    assert manifest["counts"]["articles.articlephoto_people"] == 1
    assert manifest["counts"]["articles.personmention_positions"] == 2
    assert manifest["counts"]["people.position"] == 3
    assert manifest["counts"]["admin.logentry"] == 1
    assert "contenttypes.contenttype" not in manifest["counts"]
    assert "sessions.session" not in manifest["counts"]
    if apps.is_installed("reversion"):
        assert manifest["counts"]["reversion.version"] >= 1
    photo = newsroom["photos"][0]
    entry = manifest["files"][photo.image.name]
    assert entry["size"] == photo.image.size
    assert f"media/{photo.image.name}" in names
    assert names[-1] == MANIFEST
    assert manifest["migrations"]["articles"]


def test_tampered_file_is_refused_before_anything_changes(newsroom, tmp_path):
    result = create_backup(tmp_path)
    name = f"media/{newsroom['photos'][0].image.name}"
    tampered = tmp_path / "tampered.tar.gz"
    rewrite_archive(result.path, tampered, lambda n, d: d[:-1] + b"x" if n == name else d)
    Article.objects.filter(pk=newsroom["article"].pk).update(title="Tiêu đề hiện tại")
    before_rows = database_fingerprint()

    with pytest.raises(BackupError, match="không khớp mã kiểm tra"):
        restore_backup(tampered)

    assert database_fingerprint() == before_rows


def test_missing_file_and_foreign_member_are_refused(newsroom, tmp_path):
    result = create_backup(tmp_path)
    name = f"media/{newsroom['photos'][1].image.name}"
    missing = tmp_path / "missing.tar.gz"
    rewrite_archive(result.path, missing, lambda n, d: None if n == name else d)
    with pytest.raises(BackupError, match="thiếu 1 tệp"):
        restore_backup(missing)

    escaping = tmp_path / "escaping.tar.gz"
    with tarfile.open(result.path, "r:gz") as old, tarfile.open(escaping, "w:gz") as new:
        for member in old.getmembers():
            new.addfile(member, old.extractfile(member))
        info = tarfile.TarInfo("media/../../outside.txt")
        info.size = 4
        new.addfile(info, io.BytesIO(b"evil"))
    with pytest.raises(BackupError, match="không hợp lệ"):
        restore_backup(escaping)
    assert not (tmp_path.parent / "outside.txt").exists()


def test_backup_from_a_newer_schema_is_refused(newsroom, tmp_path):
    result = create_backup(tmp_path)
    newer = tmp_path / "newer.tar.gz"

    def add_migration(name, data):
        if name != MANIFEST:
            return data
        manifest = json.loads(data)
        manifest["migrations"]["articles"].append("9999_from_the_future")
        return json.dumps(manifest).encode()

    rewrite_archive(result.path, newer, add_migration)
    with pytest.raises(BackupError, match="9999_from_the_future"):
        restore_backup(newer)


def test_not_a_backup_gives_a_clear_message(tmp_path, db):
    junk = tmp_path / "junk.tar.gz"
    junk.write_bytes(b"not a tar file")
    with pytest.raises(CommandError, match="Không mở được bản sao lưu"):
        call_command("restore", junk, interactive=False)
    with pytest.raises(CommandError, match="Không tìm thấy tệp sao lưu"):
        call_command("restore", tmp_path / "absent.tar.gz", interactive=False)


def test_restore_asks_before_replacing_a_database_that_has_rows(newsroom, tmp_path, monkeypatch):
    result = create_backup(tmp_path)
    Article.objects.filter(pk=newsroom["article"].pk).update(title="Tiêu đề hiện tại")
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    with pytest.raises(CommandError, match="Đã hủy khôi phục"):
        call_command("restore", result.path)
    assert Article.objects.get(pk=newsroom["article"].pk).title == "Tiêu đề hiện tại"
    monkeypatch.setattr("builtins.input", lambda prompt: "yes")
    call_command("restore", result.path, verbosity=0)
    assert Article.objects.get(pk=newsroom["article"].pk).title == newsroom["article"].title
