"""SQLite store: WAL, FTS5, one transaction per batch, versioned migrations.

Documents and their analyses are rows; analyses and story pictures are kept as JSON of
the dataclasses in ``model.py`` (the one data model), with side tables for what is
queried (full text, story membership, story filter terms)."""
from __future__ import annotations

import datetime as dt
import json
import logging
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np

from ..errors import StoreError
from ..model import Document, DocumentAnalysis, Story, StoryPicture, from_jsonable, iso_date, to_json
from .schema import BACKFILLS, MIGRATIONS
from .search import FACETS, SearchHit, SearchResult, expand, fts5_query
from .search import _norm as _norm_name

log = logging.getLogger(__name__)

_PLACE_TYPES = {"GPE", "LOC", "FAC"}
_DOC_COLUMNS = "id, path, url, outlet, title, published, language, content_hash, partial, copy_of, warnings, text"


class Store:
    """A newsfuse database: ``Store(path)`` opens a SQLite file (``":memory:"`` works for
    tests), ``Store("postgresql://...")`` a PostgreSQL database (``postgres.py``), with the
    same schema and methods; callers only use the methods."""

    dialect = "sqlite"
    #: what a violated constraint raises (each backend's driver has its own class)
    IntegrityError: type[Exception] = sqlite3.IntegrityError
    #: what a query the engine cannot run raises (an FTS5 syntax error)
    QueryError: type[Exception] = sqlite3.OperationalError

    def __new__(cls, path: str | Path, *args, **kwargs):
        if cls is Store and str(path).startswith(("postgresql://", "postgres://")):
            from .postgres import PostgresStore

            return super().__new__(PostgresStore)
        return super().__new__(cls)

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        try:
            if self.path != ":memory:":
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            # autocommit mode: transactions are only the explicit ones in transaction()
            self.db = sqlite3.connect(self.path, timeout=30, check_same_thread=False, isolation_level=None)
            self.db.row_factory = sqlite3.Row
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA foreign_keys=ON")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            raise StoreError(
                f"{self.path}: cannot open as a newsfuse database ({exc}). "
                "Is it a SQLite file? Use --db to choose another path."
            ) from exc

    # -- schema -------------------------------------------------------------------
    def schema_version(self) -> int:
        """The number of migrations applied."""
        return self.db.execute("PRAGMA user_version").fetchone()[0]

    def _migrate(self) -> None:
        version = self.schema_version()
        if version > len(MIGRATIONS):
            raise StoreError(
                f"{self.path} was written by a newer newsfuse (schema {version}); upgrade newsfuse."
            )
        for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
            with self.transaction():
                for statement in script.split(";\n"):
                    if statement.strip():
                        self.db.execute(statement)
                if number in BACKFILLS:
                    getattr(self, BACKFILLS[number])()
                self.db.execute(f"PRAGMA user_version={number}")

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """All or nothing: a crash inside leaves the database as it was before."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
            self._bump_revision(self.db)
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    @staticmethod
    def _bump_revision(db) -> None:
        """Every committed transaction leaves a new revision token (``revision``): what
        the web app keys its rendered pages by, so a page is rendered again exactly when
        something was written since (by any process)."""
        import uuid

        db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?,?)", ("revision", uuid.uuid4().hex))

    def revision(self) -> str:
        """The token of the last committed write (changes with every transaction)."""
        return self.get_meta("revision") or ""

    def close(self) -> None:
        self.db.close()

    @property
    def name(self) -> str:
        """The database as messages show it (a server URL without its password)."""
        return self.path

    # -- documents ----------------------------------------------------------------
    def add_documents(self, docs: Iterable[Document], signatures: dict[str, bytes] | None = None,
                      duplicate_keys: dict[str, list[int]] | None = None) -> list[Document]:
        """Insert new documents in one transaction; return those that were new (a document
        already stored under its id is skipped, so ingesting is idempotent). ``signatures``
        and ``duplicate_keys`` are the near-duplicate MinHash and its LSH band keys."""
        added: list[Document] = []
        signatures = signatures or {}
        duplicate_keys = duplicate_keys or {}
        with self.transaction() as db:
            for d in docs:
                exists = db.execute("SELECT 1 FROM documents WHERE id = ?", (d.id,)).fetchone()
                if exists:
                    continue
                db.execute(
                    f"INSERT INTO documents ({_DOC_COLUMNS}, signature) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    (
                        d.id, d.path, d.url, d.outlet, d.title,
                        d.published.isoformat() if d.published else None,
                        d.language, d.content_hash, int(d.partial), d.copy_of,
                        json.dumps(d.warnings), d.text, signatures.get(d.id),
                    ),
                )
                db.execute(
                    "INSERT INTO documents_fts (id, title, text) VALUES (?,?,?)", (d.id, d.title or "", d.text)
                )
                db.execute("INSERT OR IGNORE INTO analysis_queue (document) VALUES (?)", (d.id,))
                db.executemany("INSERT INTO dedup_keys (key, document) VALUES (?,?)",
                               [(k, d.id) for k in duplicate_keys.get(d.id, ())])
                added.append(d)
        return added

    @staticmethod
    def _document(row: sqlite3.Row) -> Document:
        data = dict(row)
        data["partial"] = bool(data["partial"])
        data["warnings"] = json.loads(data["warnings"])
        return from_jsonable(Document, data)

    def documents(self, ids: Iterable[str] | None = None) -> list[Document]:
        """The stored documents with ``ids``, in that order (unknown ids are skipped); all
        documents in ingest order when ``ids`` is None."""
        if ids is None:
            rows = self.db.execute(f"SELECT {_DOC_COLUMNS} FROM documents ORDER BY rowid").fetchall()
            return [self._document(r) for r in rows]
        ids = list(ids)  # read twice below: a generator would come back empty the second time
        found = {}
        for chunk in _chunked(ids, 500):
            q = ",".join("?" * len(chunk))
            for r in self.db.execute(f"SELECT {_DOC_COLUMNS} FROM documents WHERE id IN ({q})", chunk):
                found[r["id"]] = self._document(r)
        return [found[i] for i in ids if i in found]

    def page_documents(self, limit: int, offset: int = 0, outlet: str | None = None) -> tuple[int, list[Document]]:
        """(total, one page of documents in ingest order), optionally those whose outlet
        contains ``outlet``; only the page is read."""
        where, args = ("WHERE outlet LIKE ?", [f"%{outlet}%"]) if outlet else ("", [])
        total = self.db.execute(f"SELECT count(*) FROM documents {where}", args).fetchone()[0]
        rows = self.db.execute(
            f"SELECT {_DOC_COLUMNS} FROM documents {where} ORDER BY rowid LIMIT ? OFFSET ?", [*args, limit, offset]
        ).fetchall()
        return total, [self._document(r) for r in rows]

    def document(self, doc_id: str) -> Document | None:
        docs = self.documents([doc_id])
        return docs[0] if docs else None

    def has_document(self, doc_id: str) -> bool:
        """Whether ``doc_id`` is stored (an index lookup; nothing is loaded)."""
        return self.db.execute("SELECT 1 FROM documents WHERE id = ?", (doc_id,)).fetchone() is not None

    def count_documents(self) -> int:
        return self.db.execute("SELECT count(*) FROM documents").fetchone()[0]

    def signatures(self) -> Iterator[tuple[str, bytes, str | None, str]]:
        """(id, near-duplicate signature, copy_of, content_hash) in ingest order, for
        rebuilding the duplicate index."""
        yield from self.db.execute(
            "SELECT id, signature, copy_of, content_hash FROM documents WHERE signature IS NOT NULL ORDER BY rowid"
        )

    def first_with_hash(self, content_hash: str) -> tuple[str, str | None] | None:
        """(id, copy_of) of the first stored document with this content hash."""
        row = self.db.execute(
            "SELECT id, copy_of FROM documents WHERE content_hash = ? ORDER BY rowid LIMIT 1", (content_hash,)
        ).fetchone()
        return (row[0], row[1]) if row else None

    def duplicate_candidates(self, keys: list[int], limit: int = 200) -> list[tuple[str, bytes, str | None]]:
        """(id, signature, copy_of) of stored documents sharing an LSH band key with
        ``keys``, earliest first (an indexed lookup per key)."""
        if not keys:
            return []
        q = ",".join("?" * len(keys))
        rows = self.db.execute(
            f"SELECT d.id, d.signature, d.copy_of FROM documents d WHERE d.id IN "
            f"(SELECT document FROM dedup_keys WHERE key IN ({q})) AND d.signature IS NOT NULL "
            "ORDER BY d.rowid LIMIT ?", [*keys, limit]
        ).fetchall()
        return [(r[0], r[1], r[2]) for r in rows]

    def replace_duplicate_keys(self, keys: Iterable[tuple[str, list[int]]]) -> None:
        """Rebuild the near-duplicate key rows (once, for documents stored before they
        existed or after a change of threshold)."""
        with self.transaction() as db:
            db.execute("DELETE FROM dedup_keys")
            for doc_id, ks in keys:
                db.executemany("INSERT INTO dedup_keys (key, document) VALUES (?,?)", [(k, doc_id) for k in ks])

    def search(self, query: str, limit: int = 20) -> list[tuple[str, str]]:
        """Full-text search: (document id, snippet with [matches] marked), best first."""
        return [(h.document, h.snippet) for h in self.search_documents(query, limit, facets=False).hits]

    def search_documents(self, query: str, limit: int = 20, offset: int = 0,
                         filters: dict[str, str] | None = None, facets: bool = True) -> SearchResult:
        """Stemmed full-text search that also finds other names of the entities and places
        in ``query`` (see ``store.search``); ``filters`` narrow by facet value ({"outlet":
        ..., "place": ..., "entity": ..., "date": "YYYY-MM-DD"}); facets count every match."""
        groups = expand(query, self._stored_names)
        match = self._text_match(groups)
        filters = {k: v for k, v in (filters or {}).items() if k in FACETS and v}
        result = SearchResult(query=query, groups=groups, filters=filters)
        if match is None:
            return result
        condition_sql, match_args, snippet_sql, snippet_args, order_sql, order_args = match
        where, args = [condition_sql], list(match_args)
        if "outlet" in filters:
            where.append("d.outlet = ?")
            args.append(filters["outlet"])
        if "date" in filters:
            where.append("d.published = ?")
            args.append(filters["date"])
        for kind in ("place", "entity"):
            if kind in filters:
                where.append("documents_fts.id IN "
                             "(SELECT document FROM document_terms WHERE kind = ? AND display = 1 AND name = ?)")
                args += [kind, filters[kind]]
        joined = "FROM documents_fts JOIN documents d ON d.id = documents_fts.id"
        condition = " AND ".join(where)
        base = f"{joined} WHERE {condition}"
        try:
            result.total = self.db.execute(f"SELECT count(*) {base}", args).fetchone()[0]
            rows = self.db.execute(
                f"SELECT documents_fts.id, {snippet_sql}, d.title, d.outlet, "
                f"d.published, d.path, sd.story {joined} LEFT JOIN story_documents sd ON sd.document = d.id "
                f"WHERE {condition} ORDER BY {order_sql} LIMIT ? OFFSET ?",
                [*snippet_args, *args, *order_args, limit, offset]).fetchall()
        except self.QueryError:  # a query the full-text engine cannot parse matches nothing
            return result
        result.hits = [SearchHit(r[0], " ".join(r[1].split()), r[2], r[3], r[4], r[5], r[6]) for r in rows]
        if facets and result.total:
            ids = f"SELECT documents_fts.id {base}"
            result.facets["outlet"] = [(r[0], r[1]) for r in self.db.execute(
                f"SELECT outlet, count(*) AS n FROM documents WHERE outlet IS NOT NULL AND id IN ({ids}) "
                "GROUP BY outlet ORDER BY n DESC, outlet LIMIT 10", args)]
            for kind in ("place", "entity"):
                result.facets[kind] = [(r[0], r[1]) for r in self.db.execute(
                    f"SELECT name, count(DISTINCT document) AS n FROM document_terms WHERE kind = ? AND display = 1 "
                    f"AND document IN ({ids}) GROUP BY name ORDER BY n DESC, name LIMIT 10", [kind, *args])]
            result.facets["date"] = [(r[0], r[1]) for r in self.db.execute(
                f"SELECT published, count(*) AS n FROM documents WHERE published IS NOT NULL AND id IN ({ids}) "
                "GROUP BY published ORDER BY published DESC LIMIT 10", args)]
        return result

    def _text_match(self, groups: list[list[str]]):
        """The backend's full-text part of a search: (condition, its args, snippet
        expression, its args, order expression, its args), or None when nothing to match.
        Snippets mark matches as [word]."""
        fts = fts5_query(groups)
        if not fts:
            return None
        return ("documents_fts MATCH ?", [fts], "snippet(documents_fts, 2, '[', ']', '…', 14)", [],
                "documents_fts.rank", [])

    def _stored_names(self, norm: str) -> list[str]:
        """Every name seen for the entities and places some document called ``norm``."""
        rows = self.db.execute(
            "SELECT DISTINCT name FROM document_terms WHERE key IN "
            "(SELECT key FROM document_terms WHERE norm = ?) LIMIT 50", (norm,)).fetchall()
        return [r[0] for r in rows]

    @staticmethod
    def _term_rows(a: DocumentAnalysis) -> list[tuple]:
        rows = []
        for kind, items in (("entity", a.entities), ("place", a.places)):
            for item in items:
                if item.key.startswith("unresolved:") or (kind == "entity" and item.type in _PLACE_TYPES):
                    continue  # places are the place table's (one facet each, not two)
                names = dict.fromkeys([item.name, *item.aliases])
                rows += [(a.document, kind, item.key, n, _norm_name(n), int(n == item.name)) for n in names if n]
        return rows

    def _write_terms(self, db: sqlite3.Connection, a: DocumentAnalysis) -> None:
        db.execute("DELETE FROM document_terms WHERE document = ?", (a.document,))
        db.executemany("INSERT INTO document_terms (document, kind, key, name, norm, display) VALUES (?,?,?,?,?,?)",
                       self._term_rows(a))

    def _backfill_document_terms(self) -> None:
        for r in self.db.execute("SELECT document, data FROM analyses WHERE data IS NOT NULL").fetchall():
            self._write_terms(self.db, from_jsonable(DocumentAnalysis, json.loads(r[1])))

    # -- corrections and grades -----------------------------------------------------
    def correct_document(self, doc_id: str, outlet: str | None = None, title: str | None = None,
                         published: dt.date | None = None) -> Document | None:
        """Set a document's outlet, title and/or publication date (None: leave as is; an
        empty string clears outlet or title). Each change is kept in ``corrections``."""
        doc = self.document(doc_id)
        if doc is None:
            return None
        changes = {}
        if outlet is not None and (outlet.strip() or None) != doc.outlet:
            changes["outlet"] = (doc.outlet, outlet.strip() or None)
        if title is not None and (title.strip() or None) != doc.title:
            changes["title"] = (doc.title, title.strip() or None)
        if published is not None and published != doc.published:
            changes["published"] = (iso_date(doc.published), iso_date(published))
        if not changes:
            return doc
        with self.transaction() as db:
            for column, (old, new) in changes.items():
                db.execute(f"UPDATE documents SET {column} = ? WHERE id = ?", (new, doc_id))
                db.execute("INSERT INTO corrections (document, field, old, new) VALUES (?,?,?,?)",
                           (doc_id, column, old, new))
            if "title" in changes:
                db.execute("UPDATE documents_fts SET title = ? WHERE id = ?", (changes["title"][1] or "", doc_id))
        return self.document(doc_id)

    def corrections(self, doc_id: str) -> list[dict]:
        """The corrections of one document, oldest first."""
        rows = self.db.execute("SELECT field, old, new, at FROM corrections WHERE document = ? ORDER BY id", (doc_id,))
        return [dict(r) for r in rows]

    def reliability_grades(self) -> dict[str, str]:
        """{outlet: A-F} as the analyst set them."""
        return {r[0]: r[1] for r in self.db.execute("SELECT outlet, grade FROM outlet_grades ORDER BY outlet")}

    def set_reliability_grades(self, grades: dict[str, str]) -> bool:
        """Add or change outlet grades (A-F); an empty grade removes one. True when
        anything changed (the caller then re-fuses)."""
        before = self.reliability_grades()
        with self.transaction() as db:
            for outlet, grade in grades.items():
                grade = (grade or "").strip().upper()
                if not grade:
                    db.execute("DELETE FROM outlet_grades WHERE outlet = ?", (outlet,))
                elif grade not in "ABCDEF" or len(grade) != 1:
                    raise StoreError(f"grade {grade!r} for {outlet!r}: use one letter A-F")
                else:
                    db.execute("INSERT INTO outlet_grades (outlet, grade) VALUES (?,?) ON CONFLICT(outlet) DO UPDATE "
                               "SET grade = excluded.grade, set_at = datetime('now')", (outlet, grade))
        return self.reliability_grades() != before

    # -- analyses -----------------------------------------------------------------
    def save_analyses(self, analyses: Iterable[DocumentAnalysis], embeddings: dict[str, np.ndarray] | None = None) -> None:
        embeddings = embeddings or {}
        with self.transaction() as db:
            for a in analyses:
                vec = embeddings.get(a.document)
                db.execute(
                    "INSERT OR REPLACE INTO analyses (document, data, embedding, error) VALUES (?,?,?,?)",
                    (
                        a.document,
                        to_json(a),
                        None if vec is None else np.asarray(vec, dtype=np.float32).tobytes(),
                        a.error,
                    ),
                )
                # sections of an earlier, longer analysis of the document go
                db.execute("DELETE FROM analysis_sections WHERE document = ? AND section > ?",
                           (a.document, a.sections))
                db.execute("DELETE FROM analysis_queue WHERE document = ?", (a.document,))
                db.execute("INSERT OR IGNORE INTO cluster_queue (document) VALUES (?)", (a.document,))
                self._write_terms(db, a)

    def save_analysis_section(self, doc_id: str, section: int, analysis: DocumentAnalysis) -> None:
        """One section (1, 2, ...) of a long document's analysis, committed on its own as
        it is made; the document stays pending until ``save_analyses`` stores its head
        (first section, entities, places, count of sections)."""
        with self.transaction() as db:
            db.execute("INSERT OR REPLACE INTO analysis_sections (document, section, data) VALUES (?,?,?)",
                       (doc_id, section, to_json(analysis)))

    def analyses(self, ids: Iterable[str], sections: bool = True) -> dict[str, DocumentAnalysis]:
        """Stored analyses by document id. A long document's sections are joined back
        into one analysis unless ``sections`` is False (then its first section, with the
        whole document's entities and places: what clustering reads)."""
        out: dict[str, DocumentAnalysis] = {}
        for chunk in _chunked(list(ids), 500):
            q = ",".join("?" * len(chunk))
            for r in self.db.execute(f"SELECT document, data FROM analyses WHERE document IN ({q})", chunk):
                out[r[0]] = from_jsonable(DocumentAnalysis, json.loads(r[1]))
        if sections:
            for a in out.values():
                if a.sections:
                    self._join_sections(a)
        return out

    def _join_sections(self, a: DocumentAnalysis) -> None:
        rows = self.db.execute("SELECT data FROM analysis_sections WHERE document = ? AND section <= ? "
                               "ORDER BY section", (a.document, a.sections)).fetchall()
        for (data,) in rows:
            part = from_jsonable(DocumentAnalysis, json.loads(data))
            a.sentences += part.sentences
            a.mentions += part.mentions
            a.times += part.times
            a.claims += part.claims
            a.events += part.events
        a.sections = 0

    def embeddings(self, ids: Iterable[str]) -> dict[str, np.ndarray]:
        out: dict[str, np.ndarray] = {}
        for chunk in _chunked(list(ids), 500):
            q = ",".join("?" * len(chunk))
            for r in self.db.execute(
                f"SELECT document, embedding FROM analyses WHERE embedding IS NOT NULL AND document IN ({q})", chunk
            ):
                out[r[0]] = np.frombuffer(r[1], dtype=np.float32)
        return out

    def unanalyzed(self) -> list[str]:
        """Documents waiting for analysis and never started, in ingest order (read from
        the queue: no scan of the store)."""
        rows = self.db.execute("SELECT document FROM analysis_queue WHERE attempts = 0 ORDER BY rowid").fetchall()
        return [r[0] for r in rows]

    def interrupted_analyses(self) -> list[tuple[str, int]]:
        """(document, attempts) of analyses started and never finished: the process died
        (out of memory, killed) while analysing them."""
        return [tuple(r) for r in self.db.execute(
            "SELECT document, attempts FROM analysis_queue WHERE attempts > 0 ORDER BY rowid")]

    def start_analysis(self, ids: Iterable[str]) -> None:
        """Count an attempt on each document before analysing it; ``save_analyses``
        clears it, so an attempt still counted later is one that never finished."""
        with self.transaction() as db:
            db.executemany("UPDATE analysis_queue SET attempts = attempts + 1 WHERE document = ?", [(i,) for i in ids])

    def abandon_analysis(self, ids: Iterable[str]) -> None:
        """Forget the attempts on documents whose analysis was stopped on purpose
        (Ctrl-C): they are pending again, not suspects."""
        with self.transaction() as db:
            db.executemany("UPDATE analysis_queue SET attempts = 0 WHERE document = ?", [(i,) for i in ids])

    def requeue_failed(self) -> list[str]:
        """Put every document whose analysis failed back in the analysis queue (``analyze
        --retry-failed``); failed documents are otherwise never analysed again."""
        with self.transaction() as db:
            ids = [r[0] for r in db.execute("SELECT document FROM analyses WHERE error IS NOT NULL ORDER BY rowid")]
            db.executemany("DELETE FROM analyses WHERE document = ?", [(i,) for i in ids])
            db.executemany("INSERT OR REPLACE INTO analysis_queue (document, attempts) VALUES (?, 0)", [(i,) for i in ids])
        return ids

    def analysis_failures(self) -> list[tuple[str, str]]:
        return [tuple(r) for r in self.db.execute("SELECT document, error FROM analyses WHERE error IS NOT NULL")]

    # -- stories ------------------------------------------------------------------
    def unclustered(self) -> list[str]:
        """Analysed documents not yet in a story (read from the queue), in the order they
        were published (undated last), then of ingest, however the analyses were spread
        over workers: a folder read at once is clustered as it would have arrived, so a
        victim's profile or a follow-up meets the story it follows (in file order, a
        10-report GVA story came out as 6 stories, in publication order as 5)."""
        # the queue scanned, each document looked up by id (a join let SQLite scan every
        # stored document instead: 40 ms a run at 10k)
        return [r[0] for r in self.db.execute(
            "SELECT q.document FROM cluster_queue q WHERE EXISTS (SELECT 1 FROM documents d WHERE d.id = q.document) "
            "ORDER BY (SELECT d.published FROM documents d WHERE d.id = q.document) IS NULL, "
            "(SELECT d.published FROM documents d WHERE d.id = q.document), "
            "(SELECT d.rowid FROM documents d WHERE d.id = q.document)")]

    def assign(self, memberships: dict[str, str], stories: Iterable[Story], clusterer: dict | None = None) -> None:
        """Record document -> story, upsert the stories' titles and spans and mark them
        dirty (to be fused), and write the clusterer rows that produced them
        (``StoryClusterer.changes()``): all in one transaction, so memberships and the
        clusterer state are never out of step after a crash."""
        with self.transaction() as db:
            if clusterer is not None:
                self._write_cluster_rows(db, clusterer)
            for s in stories:
                db.execute(
                    "INSERT INTO stories (id, title, start, end, dirty) VALUES (?,?,?,?,1) ON CONFLICT(id) DO UPDATE SET "
                    "title=excluded.title, start=excluded.start, end=excluded.end, dirty=1, updated_at=datetime('now')",
                    (s.id, s.title, iso_date(s.start), iso_date(s.end)),
                )
            left: set[str] = set()  # stories a document moves out of (may be left empty)
            for doc_id, story_id in memberships.items():
                row = db.execute("SELECT story FROM story_documents WHERE document = ?", (doc_id,)).fetchone()
                if row and row[0] != story_id:
                    left.add(row[0])  # a document moving out of a story changes that story too
                    db.execute("UPDATE stories SET dirty = 1 WHERE id = ?", (row[0],))
                db.execute(
                    "INSERT OR REPLACE INTO story_documents (document, story) VALUES (?,?)", (doc_id, story_id)
                )
                db.execute("DELETE FROM cluster_queue WHERE document = ?", (doc_id,))
            for sid in left:  # only these can have become orphans: no scan of all stories
                if db.execute("SELECT 1 FROM story_documents WHERE story = ? LIMIT 1", (sid,)).fetchone() is None:
                    db.execute("DELETE FROM story_terms WHERE story = ?", (sid,))
                    db.execute("DELETE FROM fusion_memory WHERE story = ?", (sid,))
                    db.execute("DELETE FROM stories WHERE id = ?", (sid,))

    def dirty_stories(self) -> list[str]:
        """Ids of the stories whose members changed since they were last fused (or that
        were never fused), oldest first."""
        return [r[0] for r in self.db.execute("SELECT id FROM stories WHERE dirty = 1 ORDER BY rowid")]

    # -- clusterer rows (StoryClusterer.backed_by) ---------------------------------------
    @staticmethod
    def _write_cluster_rows(db: sqlite3.Connection, rows: dict) -> None:
        db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('cluster_n_docs', ?)", (str(rows["n_docs"]),))
        db.executemany("INSERT OR REPLACE INTO cluster_df (term, n) VALUES (?,?)", rows["df"])
        db.executemany("INSERT OR REPLACE INTO cluster_postings (key, bucket, stories) VALUES (?,?,?)",
                       [(k, b, json.dumps(ids)) for k, b, ids in rows["postings"]])
        db.executemany("INSERT OR REPLACE INTO cluster_stories (id, data) VALUES (?,?)",
                       [(sid, json.dumps(data)) for sid, data in rows["stories"]])

    def cluster_count(self) -> int:
        """Reports the clusterer has counted (for IDF)."""
        return int(self.get_meta("cluster_n_docs") or 0)

    def cluster_df(self, terms: list[str]) -> dict[str, int]:
        out: dict[str, int] = {}
        for chunk in _chunked(list(terms), 500):
            q = ",".join("?" * len(chunk))
            out.update(self.db.execute(f"SELECT term, n FROM cluster_df WHERE term IN ({q})", chunk).fetchall())
        return out

    def cluster_postings(self, keys: list[str]) -> dict[str, dict[str, list[str]]]:
        out: dict[str, dict[str, list[str]]] = {}
        for chunk in _chunked(list(keys), 500):
            q = ",".join("?" * len(chunk))
            for key, bucket, ids in self.db.execute(
                f"SELECT key, bucket, stories FROM cluster_postings WHERE key IN ({q})", chunk
            ):
                out.setdefault(key, {})[bucket] = json.loads(ids)
        return out

    def cluster_posting_lists(self, pairs: list[tuple[str, str]]) -> dict[tuple[str, str], list[str]]:
        """{(key, bucket): story ids} for those of ``pairs`` indexed: a report's keys in
        the weeks it reads or writes, not every week a common key was ever seen in."""
        wanted = set(pairs)
        buckets = sorted({b for _, b in wanted})
        keys = sorted({k for k, _ in wanted})
        out: dict[tuple[str, str], list[str]] = {}
        for bchunk in _chunked(buckets, 100):
            for kchunk in _chunked(keys, 400):
                q = ",".join("?" * len(kchunk))
                qb = ",".join("?" * len(bchunk))
                for key, bucket, ids in self.db.execute(
                    f"SELECT key, bucket, stories FROM cluster_postings WHERE key IN ({q}) AND bucket IN ({qb})",
                    [*kchunk, *bchunk],
                ):
                    if (key, bucket) in wanted:
                        out[key, bucket] = json.loads(ids)
        return out

    def cluster_stories(self, ids: list[str]) -> dict[str, dict]:
        out: dict[str, dict] = {}
        for chunk in _chunked(list(ids), 500):
            q = ",".join("?" * len(chunk))
            for sid, data in self.db.execute(f"SELECT id, data FROM cluster_stories WHERE id IN ({q})", chunk):
                out[sid] = json.loads(data)
        return out

    def story_of(self, doc_ids: Iterable[str]) -> dict[str, str]:
        """{document: story} for those of ``doc_ids`` in a story (indexed lookups)."""
        out: dict[str, str] = {}
        for chunk in _chunked(list(doc_ids), 500):
            q = ",".join("?" * len(chunk))
            out.update(self.db.execute(f"SELECT document, story FROM story_documents WHERE document IN ({q})", chunk).fetchall())
        return out

    def clear_stories(self) -> None:
        """Forget every story (documents and analyses stay), before re-clustering."""
        with self.transaction() as db:
            db.execute("DELETE FROM story_terms")
            db.execute("DELETE FROM story_documents")
            db.execute("DELETE FROM stories")
            db.execute("DELETE FROM fusion_memory")
            db.execute("DELETE FROM meta WHERE key IN ('clusterer_state', 'cluster_n_docs')")
            for table in ("cluster_df", "cluster_postings", "cluster_stories"):
                db.execute(f"DELETE FROM {table}")
            db.execute("INSERT OR IGNORE INTO cluster_queue (document) SELECT document FROM analyses ORDER BY rowid")

    def memberships(self) -> dict[str, str]:
        return {r[0]: r[1] for r in self.db.execute("SELECT document, story FROM story_documents")}

    def published_span(self, doc_ids: Iterable[str]) -> tuple[dt.date | None, dt.date | None]:
        """The first and last publication date of ``doc_ids`` (read in SQL: no document
        is loaded, so a story's span costs little whatever its size)."""
        days = []
        for chunk in _chunked(list(doc_ids), 500):
            q = ",".join("?" * len(chunk))
            row = self.db.execute(f"SELECT min(published), max(published) FROM documents WHERE id IN ({q})", chunk).fetchone()
            days += [d for d in row if d]
        return (_date(min(days)), _date(max(days))) if days else (None, None)

    def story_document_ids(self, story_id: str) -> list[str]:
        rows = self.db.execute(
            "SELECT sd.document FROM story_documents sd JOIN documents d ON d.id = sd.document "
            "WHERE sd.story = ? ORDER BY d.published, d.rowid",
            (story_id,),
        )
        return [r[0] for r in rows]

    def stories_page(self, limit: int, offset: int = 0) -> tuple[int, list[Story]]:
        """(number of stories, one page of them newest first): only the page is read."""
        total = self.db.execute("SELECT count(*) FROM stories").fetchone()[0]
        ids = [r[0] for r in self.db.execute(
            "SELECT s.id FROM stories s ORDER BY s.end DESC, s.id LIMIT ? OFFSET ?", (limit, offset))]
        if not ids:
            return total, []
        return total, self._stories(f"WHERE s.id IN ({','.join('?' * len(ids))})", ids)

    def stories(self) -> list[Story]:
        """Every story, newest first."""
        return self._stories()

    def _stories(self, where: str = "", args: list | None = None) -> list[Story]:
        rows = self.db.execute(
            "SELECT s.id, s.title, s.start, s.end, group_concat(sd.document) AS docs FROM stories s "
            f"JOIN story_documents sd ON sd.story = s.id {where} GROUP BY s.id ORDER BY s.end DESC, s.id",
            args or [],
        ).fetchall()
        return [
            Story(r["id"], r["title"], r["docs"].split(","), _date(r["start"]), _date(r["end"])) for r in rows
        ]

    def save_pictures(self, pictures: Iterable[StoryPicture], memories: dict[str, bytes] | None = None) -> None:
        """Store each fused story and the terms the story list filters on, and with it
        what its fusion keeps for the next (``memories``: story id -> fuse/memory bytes).
        A story stays dirty when its members changed while it was being fused (another
        process added a document): the picture is stored, and the next run fuses it again."""
        memories = memories or {}
        with self.transaction() as db:
            for p in pictures:
                sid = p.story.id
                if memories.get(sid):
                    db.execute("INSERT OR REPLACE INTO fusion_memory (story, data) VALUES (?,?)", (sid, memories[sid]))
                members = {r[0] for r in db.execute("SELECT document FROM story_documents WHERE story = ?", (sid,))}
                db.execute(
                    "UPDATE stories SET picture = ?, title = ?, start = ?, end = ?, summary = ?, n_facts = ?, "
                    "n_contradictions = ?, dirty = ?, updated_at = datetime('now') WHERE id = ?",
                    (to_json(p), p.story.title, iso_date(p.story.start),
                     iso_date(p.story.end), p.summary, len(p.facts), len(p.contradictions),
                     int(members != set(p.story.documents)), sid),
                )
                db.execute("DELETE FROM story_terms WHERE story = ?", (sid,))
                terms = {("entity", n.lower()) for e in p.entities for n in [e.name, *e.aliases]}
                terms |= {("place", n.lower()) for pl in p.places for n in [pl.name, *pl.aliases]}
                terms |= {("status", f.status) for f in p.facts}
                db.executemany("INSERT INTO story_terms (story, kind, value) VALUES (?,?,?)", [(sid, k, v) for k, v in terms])

    def fusion_memory(self, story_id: str) -> bytes | None:
        """What the story's last fusion kept for the next (fuse/memory.EventMemory.to_bytes)."""
        row = self.db.execute("SELECT data FROM fusion_memory WHERE story = ?", (story_id,)).fetchone()
        return bytes(row[0]) if row and row[0] else None

    def picture(self, story_id: str) -> StoryPicture | None:
        row = self.db.execute("SELECT picture FROM stories WHERE id = ?", (story_id,)).fetchone()
        return from_jsonable(StoryPicture, json.loads(row[0])) if row and row[0] else None

    def previous_picture(self, story_id: str) -> StoryPicture | None:
        """The story's last picture as re-fusing it compares with it (what changed since):
        its story, facts, issues, events and bottom line, and its claims without what
        analysis read into them (propositions, attributions, spans); no per-document
        events, entities, places or times: nothing compares them, and rebuilding them is
        half of reading the whole picture back (a 500-report story: 1.44 s of CPU whole,
        1.09 s as an outline, most of the rest parsing the stored JSON). None when
        there is none or it cannot be read (cut short, from an older layout): the story
        is then fused as new, and the picture is the same (pipeline.fuse_stories)."""
        row = self.db.execute("SELECT picture FROM stories WHERE id = ?", (story_id,)).fetchone()
        if not row or not row[0]:
            return None
        try:
            data = json.loads(row[0])
            for part in ("events", "entities", "places", "times"):
                data[part] = []
            data["claims"] = [{k: c[k] for k in _CLAIM_OUTLINE if k in c} for c in data.get("claims", [])]
            return from_jsonable(StoryPicture, data)
        except (ValueError, TypeError, KeyError, AttributeError) as exc:
            log.warning("story %s: its last picture cannot be read (%s); fused as new", story_id, exc)
            return None

    def pictures(self, story_ids: Iterable[str] | None = None) -> list[StoryPicture]:
        """The fused pictures of ``story_ids`` in that order (all stories, newest first, by
        default); stories not fused yet are left out."""
        ids = [s.id for s in self.stories()] if story_ids is None else list(story_ids)
        found: dict[str, StoryPicture] = {}
        for chunk in _chunked(ids, 500):
            q = ",".join("?" * len(chunk))
            for r in self.db.execute(f"SELECT id, picture FROM stories WHERE picture IS NOT NULL AND id IN ({q})", chunk):
                found[r[0]] = from_jsonable(StoryPicture, json.loads(r[1]))
        return [found[i] for i in ids if i in found]

    def overviews(self, story_ids: Iterable[str]) -> dict[str, dict]:
        """{story id: {"summary", "facts", "contradictions"}} for fused stories: what a
        story list shows, read without deserialising whole pictures."""
        out: dict[str, dict] = {}
        for chunk in _chunked(list(story_ids), 500):
            q = ",".join("?" * len(chunk))
            for r in self.db.execute(
                f"SELECT id, summary, n_facts, n_contradictions FROM stories WHERE picture IS NOT NULL AND id IN ({q})", chunk
            ):
                out[r[0]] = {"summary": r[1] or "", "facts": r[2], "contradictions": r[3]}
        return out

    def story(self, story_id: str) -> Story | None:
        return next((s for s in self._stories("WHERE s.id = ?", [story_id])), None)

    def stories_with_outlet(self, value: str) -> set[str]:
        """Story ids with a document whose outlet contains ``value`` (case-insensitive)."""
        rows = self.db.execute(
            "SELECT DISTINCT sd.story FROM story_documents sd JOIN documents d ON d.id = sd.document "
            "WHERE d.outlet LIKE ?", (f"%{value}%",))
        return {r[0] for r in rows}

    def stories_matching(self, kind: str, value: str) -> set[str]:
        """Story ids whose filter terms of ``kind`` contain ``value`` (case-insensitive)."""
        rows = self.db.execute(
            "SELECT DISTINCT story FROM story_terms WHERE kind = ? AND value LIKE ?", (kind, f"%{value.lower()}%")
        )
        return {r[0] for r in rows}

    # -- what changed -------------------------------------------------------------
    def record_changes(self, changes: Iterable) -> None:
        """Keep ``digest.Change`` lines (story, kind, text), stamped now (UTC)."""
        rows = [(c.story, c.kind, c.text) for c in changes]
        if rows:
            with self.transaction() as db:
                db.executemany("INSERT INTO story_changes (story, kind, text) VALUES (?,?,?)", rows)

    def changes_since(self, since: str | None = None, story: str | None = None, limit: int = 200) -> list[dict]:
        """Changes after the UTC time ``since`` (ISO; all when None), newest first, each
        {"story", "kind", "text", "at"}; optionally of one story."""
        where, args = [], []
        if since:
            where.append("at >= ?")  # one-second stamps: a change in the visit's second shows again, never not
            args.append(since)
        if story:
            where.append("story = ?")
            args.append(story)
        clause = f"WHERE {' AND '.join(where)}" if where else ""
        rows = self.db.execute(f"SELECT story, kind, text, at FROM story_changes {clause} ORDER BY id DESC LIMIT ?",
                               [*args, limit])
        return [dict(r) for r in rows]

    # -- failures -----------------------------------------------------------------
    def record_failures(self, failures: Iterable[tuple[str, str]]) -> None:
        with self.transaction() as db:
            db.executemany("INSERT INTO failures (source, problem) VALUES (?,?)", list(failures))

    def get_meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        with self.transaction() as db:
            db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?,?)", (key, value))


# The fields of a claim a previous picture keeps (Store.previous_picture).
_CLAIM_OUTLINE = ("id", "document", "sentence", "text", "start", "end", "attribution", "attribution_entity",
                  "attribution_kind", "reporting_verb", "certainty", "kind", "negated", "disputes", "planned")


def _chunked(items: list, size: int) -> Iterator[list]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _date(s: str | None):
    import datetime as dt

    return dt.date.fromisoformat(s) if s else None
