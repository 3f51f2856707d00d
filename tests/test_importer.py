"""The archive importer: the text layout, malformed files, re-import, dry run, paths."""

import io
import os
from datetime import date, datetime
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from articles import linking
from articles.importer import ArticleFormatError, collect_files, decode_article, parse_article
from articles.models import (
    Article,
    ArticlePhoto,
    ArticleStatus,
    Byline,
    BylineRole,
    OrganizationMention,
    PersonMention,
)
from people.models import Author

from .directories import seed_directory
from .factories import make_author, make_photo, make_section

REPO = Path(__file__).resolve().parent.parent

ARTICLE = "\n".join(
    [
        "Thứ tư, 09/06/2021",
        "",
        "Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ ba",
        "",
        "LSO-Sáng 8/6, Tỉnh ủy tổ chức hội nghị lần thứ ba. "
        "Đồng chí Hoàng Văn Nghiệm, Phó Bí thư Thường trực Tỉnh ủy chủ trì.",
        "",
        "Hội nghị thảo luận chương trình làm việc toàn khóa. Các đại biểu tán thành dự thảo.",
        "",
        "",
        "Đồng chí Hoàng Văn Nghiệm",
        "phát biểu bế mạc hội nghị",
        "",
        "* Chiều cùng ngày, Bộ Chính trị có văn bản chỉ đạo.",
        "",
        "Quang cảnh hội nghị (Ảnh: Thu Diễm)",
        "",
        "NGỌC HIẾU – THU DIỄM",
        "",
    ]
)


@pytest.fixture(autouse=True)
def _fresh_directory():
    linking.invalidate_directory()


def _write(folder: Path, name: str, content, encoding="utf-8") -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        content = content.encode(encoding)
    path.write_bytes(content)
    return path


