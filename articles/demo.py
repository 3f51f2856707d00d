"""Build the demo newsroom of ``articles.demo_content`` (``manage.py load_demo``).

Running it again changes nothing: every row is found by its natural key (a slug, a
username, an article and an order) and only written when it differs. Generated photos
are drawn once and reused while their file exists.
"""

import re
import zlib
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.utils import timezone
from django.utils.html import escape

from newsroom.text import slugify
from organizations.models import Organization
from people.models import Author, Person, Position

from . import demo_content as content
from .demo_images import SCENE_ALT, render_photo
from .models import (
    Article,
    ArticlePhoto,
    ArticleStatus,
    ArticleTransition,
    Byline,
    BylineRole,
    MentionField,
    MentionOrigin,
    OrganizationMention,
    PersonMention,
    Photo,
    Section,
    Tag,
)
from .roles import (
    ROLE_EDITOR,
    ROLE_EDITOR_IN_CHIEF,
    ROLE_REPORTER,
    ROLE_RESEARCHER,
    ensure_roles,
)

# username, role (None: superuser), first name, last name. Passwords are for the demo only.
DEMO_ACCOUNTS = [
    ("admin", None, "Quản trị", "hệ thống"),
    ("phongvien", ROLE_REPORTER, "Hải Đăng", "Phóng viên"),
    ("bientapvien", ROLE_EDITOR, "Quốc Việt", "Biên tập viên"),
    ("tongbientap", ROLE_EDITOR_IN_CHIEF, "Thanh Bình", "Tổng biên tập"),
    ("tracuu", ROLE_RESEARCHER, "Minh Thư", "Tra cứu"),
]


def demo_password(username: str) -> str:
    return f"{username}-demo"


MARKER = re.compile(r"\{([PNTOS]):([a-z0-9_]+)(?:@([a-z0-9_]+))?(?:\|([^}]*))?\}")


@dataclass
class DemoResult:
    accounts: list[tuple[str, str, str]]  # username, password, role
    counts: dict[str, int]


@dataclass
class _Mentions:
    people: dict = field(default_factory=dict)  # Person -> [positions cited, field, span]
    organizations: dict = field(default_factory=dict)  # Organization -> [field, span]

    def person(self, person, positions, where, span):
        entry = self.people.setdefault(person, [[], where, span])
        entry[0].extend(p for p in positions if p not in entry[0])

    def organization(self, organization, where, span):
        self.organizations.setdefault(organization, [where, span])


def _day(text):
    return date.fromisoformat(text) if text else None


def _upsert(model, lookup: dict, values: dict):
    """Get the row matching ``lookup``; create it, or write ``values`` only where they differ."""
    obj = model._default_manager.filter(**lookup).first()
    if obj is None:
        return model._default_manager.create(**lookup, **values), True
    changed = []
    for name, value in values.items():
        attname = model._meta.get_field(name).attname
        current = getattr(obj, attname)
        wanted = value.pk if isinstance(value, models.Model) else value
        if current != wanted:
            setattr(obj, name, value)
            changed.append(name)
    if changed:
        obj.save()
    return obj, False


