"""Accuracy of parsing and linking on tests/corpus/: our own articles, with the expected
links in NNN.expected.json beside each one."""

import json
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command

from articles import linking
from articles.importer import read_article
from articles.models import Article

from .directories import corpus_directory

CORPUS = Path(__file__).resolve().parent / "corpus"
FILES = sorted(CORPUS.glob("*.txt"))

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_directory():
    linking.invalidate_directory()


def _expected(path: Path) -> dict:
    return json.loads(path.with_suffix(".expected.json").read_text(encoding="utf-8"))


def test_corpus_is_big_and_varied_enough():
    assert len(FILES) >= 12
    parses = [_expected(path)["parse"] for path in FILES]
    assert {len(p["bylines"]) for p in parses} >= {0, 1, 2, 3}
    assert any(p["source_line"] and not p["bylines"] for p in parses)
    assert any(c["credit"] for p in parses for c in p["captions"])


@pytest.mark.parametrize("path", FILES, ids=[path.stem for path in FILES])
def test_parse(path):
    expected = _expected(path)["parse"]
    parsed = read_article(path)
    assert parsed.day == date.fromisoformat(expected["date"])
    assert parsed.title == expected["title"]
    assert parsed.dateline_code == expected["dateline_code"]
    assert not parsed.lead.startswith(expected["dateline_code"] or "\0")
    assert parsed.source_line == expected["source_line"]
    assert [[b.name, b.role] for b in parsed.bylines] == expected["bylines"]
    assert len(parsed.paragraphs) == expected["paragraphs"]
    assert len(parsed.captions) == len(expected["captions"])
    for caption, wanted in zip(parsed.captions, expected["captions"], strict=True):
        assert caption.text.startswith(wanted["starts"]), caption.text
        assert caption.credit == wanted["credit"]
        assert "Ảnh:" not in caption.text


def _found_links(article: Article) -> set[tuple]:
    links = set()
    for mention in article.person_mentions.select_related("person").prefetch_related(
        "positions__organization"
    ):
        links.add(("person", mention.person.full_name))
        for position in mention.positions.all():
            links.add(
                ("position", mention.person.full_name, position.title, position.organization.name)
            )
    for mention in article.organization_mentions.select_related("organization"):
        links.add(("organization", mention.organization.name))
    for index, photo in enumerate(article.article_photos.order_by("order")):
        for person in photo.people.all():
            links.add(("caption", index, person.full_name))
    for proposal in article.proposals.all():
        links.add(("proposal", proposal.full_name, proposal.title, proposal.organization_text))
    return links


def _expected_links(data: dict) -> set[tuple]:
    links = set()
    for name, positions in data["people"].items():
        links.add(("person", name))
        links.update(("position", name, title, org) for title, org in positions)
    links.update(("organization", name) for name in data["organizations"])
    for index, names in enumerate(data["captions"]):
        links.update(("caption", index, name) for name in names)
    links.update(("proposal", *proposal) for proposal in data["proposals"])
    return links


def test_precision_and_recall_on_the_corpus(capsys):
    corpus_directory()
    call_command("import_articles", str(CORPUS), verbosity=0)
    true_positives = false_positives = false_negatives = 0
    misses = []
    for path in FILES:
        data = _expected(path)
        article = Article.objects.get(import_key=read_article(path).import_key)
        found, expected = _found_links(article), _expected_links(data)
        true_positives += len(found & expected)
        false_positives += len(found - expected)
        false_negatives += len(expected - found)
        misses += [f"{path.stem} extra {link}" for link in sorted(found - expected, key=str)]
        misses += [f"{path.stem} missing {link}" for link in sorted(expected - found, key=str)]
    precision = true_positives / (true_positives + false_positives)
    recall = true_positives / (true_positives + false_negatives)
    with capsys.disabled():
        print(
            f"\ncorpus: {len(FILES)} articles, {true_positives + false_negatives} expected links: "
            f"precision {precision:.3f}, recall {recall:.3f}"
        )
        for line in misses:
            print("  ", line)
    assert precision >= 0.95, misses
    assert recall >= 0.95, misses
