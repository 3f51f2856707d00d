"""Small things the end-to-end suite found in the admin: Vietnamese everywhere, folded lookups."""

import ast
import gettext
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from articles.models import ArticlePhoto
from articles.roles import ROLE_EDITOR_IN_CHIEF, ROLE_REPORTER

from .factories import make_section, make_staff

LOCALE = Path(settings.BASE_DIR) / "locale" / "vi" / "LC_MESSAGES"


def read_po(path: Path) -> list[dict]:
    """The entries of a .po file: msgctxt, msgid, msgid_plural, msgstr (first form)."""
    entries, entry, key = [], {}, None
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        line = line.strip()
        if not line or line.startswith("#"):
            if entry.get("msgid"):
                entries.append(entry)
            if not line:
                entry, key = {}, None
            continue
        if line.startswith('"'):
            entry[key] += ast.literal_eval(line)
            continue
        key, _, value = line.partition(" ")
        key = "msgstr" if key.startswith("msgstr") else key
        if key == "msgstr" and "msgstr" in entry:
            key = "msgstr_other"  # a later plural form: Vietnamese has one
        entry[key] = ast.literal_eval(value)
    return entries


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_compiled_catalogs_match_their_sources(domain):
    """The committed .mo says what the .po says: nobody forgot to run msgfmt."""
    with open(LOCALE / f"{domain}.mo", "rb") as compiled:
        catalog = gettext.GNUTranslations(compiled)
    entries = read_po(LOCALE / f"{domain}.po")
    assert len(entries) > 10
    for entry in entries:
        if "msgctxt" in entry:
            found = catalog.pgettext(entry["msgctxt"], entry["msgid"])
        elif "msgid_plural" in entry:
            found = catalog.ngettext(entry["msgid"], entry["msgid_plural"], 1)
        else:
            found = catalog.gettext(entry["msgid"])
        assert found == entry["msgstr"], entry["msgid"]


@pytest.mark.django_db
def test_form_errors_and_list_toggles_are_in_vietnamese(client):
    client.force_login(make_staff(ROLE_EDITOR_IN_CHIEF))
    refused = client.post(reverse("admin:articles_section_add"), {"name": ""})
    assert refused.status_code == 200
    assert "Vui lòng sửa lỗi bên dưới." in refused.content.decode()
    assert "Please correct" not in refused.content.decode()
    photos = client.get(reverse("admin:articles_photo_changelist")).content.decode()
    assert "Hiện số lượng" in photos and "Show counts" not in photos


@pytest.mark.django_db
def test_section_lookup_folds_diacritics(client):
    """A reporter picking a section types "xa hoi" and finds "Xã hội"."""
    make_section("Xã hội")
    make_section("Thời sự")
    make_section("Quốc phòng – An ninh")
    client.force_login(make_staff(ROLE_REPORTER))

    def lookup(term):
        response = client.get(
            reverse("admin:autocomplete"),
            {"app_label": "articles", "model_name": "article", "field_name": "section",
             "term": term},
        )  # fmt: skip
        assert response.status_code == 200
        return [result["text"] for result in response.json()["results"]]

    assert lookup("xa hoi") == ["Xã hội"]
    assert lookup("Xã") == ["Xã hội"]
    assert lookup("an ninh quoc") == ["Quốc phòng – An ninh"]
    assert lookup("kinh te") == []
    assert len(lookup("")) == 3


def test_a_long_caption_heads_its_inline_cut_between_words():
    caption = (
        "Đồng chí Lương Văn Tuấn, Phó Bí thư Thường trực Tỉnh ủy, Chủ tịch HĐND tỉnh "
        "(thứ hai từ trái sang) kiểm tra hiện trường"
    )
    assert str(ArticlePhoto(caption=caption)) == (
        "Đồng chí Lương Văn Tuấn, Phó Bí thư Thường trực Tỉnh ủy, Chủ tịch HĐND tỉnh…"
    )
    assert str(ArticlePhoto(caption="Quang cảnh hội nghị")) == "Quang cảnh hội nghị"
