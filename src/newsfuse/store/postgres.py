"""PostgreSQL store: the SQLite store's schema, migrations and queries on a server that
several processes (Ray workers, the web app, ``watch``) write to at once.

``Store("postgresql://user@host:5432/dbname")`` opens it (any libpq connection URL; the
``$NEWSFUSE_DB`` variable and ``--db`` take the same). Every method is the SQLite store's,
run through the dialect layer in ``dialect.py``; only opening, migrating, transactions and
full-text search are written here.

Concurrency: a write transaction first takes one advisory lock, so writers take turns
as they do on SQLite (``BEGIN IMMEDIATE``) and a read-modify-write inside a transaction
(clustering state, "insert unless stored") cannot lose an update; readers never wait.
Driver: psycopg 3 (LGPL-3.0, used unmodified as a library; the ``binary`` wheels bundle
libpq, so no compiler or client package is needed)."""
from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from ..errors import StoreError
from .dialect import BOOTSTRAP, TEXT_SEARCH_CONFIG, Tables, translate_ddl, translate_dml
from .schema import MIGRATIONS
from .sqlite import Store

#: the advisory lock every write transaction holds (any constant; "newsfuse" in ASCII)
_WRITE_LOCK = 0x6E657773667573


#: the catalog facts the dialect needs, per database and schema version (read once a process)
_TABLES: dict[tuple, Tables] = {}


def is_postgres_url(address) -> bool:
    return isinstance(address, str) and address.startswith(("postgresql://", "postgres://"))


def redacted(url: str) -> str:
    """The URL without its password, for messages."""
    return re.sub(r"(://[^:/@]+):[^@]*@", r"\1:***@", url)


class _Row(tuple):
    """A row read by index or by column name, like ``sqlite3.Row`` (``dict(row)`` works)."""

    def __new__(cls, values: Sequence, names: dict[str, int]):
        row = super().__new__(cls, values)
        row._names = names
        return row

    def __getitem__(self, key):
        if isinstance(key, str):
            return tuple.__getitem__(self, self._names[key])
        return tuple.__getitem__(self, key)

    def keys(self) -> list[str]:
        return list(self._names)


def _row_factory(cursor):
    names = {c.name: i for i, c in enumerate(cursor.description or [])}
    return lambda values: _Row(values, names)


def _param(value):
    """SQLite stores booleans as integers and text with NUL characters; PostgreSQL needs
    the first said and refuses the second (NUL becomes U+FFFD)."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, str) and "\x00" in value:
        return value.replace("\x00", "\ufffd")
    return value


class _Connection:
    """The ``execute``/``executemany`` the SQLite store calls, over a psycopg connection,
    translating each statement from SQLite's dialect."""

    def __init__(self, conn) -> None:
        self.conn = conn
        self.tables: Tables | None = None

    def execute(self, sql: str, params: Sequence | None = None):
        if not params:
            return self.conn.execute(translate_dml(sql, self.tables, parameters=False))
        return self.conn.execute(translate_dml(sql, self.tables), [_param(p) for p in params])

    def executemany(self, sql: str, rows):
        rows = [[_param(p) for p in r] for r in rows]
        with self.conn.cursor() as cur:
            if rows:
                cur.executemany(translate_dml(sql, self.tables), rows)
            return cur

    def close(self) -> None:
        self.conn.close()


