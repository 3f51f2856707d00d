"""Back up and restore the whole newsroom: every installed model's rows and every media file.

One ``.tar.gz`` holds ``data.jsonl`` (Django's JSON Lines serialization of every managed
model, so it loads into SQLite or PostgreSQL alike), ``media/<name>`` for each stored file,
and ``manifest.json`` last: rows per model, sha256 and size of the data and of every file,
and the migrations applied. Content types and permissions are recreated by ``migrate`` with
other ids on another database, so rows point to them by natural key; every other row keeps
its primary key, which keeps revisions (whose stored copies name primary keys) true.

Restore checks the whole archive against its manifest before it changes anything, writes
the media, then replaces the database's rows in one transaction and compares the counts.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import posixpath
import tarfile
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, time
from pathlib import Path

import django
from django.apps import apps
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import File
from django.core.files.storage import Storage, default_storage
from django.core.management import call_command
from django.core.management.color import no_style
from django.core.serializers import jsonl
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.recorder import MigrationRecorder

FORMAT = "newsroom-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATA = "data.jsonl"
MEDIA_PREFIX = "media/"
# Recreated by migrate (with other ids elsewhere); worthless after a restore (sessions name
# users the restore may change); made by the database's triggers as the restore writes the
# articles, mentions, captions and bodies (PersonAppearance, OrganizationAppearance).
EXCLUDED_MODELS = {
    "contenttypes.contenttype",
    "auth.permission",
    "sessions.session",
    "articles.personappearance",
    "articles.organizationappearance",
}
KEPT_TABLES_MODELS = (ContentType, Permission)
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup that cannot be made, or an archive that must not be restored."""


@dataclass
class BackupResult:
    path: Path
    counts: dict[str, int]
    files: int
    media_bytes: int


@dataclass
class RestoreResult:
    counts: dict[str, int]
    files: int
    warnings: list[str] = field(default_factory=list)


def backup_models() -> list:
    """Every managed, concrete model of every installed app, except the excluded ones."""
    models = [
        model
        for model in apps.get_models()
        if model._meta.managed
        and not model._meta.proxy
        and model._meta.label_lower not in EXCLUDED_MODELS
    ]
    return sorted(models, key=lambda model: model._meta.label_lower)


def _auto_m2m_fields(model) -> list:
    return [
        field
        for field in model._meta.local_many_to_many
        if field.remote_field.through._meta.auto_created
    ]


def _through_label(model, m2m_field) -> str:
    return m2m_field.remote_field.through._meta.label_lower


class _ExactJSONEncoder(DjangoJSONEncoder):
    """Django's encoder cuts times to milliseconds; a backup keeps the microseconds."""

    def default(self, o):
        if isinstance(o, datetime | time):
            value = o.isoformat()
            return value[:-6] + "Z" if value.endswith("+00:00") else value
        return super().default(o)


class _Serializer(jsonl.Serializer):
    """JSON Lines with natural keys for content types and permissions only."""

    def __init__(self, *, content_types: dict, permissions: dict, m2m_counts: Counter):
        super().__init__()
        self.content_types = content_types
        self.permissions = permissions
        self.m2m_counts = m2m_counts

    def handle_fk_field(self, obj, field):
        target = field.remote_field.model
        if target is ContentType or target is Permission:
            value = getattr(obj, field.attname)
            keys = self.content_types if target is ContentType else self.permissions
            self._current[field.name] = None if value is None else keys[value]
        else:
            super().handle_fk_field(obj, field)

    def handle_m2m_field(self, obj, field):
        if not field.remote_field.through._meta.auto_created:
            return
        related = obj._prefetched_objects_cache[field.name]
        if field.remote_field.model is Permission:
            values = [self.permissions[item.pk] for item in related]
        elif field.remote_field.model is ContentType:
            values = [self.content_types[item.pk] for item in related]
        else:
            values = [self._value_from_field(item, item._meta.pk) for item in related]
        self.m2m_counts[_through_label(type(obj), field)] += len(values)
        self._current[field.name] = values


