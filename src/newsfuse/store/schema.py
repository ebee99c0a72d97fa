"""The schema in one place: numbered migrations, applied in order, each in a transaction."""

MIGRATIONS: list[str] = [
    # 1: documents, full-text index, analyses, stories, failures
    """
    CREATE TABLE documents (
        id TEXT PRIMARY KEY,
        path TEXT NOT NULL,
        url TEXT,
        outlet TEXT,
        title TEXT,
        published TEXT,
        language TEXT,
        content_hash TEXT NOT NULL,
        partial INTEGER NOT NULL DEFAULT 0,
        copy_of TEXT REFERENCES documents(id),
        warnings TEXT NOT NULL DEFAULT '[]',
        text TEXT NOT NULL,
        signature BLOB,
        ingested_at TEXT NOT NULL DEFAULT (datetime('now'))
    );
    CREATE INDEX documents_published ON documents(published);
    CREATE INDEX documents_hash ON documents(content_hash);
    CREATE INDEX documents_outlet ON documents(outlet);
    CREATE VIRTUAL TABLE documents_fts USING fts5(id UNINDEXED, title, text, tokenize='unicode61 remove_diacritics 2');
    CREATE TABLE analyses (
        document TEXT PRIMARY KEY REFERENCES documents(id),
        data TEXT,
        embedding BLOB,
        error TEXT,
        analyzed_at TEXT NOT NULL DEFAULT (datetime('now'))
    );
    CREATE TABLE stories (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        start TEXT,
        end TEXT,
        picture TEXT,
        updated_at TEXT NOT NULL DEFAULT (datetime('now'))
    );
    CREATE TABLE story_documents (
        document TEXT PRIMARY KEY REFERENCES documents(id),
        story TEXT NOT NULL REFERENCES stories(id)
    );
    CREATE INDEX story_documents_story ON story_documents(story);
    CREATE TABLE story_terms (
        story TEXT NOT NULL REFERENCES stories(id),
        kind TEXT NOT NULL,
        value TEXT NOT NULL
    );
    CREATE INDEX story_terms_lookup ON story_terms(kind, value);
    CREATE INDEX story_terms_story ON story_terms(story);
    CREATE TABLE failures (
        id INTEGER PRIMARY KEY,
        source TEXT NOT NULL,
        problem TEXT NOT NULL,
        at TEXT NOT NULL DEFAULT (datetime('now'))
    );
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
    """,
    # 2: what the story list shows, without deserialising whole pictures
    """
    ALTER TABLE stories ADD COLUMN summary TEXT;
    ALTER TABLE stories ADD COLUMN n_facts INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE stories ADD COLUMN n_contradictions INTEGER NOT NULL DEFAULT 0;
    """,
    # 3: a story whose members changed since it was last fused is dirty; every run fuses the
    # dirty stories, so a run killed between clustering and fusing heals on the next one
    """
    ALTER TABLE stories ADD COLUMN dirty INTEGER NOT NULL DEFAULT 1;
    UPDATE stories SET dirty = 0 WHERE picture IS NOT NULL;
    CREATE INDEX stories_dirty ON stories(dirty) WHERE dirty = 1;
    """,
    # 4: work queues, so finding what to analyse or cluster reads the queue, not the whole
    # store; attempts counts analyses started and not finished (a process that died)
    """
    CREATE TABLE analysis_queue (
        document TEXT PRIMARY KEY REFERENCES documents(id),
        attempts INTEGER NOT NULL DEFAULT 0
    );
    INSERT INTO analysis_queue (document)
        SELECT id FROM documents WHERE id NOT IN (SELECT document FROM analyses) ORDER BY rowid;
    CREATE TABLE cluster_queue (document TEXT PRIMARY KEY REFERENCES documents(id));
    INSERT INTO cluster_queue (document)
        SELECT document FROM analyses WHERE document NOT IN (SELECT document FROM story_documents) ORDER BY rowid;
    CREATE INDEX analyses_failed ON analyses(document) WHERE error IS NOT NULL;
    """,
    # 5: the near-duplicate index as rows (one per document and LSH band), queried per
    # new document instead of loading every signature into memory on every ingest
    """
    CREATE TABLE dedup_keys (
        key INTEGER NOT NULL,
        document TEXT NOT NULL REFERENCES documents(id)
    );
    CREATE INDEX dedup_keys_key ON dedup_keys(key);
    """,
    # 6: the story clusterer's state as rows (document frequencies, blocking-index
    # postings, story summaries), read and written per new report instead of one JSON
    # value loaded and rewritten whole on every run
    """
    CREATE TABLE cluster_df (term TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID;
    CREATE TABLE cluster_postings (
        key TEXT NOT NULL,
        bucket TEXT NOT NULL,
        stories TEXT NOT NULL,
        PRIMARY KEY (key, bucket)
    ) WITHOUT ROWID;
    CREATE TABLE cluster_stories (id TEXT PRIMARY KEY, data TEXT NOT NULL);
    """,
    # 7: search that finds variants. The full-text index is rebuilt with the porter stemmer
    # ("withdrawal" ~ "withdrawing"); document_terms holds each document's entity and place
    # names by key, for facets and for finding a place by another of its names. Rows for
    # documents analysed before this migration are filled from their stored analyses
    # (Store._backfill_document_terms).
    """
    DROP TABLE documents_fts;
    CREATE VIRTUAL TABLE documents_fts USING fts5(id UNINDEXED, title, text, tokenize='porter unicode61 remove_diacritics 2');
    INSERT INTO documents_fts (id, title, text) SELECT id, coalesce(title, ''), text FROM documents ORDER BY rowid;
    CREATE TABLE document_terms (
        document TEXT NOT NULL REFERENCES documents(id),
        kind TEXT NOT NULL,
        key TEXT NOT NULL,
        name TEXT NOT NULL,
        norm TEXT NOT NULL,
        display INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX document_terms_document ON document_terms(document);
    CREATE INDEX document_terms_norm ON document_terms(norm);
    CREATE INDEX document_terms_key ON document_terms(key);
    """,
    # 8: the analyst's corrections: a document's outlet, title or date set by hand (the
    # documents row is updated; this table keeps what it was), and outlet reliability
    # grades (A-F) that every fusion applies.
    """
    CREATE TABLE corrections (
        id INTEGER PRIMARY KEY,
        document TEXT NOT NULL REFERENCES documents(id),
        field TEXT NOT NULL,
        old TEXT,
        new TEXT,
        at TEXT NOT NULL DEFAULT (datetime('now'))
    );
    CREATE INDEX corrections_document ON corrections(document);
    CREATE TABLE outlet_grades (
        outlet TEXT PRIMARY KEY,
        grade TEXT NOT NULL CHECK (grade IN ('A', 'B', 'C', 'D', 'E', 'F')),
        set_at TEXT NOT NULL DEFAULT (datetime('now'))
    );
    """,
    # 9: what changed each time a story was fused again (new report, fact, contradiction,
    # a count updated): the watch digest and the web app's "new since your last visit".
    """
    CREATE TABLE story_changes (
        id INTEGER PRIMARY KEY,
        story TEXT NOT NULL,
        kind TEXT NOT NULL,
        text TEXT NOT NULL,
        at TEXT NOT NULL DEFAULT (datetime('now'))
    );
    CREATE INDEX story_changes_at ON story_changes(at);
    CREATE INDEX story_changes_story ON story_changes(story);
    """,
    # 10: a long document's analysis, section by section (the analyses row holds the first
    # section and the whole document's entities and places): analysing it holds one
    # section at a time, and readers that need only the head do not load the rest
    """
    CREATE TABLE analysis_sections (
        document TEXT NOT NULL REFERENCES documents(id),
        section INTEGER NOT NULL,
        data TEXT NOT NULL,
        PRIMARY KEY (document, section)
    );
    """,
    # 11: what a story's last fusion keeps for the next (fuse/memory.py): its event
    # grouping's statistics and pair scores, written with its picture
    """
    CREATE TABLE fusion_memory (
        story TEXT PRIMARY KEY,
        data BLOB NOT NULL
    );
    """,
]

# Python steps run right after the numbered migration, inside its transaction.
BACKFILLS = {7: "_backfill_document_terms"}