class PostgresStore(Store):
    """A newsfuse database on a PostgreSQL server (same interface as the SQLite store)."""

    dialect = "postgresql"

    def __init__(self, path: str) -> None:
        import psycopg

        self.path = str(path)
        self.IntegrityError = psycopg.IntegrityError
        self.QueryError = psycopg.errors.SyntaxError
        try:
            conn = psycopg.connect(self.path, autocommit=True, row_factory=_row_factory, connect_timeout=15)
        except psycopg.Error as exc:
            raise StoreError(
                f"{redacted(self.path)}: cannot connect to PostgreSQL ({str(exc).strip()}). "
                "Is the server running and the database created (createdb)? Use --db to choose another."
            ) from exc
        self.db = _Connection(conn)
        try:
            self._migrate()
        except psycopg.Error as exc:
            conn.close()
            raise StoreError(f"{redacted(self.path)}: cannot set up the newsfuse schema ({exc})") from exc
        key = (self.path, conn.info.dbname, conn.execute("SELECT current_schema()").fetchone()[0], len(MIGRATIONS))
        if key not in _TABLES:
            _TABLES[key] = self._tables()
        self.db.tables = _TABLES[key]

    # -- schema -------------------------------------------------------------------
    def schema_version(self) -> int:
        row = self.db.conn.execute("SELECT max(version) FROM schema_version").fetchone()
        return row[0] or 0

    def _migrate(self) -> None:
        conn = self.db.conn
        current = conn.execute("SELECT to_regclass('schema_version') IS NOT NULL").fetchone()[0]
        if current and self.schema_version() == len(MIGRATIONS):
            return  # the common case (every web request opens a store): no lock, no DDL
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (_WRITE_LOCK,))
            for statement in BOOTSTRAP:
                conn.execute(statement)
            version = self.schema_version()
            if version > len(MIGRATIONS):
                raise StoreError(
                    f"{redacted(self.path)} was written by a newer newsfuse (schema {version}); upgrade newsfuse."
                )
            for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
                for statement in script.split(";\n"):
                    if statement.strip():
                        for translated in translate_ddl(statement):
                            conn.execute(translated)
                conn.execute("DELETE FROM schema_version")
                conn.execute("INSERT INTO schema_version (version) VALUES (%s)", (number,))

    def _tables(self) -> Tables:
        """Primary keys and plain columns of this schema's tables (read from the catalog)."""
        keys: dict[str, list[str]] = {}
        for table, column in self.db.conn.execute(
            "SELECT c.relname, a.attname FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid "
            "JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = ANY(i.indkey) "
            "WHERE i.indisprimary AND c.relnamespace = current_schema()::regnamespace ORDER BY a.attnum"
        ):
            keys.setdefault(table, []).append(column)
        columns: dict[str, list[str]] = {}
        for table, column in self.db.conn.execute(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = current_schema() AND is_generated = 'NEVER' ORDER BY ordinal_position"
        ):
            columns.setdefault(table, []).append(column)
        return Tables(keys, columns)

    @contextmanager
    def transaction(self) -> Iterator[_Connection]:
        """All or nothing, one writer at a time (see the module docstring)."""
        with self.db.conn.transaction():
            self.db.conn.execute("SELECT pg_advisory_xact_lock(%s)", (_WRITE_LOCK,))
            yield self.db
            self._bump_revision(self.db)

    def close(self) -> None:
        self.db.close()

    @property
    def name(self) -> str:
        return redacted(self.path)

    # -- full text ----------------------------------------------------------------
    def _text_match(self, groups: list[list[str]]):
        """The full-text part of ``search_documents`` (facets, filters and paging are the
        SQLite store's): PostgreSQL text search over the expanded query's groups."""
        from .search import tsquery

        q = tsquery(groups)
        if not q:
            return None
        options = "StartSel=[, StopSel=], MaxWords=14, MinWords=5, ShortWord=1, MaxFragments=1, FragmentDelimiter=…"
        return (f"documents_fts.tsv @@ to_tsquery('{TEXT_SEARCH_CONFIG}', ?)", [q],
                f"ts_headline('{TEXT_SEARCH_CONFIG}', documents_fts.text, to_tsquery('{TEXT_SEARCH_CONFIG}', ?), ?)",
                [q, options], f"ts_rank(documents_fts.tsv, to_tsquery('{TEXT_SEARCH_CONFIG}', ?)) DESC, d.rowid", [q])
