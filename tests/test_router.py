"""The read replica: anonymous public reads go there, everything else to the primary."""

import pytest
from django.db import connection, connections
from django.db.utils import load_backend
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from articles.models import Article
from newsroom import config
from newsroom.db import (
    ReplicaRouter,
    ReplicaRoutingMiddleware,
    reading_from_replica,
    replica_reads,
    use_primary,
)

from .factories import make_article, make_user

factory = RequestFactory()


def flag_seen_by_view(request) -> bool:
    seen = []

    def view(request):
        seen.append(reading_from_replica())
        return HttpResponse()

    ReplicaRoutingMiddleware(view)(request)
    assert reading_from_replica() is False  # reset once the response is made
    return seen[0]


def test_settings_add_a_replica_and_its_router_only_when_configured(tmp_path):
    env = {
        "DATABASE_URL": "postgres://newsroom@db-primary:5432/newsroom",
        "DATABASE_REPLICA_URL": "postgres://newsroom@db-replica:5432/newsroom",
    }
    databases = config.databases(env, base_dir=tmp_path)
    assert databases["default"]["HOST"] == "db-primary"
    assert databases["replica"]["HOST"] == "db-replica"
    assert databases["replica"]["TEST"] == {"MIRROR": "default"}
    assert databases["replica"]["CONN_HEALTH_CHECKS"] is True
    assert config.database_routers(env) == ["newsroom.db.ReplicaRouter"]

    alone = config.databases({}, base_dir=tmp_path)
    assert set(alone) == {"default"}
    assert alone["default"]["NAME"] == str(tmp_path / "db.sqlite3")
    assert alone["default"]["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert config.database_routers({}) == []


def test_router_reads_from_the_replica_only_when_the_request_allows_it():
    router = ReplicaRouter()
    assert router.db_for_read(Article) == "default"
    with replica_reads():
        assert router.db_for_read(Article) == "replica"
        assert router.db_for_write(Article) == "default"
        with use_primary():
            assert router.db_for_read(Article) == "default"
        assert router.db_for_read(Article) == "replica"
    assert router.db_for_read(Article) == "default"
    assert router.allow_migrate("default", "articles") is True
    assert router.allow_migrate("replica", "articles") is False


def test_only_anonymous_public_gets_are_marked_for_the_replica(settings):
    assert flag_seen_by_view(factory.get("/")) is True
    assert flag_seen_by_view(factory.head("/chinh-tri/")) is True
    assert flag_seen_by_view(factory.post("/")) is False
    assert flag_seen_by_view(factory.get("/admin/")) is False
    assert flag_seen_by_view(factory.get("/admin/login/")) is False
    assert flag_seen_by_view(factory.get("/tra-cuu/")) is False
    logged_in = factory.get("/")
    logged_in.COOKIES[settings.SESSION_COOKIE_NAME] = "abc"
    assert flag_seen_by_view(logged_in) is False


def test_the_flag_is_reset_even_when_the_view_fails():
    def broken(request):
        assert reading_from_replica()
        raise RuntimeError("view failed")

    with pytest.raises(RuntimeError):
        ReplicaRoutingMiddleware(broken)(factory.get("/"))
    assert reading_from_replica() is False


@pytest.fixture
def replica(transactional_db, settings):
    """A second, real connection to the test database, standing in for a replica."""
    primary = connections["default"]
    backend = load_backend(primary.settings_dict["ENGINE"])
    connection = backend.DatabaseWrapper(dict(primary.settings_dict), alias="replica")
    connections["replica"] = connection
    settings.DATABASE_ROUTERS = ["newsroom.db.ReplicaRouter"]
    yield connection
    connection.close()
    del connections["replica"]


def test_reader_pages_query_the_replica_and_staff_pages_the_primary(replica, client):
    article = make_article("Bài viết đọc từ bản sao")
    editor = make_user("bientap", is_superuser=True)

    with (
        CaptureQueriesContext(replica) as on_replica,
        CaptureQueriesContext(connections["default"]) as on_primary,
    ):
        response = client.get(article.get_absolute_url())
    assert response.status_code == 200 and article.title in response.content.decode()
    assert any("articles_article" in query["sql"] for query in on_replica.captured_queries)
    assert not any("articles_article" in q["sql"] for q in on_primary.captured_queries)

    client.force_login(editor)
    with (
        CaptureQueriesContext(replica) as on_replica,
        CaptureQueriesContext(connections["default"]) as on_primary,
    ):
        assert client.get(article.get_absolute_url()).status_code == 200
        assert client.get(f"/admin/articles/article/{article.pk}/change/").status_code == 200
    assert on_replica.captured_queries == []
    assert any("articles_article" in query["sql"] for query in on_primary.captured_queries)


def test_writes_during_a_reader_request_go_to_the_primary(replica):
    with replica_reads():
        article = make_article("Bài viết ghi vào bản chính")
        assert article._state.db == "default"
        assert Article.objects.get(pk=article.pk)._state.db == "replica"


def test_postgresql_connections_run_without_jit_unless_asked(tmp_path):
    url = "postgres://newsroom@db-primary:5432/newsroom?options=-c%20statement_timeout%3D5000"
    options = config.databases({"DATABASE_URL": url}, base_dir=tmp_path)["default"]["OPTIONS"]
    assert options["options"] == "-c statement_timeout=5000 -c jit=off"
    kept = config.databases({"DATABASE_URL": url, "DB_JIT": "1"}, base_dir=tmp_path)["default"]
    assert "jit" not in kept["OPTIONS"].get("options", "")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL setting")
@pytest.mark.django_db
def test_the_test_connection_runs_without_jit():
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