@contextlib.contextmanager
def _snapshot(using: str):
    """One consistent view of the database for the whole dump, without blocking writers."""
    connection = connections[using]
    if connection.in_atomic_block:
        yield  # Already inside a transaction (a test): read within it.
        return
    if connection.vendor == "postgresql":
        with transaction.atomic(using=using):
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield
    elif connection.vendor == "sqlite":
        # A deferred read transaction: in WAL mode it sees one snapshot and locks nobody out.
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute("BEGIN DEFERRED")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("ROLLBACK")
    else:
        with transaction.atomic(using=using):
            yield


def applied_migrations(using: str) -> dict[str, list[str]]:
    recorder = MigrationRecorder(connections[using])
    result: dict[str, list[str]] = {}
    for app_label, name in sorted(recorder.applied_migrations()):
        result.setdefault(app_label, []).append(name)
    return result


def walk_storage(storage: Storage, path: str = ""):
    """Every file name in ``storage``, depth first, in a stable order."""
    try:
        directories, files = storage.listdir(path)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield posixpath.join(path, name) if path else name
    for name in sorted(directories):
        yield from walk_storage(storage, posixpath.join(path, name) if path else name)


class _HashingReader(io.RawIOBase):
    def __init__(self, handle):
        self.handle = handle
        self.sha256 = hashlib.sha256()
        self.size = 0

    def readable(self):
        return True

    def read(self, size=-1):
        chunk = self.handle.read(size)
        self.sha256.update(chunk)
        self.size += len(chunk)
        return chunk


def _sha256_of(handle) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    while chunk := handle.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
    return digest.hexdigest(), size


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(datetime.now(UTC).timestamp())
    archive.addfile(info, io.BytesIO(data))


def dump_data(stream, *, using: str) -> tuple[dict[str, int], str]:
    """Write every row as JSON Lines to ``stream`` (text); return the counts and vendor."""
    counts: Counter = Counter()
    m2m_counts: Counter = Counter()
    with _snapshot(using):
        content_types = {
            ct.pk: ct.natural_key() for ct in ContentType.objects.using(using).order_by("pk")
        }
        permissions = {
            perm.pk: perm.natural_key()
            for perm in Permission.objects.using(using).select_related("content_type")
        }
        serializer = _Serializer(
            content_types=content_types, permissions=permissions, m2m_counts=m2m_counts
        )
        for model in backup_models():
            m2m_names = [field.name for field in _auto_m2m_fields(model)]
            queryset = model._base_manager.using(using).order_by(model._meta.pk.name)
            if m2m_names:
                queryset = queryset.prefetch_related(*m2m_names)
            label = model._meta.label_lower
            counts[label] = 0
            for field_ in _auto_m2m_fields(model):
                m2m_counts[_through_label(model, field_)] += 0

            def counted(rows, label=label):
                for row in rows:
                    counts[label] += 1
                    yield row

            serializer.serialize(
                counted(queryset.iterator(chunk_size=2000)), stream=stream, cls=_ExactJSONEncoder
            )
    merged = {**counts, **m2m_counts}
    return dict(sorted(merged.items())), connections[using].vendor


def create_backup(
    output_dir: Path, *, using: str = DEFAULT_DB_ALIAS, storage: Storage | None = None
) -> BackupResult:
    storage = storage or default_storage
    output_dir = Path(output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S-%f")
    final_path = output_dir / f"newsroom-{stamp}.tar.gz"
    partial_path = final_path.with_suffix(".partial")
    with tempfile.TemporaryDirectory(prefix="newsroom-backup-") as workdir:
        data_path = Path(workdir) / DATA
        with data_path.open("w", encoding="utf-8") as stream:
            counts, vendor = dump_data(stream, using=using)
        with data_path.open("rb") as handle:
            data_sha256, data_size = _sha256_of(handle)
        files: dict[str, dict] = {}
        try:
            with tarfile.open(partial_path, "w:gz") as archive:
                archive.add(data_path, arcname=DATA)
                for name in walk_storage(storage):
                    info = tarfile.TarInfo(MEDIA_PREFIX + name)
                    info.size = storage.size(name)
                    info.mtime = int(datetime.now(UTC).timestamp())
                    with storage.open(name, "rb") as handle:
                        reader = _HashingReader(handle)
                        archive.addfile(info, reader)
                    if reader.size != info.size:
                        raise BackupError(f"Tệp {name} thay đổi trong lúc sao lưu; hãy chạy lại.")
                    files[name] = {"sha256": reader.sha256.hexdigest(), "size": reader.size}
                manifest = {
                    "format": FORMAT,
                    "format_version": FORMAT_VERSION,
                    "created_at": datetime.now(UTC).isoformat(),
                    "django": django.get_version(),
                    "database_vendor": vendor,
                    "migrations": applied_migrations(using),
                    "counts": counts,
                    "data": {"name": DATA, "sha256": data_sha256, "size": data_size},
                    "files": files,
                }
                body = json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True)
                _add_bytes(archive, MANIFEST, body.encode("utf-8"))
            partial_path.replace(final_path)
        finally:
            partial_path.unlink(missing_ok=True)
    return BackupResult(
        path=final_path,
        counts=counts,
        files=len(files),
        media_bytes=sum(entry["size"] for entry in files.values()),
    )


