"""PostgreSQL search structures; nothing on other databases (SQLite searches by a simpler path).

- ``search_vector``: a tsvector of the folded document (``search_document``, folded in Python by
  newsroom.text.fold, so the database never folds text of its own), 'simple' configuration,
  punctuation turned into spaces first so tokens are the same as the query side's. GIN index,
  a large statistics target so the planner knows how common each word is.
- ``search_title_lead``: title (weight A) and lead (weight B), folded by an IMMUTABLE wrapper of
  unaccent; ranks results (title, then lead, then body) and finds title matches by index.
- ``search_ngrams``: adjacent word pairs and triples of the folded document, for phrases.
- A trigger keeps the three columns (which the Django model does not know) in step; a trigger
  rather than a generated column, so another migration can still alter ``title``'s type.
- An index on (published_at DESC NULLS LAST, id DESC): the order of every result list; and
  one on id covering published_at, status and section, to sort a few hundred ids by date.
- pg_trgm indexes on the folded names of people, organizations and authors (autocomplete).
"""

from django.db import migrations

TOKENS = r"regexp_replace({}, '[^[:alnum:]]+', ' ', 'g')"

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    # unaccent() is STABLE (it reads its dictionary from the search path), so it cannot appear
    # in an index; naming the dictionary makes the result fixed, which IMMUTABLE promises.
    """
    CREATE OR REPLACE FUNCTION newsroom_unaccent(text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    AS $$ SELECT {schema}.unaccent('{schema}.unaccent'::regdictionary, $1) $$
    """,
    """
    CREATE OR REPLACE FUNCTION newsroom_search_tokens(text) RETURNS tsvector
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    AS $$ SELECT to_tsvector('simple'::regconfig, """
    + TOKENS.format("$1")
    + """) $$
    """,
    # Adjacent word pairs and triples ("dang_uy", "dang_uy_khoi"), without positions.
    # Vietnamese words are mostly two syllables, so a phrase's pairs and triples find its few
    # candidates by index where its single syllables ("dang", "uy") are in most articles.
    """
    CREATE OR REPLACE FUNCTION newsroom_search_ngrams(text) RETURNS tsvector
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    AS $$
        SELECT coalesce(array_to_tsvector(array_agg(DISTINCT gram)), ''::tsvector)
        FROM (
            SELECT word || '_' || lead(word) OVER w AS pair,
                   word || '_' || lead(word) OVER w || '_' || lead(word, 2) OVER w AS triple
            FROM regexp_split_to_table(lower($1), '[^[:alnum:]]+') WITH ORDINALITY AS t(word, n)
            WHERE word <> ''
            WINDOW w AS (ORDER BY n)
        ) runs, LATERAL (VALUES (pair), (triple)) AS grams(gram)
        WHERE gram IS NOT NULL AND length(gram) <= 200
    $$
    """,
    "ALTER TABLE articles_article ADD COLUMN search_vector tsvector NOT NULL DEFAULT ''",
    "ALTER TABLE articles_article ADD COLUMN search_ngrams tsvector NOT NULL DEFAULT ''",
    "ALTER TABLE articles_article ADD COLUMN search_title_lead tsvector NOT NULL DEFAULT ''",
    """
    CREATE FUNCTION articles_article_search_update() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'UPDATE'
           AND NEW.search_document IS NOT DISTINCT FROM OLD.search_document
           AND NEW.title IS NOT DISTINCT FROM OLD.title
           AND NEW.lead IS NOT DISTINCT FROM OLD.lead THEN
            RETURN NEW;
        END IF;
        NEW.search_vector := newsroom_search_tokens(coalesce(NEW.search_document, ''));
        NEW.search_ngrams := newsroom_search_ngrams(coalesce(NEW.search_document, ''));
        NEW.search_title_lead :=
            setweight(newsroom_search_tokens(newsroom_unaccent(lower(coalesce(NEW.title, '')))),
                      'A')
            || setweight(newsroom_search_tokens(newsroom_unaccent(lower(coalesce(NEW.lead, '')))),
                         'B');
        RETURN NEW;
    END
    $$
    """,
    """
    CREATE TRIGGER articles_article_search BEFORE INSERT OR UPDATE ON articles_article
    FOR EACH ROW EXECUTE FUNCTION articles_article_search_update()
    """,
    # Rows written before this migration (the trigger sees no change in them and keeps these).
    """
    UPDATE articles_article SET
        search_vector = newsroom_search_tokens(search_document),
        search_ngrams = newsroom_search_ngrams(search_document),
        search_title_lead =
            setweight(newsroom_search_tokens(newsroom_unaccent(lower(title))), 'A')
            || setweight(newsroom_search_tokens(newsroom_unaccent(lower(lead))), 'B')
    """,
    "CREATE INDEX article_search_vector_gin ON articles_article USING gin (search_vector)",
    "CREATE INDEX article_search_title_lead_gin ON articles_article USING gin (search_title_lead)",
    "CREATE INDEX article_search_ngrams_gin ON articles_article USING gin (search_ngrams)",
    "ALTER TABLE articles_article ALTER COLUMN search_ngrams SET STATISTICS 2000",
    "ALTER TABLE articles_article ALTER COLUMN search_vector SET STATISTICS 2000",
    "ALTER TABLE articles_article ALTER COLUMN search_title_lead SET STATISTICS 1000",
    """
    CREATE INDEX article_published_order_idx
    ON articles_article (published_at DESC NULLS LAST, id DESC)
    """,
    # Sorting a few hundred candidate ids by date, and checking status and section, from the
    # index alone (no visit to the wide rows).
    """
    CREATE INDEX article_id_covering_idx
    ON articles_article (id) INCLUDE (published_at, status, section_id)
    """,
    "CREATE INDEX person_search_name_trgm ON people_person USING gin (search_name gin_trgm_ops)",
    """
    CREATE INDEX organization_search_name_trgm
    ON organizations_organization USING gin (search_name gin_trgm_ops)
    """,
    "CREATE INDEX author_search_name_trgm ON people_author USING gin (search_name gin_trgm_ops)",
]

BACKWARD = [
    "DROP INDEX IF EXISTS author_search_name_trgm",
    "DROP INDEX IF EXISTS organization_search_name_trgm",
    "DROP INDEX IF EXISTS person_search_name_trgm",
    "DROP INDEX IF EXISTS article_id_covering_idx",
    "DROP INDEX IF EXISTS article_published_order_idx",
    "DROP TRIGGER IF EXISTS articles_article_search ON articles_article",
    "DROP FUNCTION IF EXISTS articles_article_search_update()",
    "ALTER TABLE articles_article DROP COLUMN IF EXISTS search_title_lead",
    "ALTER TABLE articles_article DROP COLUMN IF EXISTS search_vector",
    "ALTER TABLE articles_article DROP COLUMN IF EXISTS search_ngrams",
    "DROP FUNCTION IF EXISTS newsroom_search_ngrams(text)",
    "DROP FUNCTION IF EXISTS newsroom_search_tokens(text)",
    "DROP FUNCTION IF EXISTS newsroom_unaccent(text)",
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in FORWARD[:2]:
        schema_editor.execute(statement)
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT extnamespace::regnamespace::text FROM pg_extension WHERE extname = 'unaccent'"
        )
        schema = cursor.fetchone()[0]
    for statement in FORWARD[2:]:
        schema_editor.execute(statement.replace("{schema}", schema))


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in BACKWARD:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0002_staff_search_permission"),
        ("people", "0001_initial"),
        ("organizations", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
