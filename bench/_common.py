"""What the benchmark scripts share (run.py skips files starting with _)."""

from collections.abc import Callable
from urllib.parse import urlparse


def figure(name, value, unit):
    """One result line, as run.py collects them: figure<TAB>value<TAB>unit."""
    print(f"{name}\t{value}\t{unit}", flush=True)


def ensure_database(url: str, *, say: Callable[[str], object] = print) -> None:
    """Create the PostgreSQL database `url` names unless it exists. Raises
    psycopg's error if the server cannot be reached."""
    import psycopg

    parts = urlparse(url)
    name = parts.path.lstrip("/")
    connection = psycopg.connect(
        host=parts.hostname,
        port=parts.port or 5432,
        user=parts.username or "postgres",
        password=parts.password or None,
        dbname="postgres",
        connect_timeout=3,
    )
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if cursor.fetchone() is None:
                say(f"Creating database {name}.")
                cursor.execute(f'CREATE DATABASE "{name}"')
    finally:
        connection.close()


def forget_cache(redis_url: str, prefix: str) -> None:
    """Delete the keys a run's cache wrote under its own KEY_PREFIX."""
    import redis

    client = redis.Redis.from_url(redis_url)
    keys = list(client.scan_iter(f"{prefix}:*", count=1000))
    if keys:
        client.delete(*keys)