# --- restore -----------------------------------------------------------------------------


def _safe_media_name(member_name: str) -> str:
    name = member_name[len(MEDIA_PREFIX) :]
    normalized = posixpath.normpath(name)
    if (
        not name
        or name != normalized
        or normalized.startswith(("/", "../"))
        or normalized == ".."
        or "\\" in name
        or "\x00" in name
    ):
        raise BackupError(f"Tên tệp không hợp lệ trong bản sao lưu: {member_name!r}.")
    return name


def read_manifest(archive: tarfile.TarFile) -> dict:
    try:
        member = archive.getmember(MANIFEST)
    except KeyError:
        raise BackupError("Tệp này không phải bản sao lưu của tòa soạn (thiếu manifest).") from None
    try:
        manifest = json.loads(archive.extractfile(member).read().decode("utf-8"))
    except (ValueError, AttributeError) as error:
        raise BackupError(f"Manifest của bản sao lưu bị hỏng: {error}") from None
    if manifest.get("format") != FORMAT:
        raise BackupError("Tệp này không phải bản sao lưu của tòa soạn.")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            f"Bản sao lưu dùng định dạng {manifest.get('format_version')}, "
            f"phiên bản này chỉ đọc định dạng {FORMAT_VERSION}."
        )
    return manifest


def verify_archive(archive: tarfile.TarFile) -> dict:
    """Check every member against the manifest; return the manifest. Changes nothing."""
    manifest = read_manifest(archive)
    expected_files = manifest.get("files", {})
    seen_files: set[str] = set()
    data_seen = False
    for member in archive.getmembers():
        if member.name == MANIFEST:
            continue
        if not member.isreg():
            raise BackupError(f"Bản sao lưu chứa mục không phải tệp thường: {member.name!r}.")
        if member.name == DATA:
            expected = manifest["data"]
            data_seen = True
        elif member.name.startswith(MEDIA_PREFIX):
            name = _safe_media_name(member.name)
            if name not in expected_files:
                raise BackupError(f"Tệp {name!r} không có trong manifest.")
            expected = expected_files[name]
            seen_files.add(name)
        else:
            raise BackupError(f"Bản sao lưu chứa tệp lạ: {member.name!r}.")
        digest, size = _sha256_of(archive.extractfile(member))
        if digest != expected["sha256"] or size != expected["size"]:
            raise BackupError(f"Tệp {member.name!r} không khớp mã kiểm tra trong manifest.")
    if not data_seen:
        raise BackupError("Bản sao lưu thiếu dữ liệu (data.jsonl).")
    missing = sorted(set(expected_files) - seen_files)
    if missing:
        raise BackupError(f"Bản sao lưu thiếu {len(missing)} tệp ảnh, ví dụ {missing[0]!r}.")
    return manifest


def check_migrations(manifest: dict, *, using: str) -> list[str]:
    """Refuse data from a newer schema; warn about an older one."""
    target = applied_migrations(using)
    missing = [
        f"{app}.{name}"
        for app, names in manifest.get("migrations", {}).items()
        for name in names
        if name not in target.get(app, [])
    ]
    if missing:
        raise BackupError(
            "Cơ sở dữ liệu này chưa có các migration mà bản sao lưu cần: "
            + ", ".join(missing[:5])
            + (" …" if len(missing) > 5 else "")
            + ". Hãy cập nhật mã nguồn và chạy migrate trước."
        )
    newer = [
        f"{app}.{name}"
        for app, names in target.items()
        for name in names
        if name not in manifest.get("migrations", {}).get(app, [])
    ]
    if newer:
        return [f"Cơ sở dữ liệu mới hơn bản sao lưu ({len(newer)} migration); dữ liệu vẫn nạp."]
    return []