def _import(*args):
    """Run the command; returns (exit code, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_articles", *map(str, args), stdout=out, stderr=err)
        code = 0
    except CommandError as error:
        code = error.returncode
        err.write(str(error))
    return code, out.getvalue(), err.getvalue()


# -- parsing ---------------------------------------------------------------------


def test_parse_the_layout():
    parsed = parse_article(ARTICLE)
    assert parsed.day == date(2021, 6, 9)
    assert parsed.title == "Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ ba"
    assert parsed.dateline_code == "LSO"
    assert parsed.lead.startswith("Sáng 8/6, Tỉnh ủy")
    assert parsed.paragraphs == [
        "Hội nghị thảo luận chương trình làm việc toàn khóa. Các đại biểu tán thành dự thảo.",
        "* Chiều cùng ngày, Bộ Chính trị có văn bản chỉ đạo.",
    ]
    assert [(c.text, c.credit) for c in parsed.captions] == [
        ("Đồng chí Hoàng Văn Nghiệm phát biểu bế mạc hội nghị", ""),
        ("Quang cảnh hội nghị", "Thu Diễm"),
    ]
    assert [(b.name, b.role) for b in parsed.bylines] == [
        ("Ngọc Hiếu", BylineRole.TEXT),
        ("Thu Diễm", BylineRole.TEXT),
    ]
    assert parsed.body_html.startswith("<p>Hội nghị thảo luận")


@pytest.mark.parametrize(
    "ending, source, bylines",
    [
        ("(Theo TTXVN)", "Theo TTXVN", []),
        ("Theo Báo Nhân Dân", "Theo Báo Nhân Dân", []),
        ("THU DIỄM\n\n(Theo Báo Lạng Sơn)", "Theo Báo Lạng Sơn", ["Thu Diễm"]),
        ("Ảnh: THU DIỄM", "", ["Thu Diễm"]),
        ("NGỌC HIẾU, THU DIỄM-MINH ANH", "", ["Ngọc Hiếu", "Thu Diễm", "Minh Anh"]),
        ("Theo báo cáo, cả tỉnh có 3 huyện đạt chuẩn.", "", []),
    ],
)
def test_parse_the_end_of_an_article(ending, source, bylines):
    text = f"Thứ hai, 01/03/2021\n\nTiêu đề\n\nLSO-Sapo bài.\n\nĐoạn một.\n\n{ending}\n"
    parsed = parse_article(text)
    assert parsed.source_line == source
    assert [b.name for b in parsed.bylines] == bylines
    if not source and not bylines:
        assert parsed.paragraphs[-1] == ending


def test_parse_without_agency_code_and_with_old_tone_placement():
    parsed = parse_article("Chủ nhật, 7/3/2021\nTin vắn Tỉnh uỷ\n\nSáng nay hội nghị khai mạc.\n")
    assert parsed.title == "Tin vắn Tỉnh ủy"
    assert (parsed.dateline_code, parsed.lead) == ("", "Sáng nay hội nghị khai mạc.")


@pytest.mark.parametrize(
    "content, line, words",
    [
        (b"", 1, "rỗng"),
        (b"   \r\n\n  ", 1, "rỗng"),
        (
            b"Th\xe1\xbb\xa9 ba, 02/03/2021\n\nTi\xeau \xc4\x91\xe1\xbb\x81\n\x00\x01\x02",
            4,
            "nhị phân",
        ),
        ("Thứ ba, 02/03/2021\n\nTiêu đề".encode("utf-16"), 1, "UTF-16"),
        (
            "Thứ ba, 02/03/2021\n\nTiêu đề\n\nLSO-Sapo có chữ ợ".encode("cp1258", "replace"),
            3,
            "UTF-8",
        ),
        ("Thứ ba, 02/03/2021\n\nTiêu đề\n\nLSO-Sapo ợ".encode() + b"\n\n\xff\xfe bad", 7, "UTF-8"),
        ("Thứ tư, 31/02/2021\n\nTiêu đề\n\nSapo.".encode(), 1, "Ngày không có thật"),
        ("\n\nThứ tư, 02/13/2021\n\nTiêu đề\n\nSapo.".encode(), 3, "Ngày không có thật"),
        ("Tiêu đề không có ngày\n\nSapo.".encode(), 1, "dòng ngày"),
        ("Thứ ba, 02/03/2021\n\nLSO-Sapo mà không có tiêu đề.".encode(), 3, "Thiếu tiêu đề"),
        ("Thứ ba, 02/03/2021\n\n\n".encode(), 2, "Thiếu tiêu đề"),
        ("Thứ ba, 02/03/2021\n\nChỉ có tiêu đề".encode(), 3, "không có sapo"),
        (f"Thứ ba, 02/03/2021\n\n{'Rất dài ' * 60}\n\nSapo.".encode(), 3, "Tiêu đề dài"),
    ],
    ids=[
        "empty",
        "blank",
        "binary",
        "utf16",
        "cp1258",
        "bad-byte-late",
        "31-02",
        "month-13",
        "no-date",
        "no-title",
        "only-date",
        "no-content",
        "title-too-long",
    ],
)
def test_malformed_files_are_reported_with_their_line(content, line, words):
    with pytest.raises(ArticleFormatError) as raised:
        parse_article(decode_article(content))
    assert raised.value.line == line
    assert words in raised.value.message


# -- the command -----------------------------------------------------------------


@pytest.mark.django_db
def test_import_creates_a_draft_with_every_part(tmp_path):
    seed_directory()
    existing = make_author("Ngọc Hiếu")
    _write(tmp_path, "a.txt", ARTICLE)
    code, out, err = _import(tmp_path)
    assert (code, err) == (0, "")
    assert "tạo 1, cập nhật 0, lỗi 0" in out
    article = Article.objects.get()
    assert article.status == ArticleStatus.DRAFT
    assert timezone.localtime(article.published_at) == timezone.make_aware(datetime(2021, 6, 9))
    assert article.body.count("<p>") == 2 and "Ảnh:" not in article.body
    assert [(b.author.name, b.order) for b in article.bylines.select_related("author")] == [
        ("Ngọc Hiếu", 0),
        ("Thu Diễm", 1),
    ]
    assert article.bylines.first().author == existing  # reused, not duplicated
    photos = list(article.article_photos.order_by("order"))
    assert [(p.photo, p.credit) for p in photos] == [(None, ""), (None, "Thu Diễm")]
    assert [p.full_name for p in photos[0].people.all()] == ["Hoàng Văn Nghiệm"]
    assert article.transitions.get().to_status == ArticleStatus.DRAFT
    mention = PersonMention.objects.get(article=article)
    assert (mention.person.full_name, mention.confirmed, mention.origin) == (
        "Hoàng Văn Nghiệm",
        False,
        "detected",
    )
    assert {m.organization.name for m in OrganizationMention.objects.filter(article=article)} >= {
        "Tỉnh ủy Lạng Sơn",
        "Bộ Chính trị",
    }


@pytest.mark.django_db
def test_publish_uses_the_date_line_in_local_time(tmp_path):
    section = make_section("Thời sự")
    _write(tmp_path, "a.txt", ARTICLE)
    code, _, _ = _import(tmp_path, "--publish", "--section", section.slug, "--no-detect")
    article = Article.objects.get()
    assert code == 0 and article.status == ArticleStatus.PUBLISHED
    assert article.section == section
    assert timezone.localtime(article.published_at).date() == date(2021, 6, 9)
    assert article in Article.objects.published()
    assert not PersonMention.objects.exists()


@pytest.mark.django_db
def test_reimport_updates_instead_of_duplicating(tmp_path):
    seed_directory()
    path = _write(tmp_path, "a.txt", ARTICLE)
    _import(tmp_path)
    article = Article.objects.get()
    counts = (PersonMention.objects.count(), OrganizationMention.objects.count())
    # An editor meanwhile confirms a link and puts an image into a caption slot.
    PersonMention.objects.update(confirmed=True)
    photo = make_photo()
    ArticlePhoto.objects.filter(article=article, order=0).update(photo=photo)
    # The archive corrects the lead and the title's tone placement.
    path.write_text(
        ARTICLE.replace("lần thứ ba\n", "lần thứ ba (bổ sung)\n".replace(" (bổ sung)", ""))
        .replace("Sáng 8/6", "Sáng ngày 8/6")
        .replace("Đảng bộ tỉnh", "Đảng bộ Tỉnh"),
        encoding="utf-8",
    )
    code, out, _ = _import(tmp_path)
    assert code == 0 and "tạo 0, cập nhật 1, lỗi 0" in out
    article_again = Article.objects.get()
    assert article_again.pk == article.pk and article_again.lead.startswith("Sáng ngày 8/6")
    assert article_again.version == article.version + 1
    assert Byline.objects.count() == 2 and Author.objects.count() == 2
    assert ArticlePhoto.objects.count() == 2
    assert ArticlePhoto.objects.get(order=0).photo == photo
    assert (PersonMention.objects.count(), OrganizationMention.objects.count()) == counts
    assert PersonMention.objects.get().confirmed
    # A third run with nothing changed is still one article.
    _import(tmp_path)
    assert Article.objects.count() == 1 and article.transitions.count() == 1


@pytest.mark.django_db
def test_dry_run_saves_nothing_and_says_what_it_would_do(tmp_path):
    seed_directory()
    _write(tmp_path, "a.txt", ARTICLE)
    code, out, _ = _import(tmp_path, "--dry-run")
    assert code == 0
    assert "sẽ tạo:" in out and "Hoàng Văn Nghiệm" in out
    assert "Chạy thử — sẽ tạo 1, cập nhật 0, lỗi 0" in out
    assert not Article.objects.exists() and not Author.objects.exists()
    assert not PersonMention.objects.exists()


@pytest.mark.django_db
def test_malformed_files_are_reported_and_the_rest_go_on(tmp_path):
    _write(tmp_path, "1-good.txt", ARTICLE)
    _write(tmp_path, "2-empty.txt", b"")
    _write(tmp_path, "3-date.txt", "Thứ hai, 31/02/2021\n\nTiêu đề\n\nLSO-Sapo.")
    legacy = "Thứ hai, 01/03/2021\n\nTiêu đề\n\nLSO-Sapo.".encode("cp1258", "replace")
    _write(tmp_path, "4-latin.txt", legacy)
    _write(tmp_path, "5-good.txt", ARTICLE.replace("lần thứ ba", "lần thứ tư"))
    _write(tmp_path, "6-same-as-1.txt", ARTICLE)
    code, out, err = _import(tmp_path, "--no-detect")
    assert code == 1
    assert "tạo 2, cập nhật 0, lỗi 4" in out
    assert f"{tmp_path / '2-empty.txt'}:1: Tệp rỗng." in err
    assert f"{tmp_path / '3-date.txt'}:1: Ngày không có thật" in err
    assert f"{tmp_path / '4-latin.txt'}:3: Không đọc được bằng UTF-8" in err
    assert f"{tmp_path / '6-same-as-1.txt'}:3: Trùng bài với" in err
    assert Article.objects.count() == 2


@pytest.mark.django_db
def test_missing_path_fails():
    code, _, err = _import("/nonexistent/archive")
    assert code == 1 and "Không tìm thấy" in err


def test_only_files_under_the_given_folder_are_read(tmp_path):
    archive, outside = tmp_path / "archive", tmp_path / "outside"
    inside_file = _write(archive, "2021/a.txt", ARTICLE)
    _write(archive, "2021/notes.md", "không phải bài")
    _write(archive, ".hidden/b.txt", ARTICLE)
    secret = _write(outside, "secret.txt", ARTICLE)
    _write(outside, "more/c.txt", ARTICLE)
    os.symlink(secret, archive / "escape.txt")
    os.symlink(outside / "more", archive / "escape-dir")
    os.symlink(inside_file, archive / "alias.txt")  # inside: read once
    os.symlink(archive, archive / "2021" / "loop")  # a cycle: not followed twice
    files, problems = collect_files([str(archive)])
    assert files == [inside_file.resolve()]
    escaped = sorted(Path(problem.path).name for problem in problems)
    assert escaped == ["escape-dir", "escape.txt"]
    assert all("ngoài thư mục" in problem.message for problem in problems)


# -- the seed article ----------------------------------------------------------------


def _seed_folder() -> Path | None:
    for folder in (REPO.parent / "shared" / "seed", Path("/work/shared/seed")):
        if folder.is_dir() and any(folder.glob("*.txt")):
            return folder
    return None


@pytest.mark.django_db
def test_the_seed_article_imports_with_its_links():
    folder = _seed_folder()
    if folder is None:
        pytest.skip(f"the seed archive is not beside the clone ({REPO.parent / 'shared' / 'seed'})")
    d = seed_directory()
    code, out, err = _import(folder)
    assert (code, err) == (0, ""), err
    article = Article.objects.get()
    assert article.dateline_code == "LSO" and article.lead.startswith("Sáng nay (22/5)")
    assert not article.lead.startswith("LSO")
    assert timezone.localtime(article.published_at).date() == date(2021, 3, 2)
    assert [b.author.name for b in article.bylines.all()] == ["Ngọc Hiếu", "Thu Diễm"]
    mention = PersonMention.objects.get(article=article)
    assert mention.person == d["official"] and not mention.confirmed
    assert set(mention.positions.all()) == {d["deputy"], d["chair"]}
    assert not PersonMention.objects.filter(person=d["decoy"]).exists()
    organizations = set(
        OrganizationMention.objects.filter(article=article).values_list("organization", flat=True)
    )
    wanted = ["bloc", "district", "province", "politburo", "town", "cell"]
    assert {d[key].pk for key in wanted} <= organizations
    photos = list(article.article_photos.order_by("order"))
    assert len(photos) == 2
    for photo in photos:
        assert photo.caption.startswith("Đồng chí Hoàng Văn Nghiệm, Phó Bí thư Thường trực")
        assert "\n" not in photo.caption
        assert list(photo.people.all()) == [d["official"]]
    assert "* Chiều cùng ngày" in article.body


def test_two_blank_lines_everywhere_do_not_make_every_paragraph_a_caption():
    paragraphs = [f"Đoạn thứ {n} của bài, viết thành câu có dấu chấm." for n in range(1, 7)]
    text = "\n\n\n".join(["Thứ hai, 01/03/2021", "Tiêu đề", "LSO-Sapo.", *paragraphs, "MINH ANH"])
    parsed = parse_article(text)
    assert parsed.paragraphs == paragraphs and parsed.captions == []
    parsed = parse_article(text.replace(paragraphs[2], "Đồng chí Lương Văn Khải phát biểu"))
    assert [caption.text for caption in parsed.captions] == ["Đồng chí Lương Văn Khải phát biểu"]


def test_progress_line_on_a_terminal():
    from django.core.management.base import OutputWrapper

    from articles.management.commands.import_articles import _Progress

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    stream = Terminal()
    progress = _Progress(OutputWrapper(stream), total=4)
    for done in range(1, 5):
        progress.update(done, force=True)
    progress.close()
    output = stream.getvalue()
    assert "\r[" in output and "4/4" in output and output.endswith("\n")
    quiet = io.StringIO()  # not a terminal: nothing, so logs stay clean
    progress = _Progress(OutputWrapper(quiet), total=4)
    progress.update(2, force=True)
    progress.close()
    assert quiet.getvalue() == ""
