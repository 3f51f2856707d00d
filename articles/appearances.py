"""PersonAppearance and OrganizationAppearance: who and what is in each published (or
scheduled) article, with its publication time, kept by triggers on both databases.

An article's rows are made again whenever one of its sources changes: its confirmed person
mentions and its captions' people (PersonAppearance), its confirmed organization mentions
with every body above each one (OrganizationAppearance), its status or publication time; and
the rows of every article naming a body when the body moves in the tree or is written (a
restore writes the bodies after the mentions). Triggers, not signals: the detector confirms
mentions with ``QuerySet.update()``, the importer writes with ``bulk_create``, the tree moves
its subtrees with ``update()``, a restore writes with ``loaddata``; none of them sends a
signal.

SQLite drops a table's triggers with the table, and Django's SQLite schema editor rebuilds a
table to alter it: a later migration that alters one of the tables named in TRIGGERS must call
``install()`` again (tests/test_appearances.py fails otherwise). A change to TRIGGERS, too,
takes a migration that calls ``install()``.
"""

from contextlib import contextmanager

from .models import ArticleStatus

# Published or scheduled: whether a reader may see it yet, the list asks with published().
PUBLISHED = ArticleStatus.PUBLISHED.value
PEOPLE = "articles_personappearance"
BODIES = "articles_organizationappearance"


def sources(appearance: str, articles: str | None, postgresql: bool) -> str:
    """(owner, article_id) of the articles in ``articles`` (an SQL set: "(NEW.id)", a
    subquery; None: every article) for one appearance table, before the published test."""
    within = f" AND {{}}article_id IN {articles}" if articles else ""
    if appearance == PEOPLE:
        return (
            "SELECT m.person_id AS owner, m.article_id FROM articles_personmention m "
            f"WHERE m.confirmed{within.format('m.')} "
            "UNION SELECT pp.person_id, p.article_id FROM articles_articlephoto_people pp "
            "JOIN articles_articlephoto p ON p.id = pp.articlephoto_id "
            f"WHERE 1 = 1{within.format('p.')}"
        )
    # A body and every body above it: the ids in its path ("/1/7/42/"), whatever the others'
    # paths are in the middle of a move (SQLite's trigger statements take no WITH clause,
    # hence no recursive query on the parents).
    above = (
        "up.id = ANY(string_to_array(btrim(o.path, '/'), '/')::bigint[])"
        if postgresql
        else "o.path LIKE '%/' || up.id || '/%'"
    )
    return (
        "SELECT DISTINCT up.id AS owner, m.article_id FROM articles_organizationmention m "
        "JOIN organizations_organization o ON o.id = m.organization_id "
        f"JOIN organizations_organization up ON {above} "
        f"WHERE m.confirmed{within.format('m.')}"
    )


def refresh(appearance: str, articles: str | None, postgresql: bool) -> list[str]:
    """The statements that make the rows of ``articles`` again in one appearance table."""
    owner = "person_id" if appearance == PEOPLE else "organization_id"
    insert = (
        f"INSERT INTO {appearance} ({owner}, article_id, published_at) "
        f"SELECT s.owner, a.id, a.published_at FROM ({sources(appearance, articles, postgresql)})"
        f" s JOIN articles_article a ON a.id = s.article_id WHERE a.status = '{PUBLISHED}'"
    )
    if articles is None:
        return [f"DELETE FROM {appearance}", insert]
    statements = [f"DELETE FROM {appearance} WHERE article_id IN {articles}", insert]
    if postgresql:
        # One writer at a time per article: a second transaction waits here for the first
        # to commit, then its statements see the first's rows (each takes a new snapshot)
        # rather than inserting them again. NO KEY UPDATE leaves the foreign keys' KEY SHARE
        # locks alone, which two writers of one article both hold.
        lock = (
            f"PERFORM 1 FROM articles_article WHERE id IN {articles} ORDER BY id FOR NO KEY UPDATE"
        )
        statements.insert(0, lock)
    return statements