def current_counts(using: str) -> dict[str, int]:
    counts = {}
    for model in backup_models():
        counts[model._meta.label_lower] = model._base_manager.using(using).count()
        for m2m_field in _auto_m2m_fields(model):
            through = m2m_field.remote_field.through
            counts[through._meta.label_lower] = through._base_manager.using(using).count()
    return dict(sorted(counts.items()))


def rows_present(using: str) -> int:
    return sum(current_counts(using).values())


def _flush_tables(using: str) -> None:
    """Empty every table the backup fills; content types and permissions stay as migrate made
    them, and sessions go (they would name users the restore may have changed)."""
    connection = connections[using]
    kept = {model._meta.db_table for model in KEPT_TABLES_MODELS}
    tables = [
        table
        for table in connection.introspection.django_table_names(
            only_existing=True, include_views=False
        )
        if table not in kept
    ]
    statements = connection.ops.sql_flush(
        no_style(), tables, reset_sequences=True, allow_cascade=False
    )
    connection.ops.execute_sql_flush(statements)


def _restore_media(archive: tarfile.TarFile, manifest: dict, storage: Storage) -> int:
    restored = 0
    for member in archive.getmembers():
        if not member.name.startswith(MEDIA_PREFIX):
            continue
        name = _safe_media_name(member.name)
        if storage.exists(name):
            storage.delete(name)
        # _save() is the storage's write primitive: save() would "clean" the name first and
        # might store the file under another name than the rows point to.
        content = File(archive.extractfile(member), name=posixpath.basename(name))
        saved = storage._save(name, content)
        if saved != name:
            raise BackupError(f"Không ghi được tệp {name!r} đúng tên (kho lưu đặt {saved!r}).")
        with storage.open(saved, "rb") as handle:
            digest, _size = _sha256_of(handle)
        if digest != manifest["files"][name]["sha256"]:
            raise BackupError(f"Tệp {name!r} ghi ra không khớp mã kiểm tra.")
        restored += 1
    return restored


def restore_backup(
    path: Path, *, using: str = DEFAULT_DB_ALIAS, storage: Storage | None = None
) -> RestoreResult:
    storage = storage or default_storage
    path = Path(path)
    try:
        archive = tarfile.open(path, "r:gz")
    except (OSError, tarfile.TarError) as error:
        raise BackupError(f"Không mở được bản sao lưu {path}: {error}") from None
    with archive:
        try:
            manifest = verify_archive(archive)
        except (OSError, tarfile.TarError, EOFError) as error:
            raise BackupError(f"Bản sao lưu bị hỏng: {error}") from None
        warnings = check_migrations(manifest, using=using)
        files = _restore_media(archive, manifest, storage)
        with tempfile.TemporaryDirectory(prefix="newsroom-restore-") as workdir:
            data_path = Path(workdir) / DATA
            with data_path.open("wb") as handle:
                source = archive.extractfile(archive.getmember(DATA))
                while chunk := source.read(CHUNK):
                    handle.write(chunk)
            with transaction.atomic(using=using):
                _flush_tables(using)
                call_command("loaddata", str(data_path), database=using, verbosity=0)
                counts = current_counts(using)
                expected = manifest["counts"]
                differences = {
                    label: (expected.get(label, 0), counts.get(label, 0))
                    for label in sorted(set(expected) | set(counts))
                    if expected.get(label, 0) != counts.get(label, 0)
                }
                if differences:
                    detail = ", ".join(
                        f"{label}: cần {want}, có {got}"
                        for label, (want, got) in list(differences.items())[:5]
                    )
                    raise BackupError(f"Số bản ghi sau khi khôi phục không khớp ({detail}).")
    return RestoreResult(counts=counts, files=files, warnings=warnings)