class _Builder:
    def __init__(self, now: datetime):
        self.now = now
        self.today = timezone.localdate(now)
        self.orgs: dict[str, Organization] = {}
        self.people: dict[str, Person] = {}
        self.held_by: dict[int, list[Position]] = defaultdict(list)
        self.authors: dict[str, Author] = {}
        self.sections: dict[str, Section] = {}
        self.articles: dict[str, Article] = {}
        self.photos: dict[tuple[str, int], Photo] = {}
        self.users = {}

    # Accounts and roles
    def accounts(self) -> list[tuple[str, str, str]]:
        groups = ensure_roles()
        user_model = get_user_model()
        printed = []
        for username, role, first_name, last_name in DEMO_ACCOUNTS:
            user = user_model.objects.filter(username=username).first()
            user = user or user_model(username=username)
            user.first_name, user.last_name = first_name, last_name
            user.is_active = user.is_staff = True
            user.is_superuser = role is None
            user.set_password(demo_password(username))
            user.save()
            user.groups.set([groups[role]] if role else [])
            self.users[username] = user
            printed.append((username, demo_password(username), role or "Quản trị (superuser)"))
        return printed

    # Reference data
    def build_sections(self):
        for order, (key, name, description) in enumerate(content.SECTIONS):
            self.sections[key], _ = _upsert(
                Section,
                {"slug": slugify(name)},
                {"name": name, "description": description, "order": order, "is_active": True},
            )

    def build_organizations(self):
        for order, (key, name, parent, kind, level, extra) in enumerate(content.ORGANIZATIONS):
            self.orgs[key], _ = _upsert(
                Organization,
                {"slug": slugify(name)},
                {
                    "name": name,
                    "parent": self.orgs[parent] if parent else None,
                    "kind": kind,
                    "level": level,
                    "short_name": extra.get("short_name", ""),
                    "abbreviation": extra.get("abbreviation", ""),
                    "aliases": "\n".join(extra.get("aliases", [])),
                    "founded_on": _day(extra.get("founded_on")),
                    "dissolved_on": _day(extra.get("dissolved_on")),
                    "order": order,
                },
            )
        for key, _name, _parent, _kind, _level, extra in content.ORGANIZATIONS:
            successor = self.orgs[extra["successor"]] if "successor" in extra else None
            _upsert(Organization, {"pk": self.orgs[key].pk}, {"successor": successor})

    def build_people(self):
        for key, full_name, birth_year, aliases, slug in content.PEOPLE:
            self.people[key], _ = _upsert(
                Person,
                {"slug": slug or slugify(full_name)},
                {"full_name": full_name, "birth_year": birth_year, "aliases": "\n".join(aliases)},
            )
        for person_key, title, org_key, started, ended, term, order in content.POSITIONS:
            _upsert(
                Position,
                {
                    "person": self.people[person_key],
                    "organization": self.orgs[org_key],
                    "title": title,
                    "started_on": _day(started),
                },
                {"ended_on": _day(ended), "term": term, "order": order},
            )
        positions = Position.objects.filter(person__in=self.people.values()).select_related(
            "organization"
        )
        for position in positions:
            self.held_by[position.person_id].append(position)

    def build_authors(self):
        for key, name, username, bio in content.AUTHORS:
            self.authors[key], _ = _upsert(
                Author,
                {"slug": slugify(name)},
                {"name": name, "bio": bio, "user": self.users[username] if username else None},
            )

    # Text
    def held(self, person: Person, day: date) -> list[Position]:
        """What ``person.positions_on(day)`` returns, without a query per marker."""
        held = [
            p
            for p in self.held_by[person.pk]
            if (p.started_on is None or p.started_on <= day)
            and (p.ended_on is None or p.ended_on >= day)
        ]
        return sorted(held, key=lambda p: (p.order, -(p.started_on or date.min).toordinal(), p.pk))

    def render(self, text: str, day: date, where: str, mentions: _Mentions, shown=None) -> str:
        def expand(match):
            kind, key, at, custom = match.groups()
            if kind in "OS":
                organization = self.orgs[key]
                out = custom or (organization.label if kind == "S" else organization.name)
                mentions.organization(organization, where, out)
                return out
            person = self.people[key]
            cited = []
            if kind == "P":
                cited = self.held(person, day)
                out = ", ".join([person.full_name, *(str(p) for p in cited)])
            elif kind == "N":
                out = custom or person.full_name
            else:
                cited = [
                    p
                    for p in self.held(person, day)
                    if not at or p.organization.pk == self.orgs[at].pk
                ]
                if not cited:
                    raise ValueError(f"Dữ liệu mẫu: {key} không giữ chức vụ nào ở {at} ngày {day}.")
                cited = cited[:1]
                out = str(cited[0])
            mentions.person(person, cited, where, person.full_name if kind == "P" else out)
            if shown is not None and person not in shown:
                shown.append(person)
            return out

        return MARKER.sub(expand, text)

    # Articles
    def published_at(self, when):
        if when is None:
            return None
        if isinstance(when, tuple):
            direction, days, clock = when
            day = self.today + timedelta(days=days if direction == "ahead" else -days)
            moment = datetime.combine(day, time.fromisoformat(clock))
        else:
            moment = datetime.fromisoformat(when)
        return timezone.make_aware(moment)

    def build_articles(self):
        reporter, editor = self.users["phongvien"], self.users["bientapvien"]
        for spec in content.ARTICLES:
            published_at = self.published_at(spec.when)
            day = timezone.localdate(published_at) if published_at else self.today
            mentions = _Mentions()
            title = self.render(spec.title, day, MentionField.TITLE, mentions)
            lead = self.render(spec.lead, day, MentionField.LEAD, mentions)
            body = "\n".join(
                f"<p>{escape(self.render(paragraph, day, MentionField.BODY, mentions))}</p>"
                for paragraph in spec.body
            )
            article, created = _upsert(
                Article,
                {"slug": slugify(title, max_length=180)},
                {
                    "title": title,
                    "lead": lead,
                    "body": body,
                    "dateline_code": "LSO",
                    "section": self.sections[spec.section],
                    "status": spec.status,
                    "published_at": published_at,
                    "source_line": spec.source_line,
                    "created_by": reporter,
                    "edited_by": editor if spec.status != ArticleStatus.DRAFT else reporter,
                },
            )
            self.articles[spec.key] = article
            bylines = self.sync_bylines(article, spec.by)
            photos = self.sync_photos(article, spec, day, mentions, bylines)
            _upsert(Article, {"pk": article.pk}, {"featured_photo": photos[0] if photos else None})
            self.sync_mentions(article, mentions)
            article.tags.set(spec.tags)
            if created:
                self.record_history(article, spec, published_at)
        for spec in content.ARTICLES:
            self.articles[spec.key].related_articles.set(
                [self.articles[key] for key in spec.related]
            )

    def sync_bylines(self, article, by: str) -> list[Byline]:
        bylines = []
        for order, item in enumerate(by.split()):
            key, _, role = item.partition(":")
            byline, _ = _upsert(
                Byline,
                {"article": article, "author": self.authors[key], "role": role or BylineRole.TEXT},
                {"order": order},
            )
            bylines.append(byline)
        Byline.objects.filter(article=article).exclude(pk__in=[b.pk for b in bylines]).delete()
        return bylines

    def sync_photos(self, article, spec, day, mentions, bylines) -> list[Photo]:
        photographers = [b for b in bylines if b.role == BylineRole.PHOTO] or bylines
        credit = photographers[0].author.name
        photos = []
        for order, item in enumerate(spec.photos):
            shown: list[Person] = []
            caption = self.render(item.caption, day, MentionField.CAPTION, mentions, shown)
            shown += [self.people[key] for key in item.people if self.people[key] not in shown]
            if item.reuse:
                photo = self.photos[item.reuse]
            else:
                usage = ArticlePhoto.objects.filter(article=article, order=order).first()
                photo = self.demo_photo(
                    usage.photo if usage else None,
                    name=f"{article.slug[:80]}-{order + 1}.jpg",
                    scene=item.scene,
                    seed=zlib.crc32(f"{spec.key}-{order}".encode()),
                    values={
                        "caption": caption,
                        "credit": credit,
                        "alt_text": f"{SCENE_ALT[item.scene]} (ảnh minh họa của dữ liệu mẫu)",
                        "taken_on": day,
                        "uploaded_by": self.users["phongvien"],
                    },
                )
            self.photos[(spec.key, order)] = photo
            usage, _ = _upsert(
                ArticlePhoto,
                {"article": article, "order": order},
                {"photo": photo, "caption": caption, "credit": credit},
            )
            usage.people.set(shown)
            photos.append(photo)
        ArticlePhoto.objects.filter(article=article, order__gte=len(spec.photos)).delete()
        return photos

    def demo_photo(self, photo, *, name, scene, seed, values) -> Photo:
        if photo is not None and photo.image and photo.image.storage.exists(photo.image.name):
            _upsert(Photo, {"pk": photo.pk}, values)
            # A row without its size makes Django open the file to measure it each time the
            # row is loaded (every page showing it): store the size from an older demo.
            Photo.objects.filter(pk=photo.pk, width__isnull=True).update(
                width=photo.width, height=photo.height
            )
            return photo
        photo = photo or Photo()
        for key, value in values.items():
            setattr(photo, key, value)
        # A named file: Django measures width and height only for a file with a name.
        content = ContentFile(render_photo(scene, seed), name=name)
        photo.image.save(name, content, save=False)
        photo.save()
        return photo

    def sync_mentions(self, article, mentions: _Mentions):
        for person, (positions, where, span) in mentions.people.items():
            mention, _ = _upsert(
                PersonMention,
                {"article": article, "person": person},
                {
                    "confirmed": True,
                    "origin": MentionOrigin.MANUAL,
                    "field": where,
                    "span_text": span[:300],
                },
            )
            mention.positions.set(positions)
        PersonMention.objects.filter(article=article).exclude(
            person__in=list(mentions.people)
        ).delete()
        for organization, (where, span) in mentions.organizations.items():
            _upsert(
                OrganizationMention,
                {"article": article, "organization": organization},
                {
                    "confirmed": True,
                    "origin": MentionOrigin.MANUAL,
                    "field": where,
                    "span_text": span[:300],
                },
            )
        OrganizationMention.objects.filter(article=article).exclude(
            organization__in=list(mentions.organizations)
        ).delete()

    def record_history(self, article, spec, published_at):
        """The workflow steps a real article of this status went through, once."""
        reporter, editor = self.users["phongvien"], self.users["bientapvien"]
        chief = self.users["tongbientap"]
        moment = published_at or self.now - timedelta(hours=20)
        if spec.when and isinstance(spec.when, tuple) and spec.when[0] == "ahead":
            moment = self.now - timedelta(hours=2)  # scheduled: approved now, shown later
        S = ArticleStatus
        steps = [("", S.DRAFT, reporter, moment - timedelta(hours=5), "")]
        if spec.status != S.DRAFT:
            steps.append((S.DRAFT, S.REVIEW, reporter, moment - timedelta(hours=3), ""))
        if spec.status in (S.PUBLISHED, S.UNPUBLISHED):
            steps.append((S.REVIEW, S.PUBLISHED, editor, moment, ""))
        if spec.status == S.UNPUBLISHED:
            steps.append(
                (S.PUBLISHED, S.UNPUBLISHED, chief, moment + timedelta(days=1), "Lịch thay đổi.")
            )
        ArticleTransition.objects.bulk_create(
            ArticleTransition(
                article=article, from_status=a, to_status=b, user=u, created_at=t, note=n
            )
            for a, b, u, t, n in steps
        )
        Article.objects.filter(pk=article.pk).update(
            created_at=steps[0][3], updated_at=steps[-1][3]
        )


MODELS_COUNTED = [
    Section, Organization, Person, Position, Author, Article, Byline, Photo, ArticlePhoto,
    PersonMention, OrganizationMention, ArticleTransition, Tag,
]  # fmt: skip


def demo_counts() -> dict[str, int]:
    counts = {model._meta.verbose_name_plural: model.objects.count() for model in MODELS_COUNTED}
    counts["tài khoản"] = get_user_model().objects.count()
    return counts


@transaction.atomic
def load_demo(*, now: datetime | None = None) -> DemoResult:
    """Create or refresh the demo newsroom; return the demo accounts and the row counts."""
    builder = _Builder(now or timezone.now())
    accounts = builder.accounts()
    builder.build_sections()
    builder.build_organizations()
    builder.build_people()
    builder.build_authors()
    builder.build_articles()
    return DemoResult(accounts=accounts, counts=demo_counts())