PHOTO_OF = "(SELECT article_id FROM articles_articlephoto WHERE id = {}.articlephoto_id)"
NAMING = "(SELECT article_id FROM articles_organizationmention WHERE organization_id = {}.id)"
# The articles naming a new body or any body below it: a restore writes the bodies after the
# mentions, in any order, each with its path.
BELOW = (
    "(SELECT m.article_id FROM articles_organizationmention m "
    "JOIN organizations_organization o ON o.id = m.organization_id "
    "WHERE o.path LIKE '%/' || NEW.id || '/%')"
)
BOTH = (PEOPLE, BODIES)
# (trigger, table, event, condition or "", [(appearance tables, articles to make again)])
TRIGGERS = [
    ("article_insert", "articles_article", "INSERT", "", [(BOTH, "(NEW.id)")]),
    (
        "article_update",
        "articles_article",
        "UPDATE OF status, published_at",
        "OLD.status <> NEW.status OR OLD.published_at IS DISTINCT FROM NEW.published_at",
        [(BOTH, "(NEW.id)")],
    ),
    ("article_delete", "articles_article", "DELETE", "", [(BOTH, "(OLD.id)")]),
    ("person_insert", "articles_personmention", "INSERT", "", [((PEOPLE,), "(NEW.article_id)")]),
    (
        "person_update",
        "articles_personmention",
        "UPDATE OF confirmed, person_id, article_id",
        "OLD.confirmed <> NEW.confirmed OR OLD.person_id <> NEW.person_id"
        " OR OLD.article_id <> NEW.article_id",
        [((PEOPLE,), "(OLD.article_id, NEW.article_id)")],
    ),
    ("person_delete", "articles_personmention", "DELETE", "", [((PEOPLE,), "(OLD.article_id)")]),
    (
        "shown_insert",
        "articles_articlephoto_people",
        "INSERT",
        "",
        [((PEOPLE,), PHOTO_OF.format("NEW"))],
    ),
    (
        "shown_update",
        "articles_articlephoto_people",
        "UPDATE",
        "",
        [((PEOPLE,), PHOTO_OF.format("OLD")), ((PEOPLE,), PHOTO_OF.format("NEW"))],
    ),
    (
        "shown_delete",
        "articles_articlephoto_people",
        "DELETE",
        "",
        [((PEOPLE,), PHOTO_OF.format("OLD"))],
    ),
    (
        "photo_update",
        "articles_articlephoto",
        "UPDATE OF article_id",
        "OLD.article_id <> NEW.article_id",
        [((PEOPLE,), "(OLD.article_id, NEW.article_id)")],
    ),
    (
        "body_insert",
        "articles_organizationmention",
        "INSERT",
        "",
        [((BODIES,), "(NEW.article_id)")],
    ),
    (
        "body_update",
        "articles_organizationmention",
        "UPDATE OF confirmed, organization_id, article_id",
        "OLD.confirmed <> NEW.confirmed OR OLD.organization_id <> NEW.organization_id"
        " OR OLD.article_id <> NEW.article_id",
        [((BODIES,), "(OLD.article_id, NEW.article_id)")],
    ),
    (
        "body_delete",
        "articles_organizationmention",
        "DELETE",
        "",
        [((BODIES,), "(OLD.article_id)")],
    ),
    ("tree_insert", "organizations_organization", "INSERT", "", [((BODIES,), BELOW)]),
    (
        "tree_update",
        "organizations_organization",
        "UPDATE OF path",
        "OLD.path <> NEW.path",
        [((BODIES,), NAMING.format("NEW"))],
    ),
]


def _run(connection, sql: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql)  # no parameters: the statements hold "%" (LIKE), sent as they are


def _drop(connection, trigger: str, table: str, postgresql: bool) -> None:
    if postgresql:
        _run(connection, f"DROP TRIGGER IF EXISTS {trigger} ON {table}")
        _run(connection, f"DROP FUNCTION IF EXISTS {trigger}()")
    else:
        _run(connection, f"DROP TRIGGER IF EXISTS {trigger}")


def install(connection) -> None:
    """Create (again) every trigger, then make every article's rows."""
    postgresql = connection.vendor == "postgresql"
    for name, table, event, condition, work in TRIGGERS:
        trigger = f"articles_appearance_{name}"
        _drop(connection, trigger, table, postgresql)
        statements = [
            statement
            for appearances, articles in work
            for appearance in appearances
            for statement in refresh(appearance, articles, postgresql)
        ]
        body = " ".join(f"{statement};" for statement in statements)
        when = f" WHEN ({condition})" if condition else ""
        if postgresql:
            _run(
                connection,
                f"CREATE FUNCTION {trigger}() RETURNS trigger LANGUAGE plpgsql AS "
                f"$$ BEGIN {body} RETURN NULL; END $$",
            )
            _run(
                connection,
                f"CREATE TRIGGER {trigger} AFTER {event} ON {table} FOR EACH ROW{when} "
                f"EXECUTE FUNCTION {trigger}()",
            )
        else:
            # SQLite has no IS DISTINCT FROM; its IS NOT compares NULLs the same way.
            when = when.replace("IS DISTINCT FROM", "IS NOT")
            _run(
                connection,
                f"CREATE TRIGGER {trigger} AFTER {event} ON {table} FOR EACH ROW{when} "
                f"BEGIN {body} END",
            )
    rebuild(connection)


def rebuild(connection) -> None:
    """Make every article's rows again, from the source tables."""
    postgresql = connection.vendor == "postgresql"
    for appearance in BOTH:
        for statement in refresh(appearance, None, postgresql):
            _run(connection, statement)


def remove(connection) -> None:
    """Drop every trigger; the rows stay, as they are, until ``install()``."""
    postgresql = connection.vendor == "postgresql"
    for name, table, *_ in TRIGGERS:
        _drop(connection, f"articles_appearance_{name}", table, postgresql)


@contextmanager
def paused(connection):
    """For a bulk load (the synthetic newsroom's ``COPY``): no trigger fires while it writes,
    and every row is made once at the end. Row by row, each statement in a trigger keeps the
    plan it got while the tables were nearly empty: 10,000 articles took 143 s instead of 39.
    Every row is made again at the end, other writers' too; in a transaction, readers see
    none of it before then."""
    remove(connection)
    try:
        yield
    finally:
        install(connection)
