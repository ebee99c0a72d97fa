"""Hostile and odd inputs that once aborted a whole batch (issue 13): each becomes, at
worst, a failure naming its source and line or item, and every other input is still read
and stored. The inputs are built here, on purpose."""
from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsfuse import pipeline
from newsfuse.errors import InputError, SkippedInput
from newsfuse.ingest import read_sources
from newsfuse.model import Document

LEAD = "Rescue teams searched collapsed buildings in Antakya on Tuesday, officials said, as aftershocks continued."
FINE = "Officials in Tartus said on Monday that the port was calm and ships were loading as usual."


def _read(*paths):
    items = list(read_sources([str(p) for p in paths]))
    docs = [i for i in items if isinstance(i, Document)]
    errors = [i for i in items if isinstance(i, InputError)]
    assert len(docs) + len(errors) == len(items)
    return docs, errors


def _fine_file(tmp_path: Path) -> Path:
    path = tmp_path / "zz-fine.txt"
    path.write_text(f"title: Port calm\n\n{FINE}\n")
    return path


# --- 1. one bad record never aborts the batch -----------------------------------------

def test_unparseable_url_in_a_text_header_is_dropped_with_a_warning(tmp_path):
    (tmp_path / "a.txt").write_text(f"title: Quake\nurl: http://[oops\n\n{LEAD}\n")
    docs, errors = _read(tmp_path / "a.txt", _fine_file(tmp_path))
    assert not errors and len(docs) == 2
    assert docs[0].url is None and docs[0].title == "Quake"
    assert any("http://[oops" in w and "not a valid URL" in w for w in docs[0].warnings)


def test_unparseable_url_in_jsonl_and_csv_records(tmp_path):
    (tmp_path / "b.jsonl").write_text(f'{{"text": "{LEAD}", "url": "http://[oops"}}\n{{"text": "{FINE}"}}\n')
    (tmp_path / "c.csv").write_text(f'text,url\n"{LEAD}",http://[oops\n"{FINE}",https://wire.example/x\n')
    docs, errors = _read(tmp_path / "b.jsonl", tmp_path / "c.csv")
    assert not errors and len(docs) == 4
    assert [d.url for d in docs] == [None, None, None, "https://wire.example/x"]


def test_unparseable_feed_item_link_and_impossible_charref_in_a_broken_feed(tmp_path):
    feed = tmp_path / "wire.xml"
    feed.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Meridian Wire</title>\n'
        f'<item><title>Quake &#x110000; toll</title><link>http://[oops</link><description>{LEAD} &#x110000; &#1114112;'
        '</description></item>\n'
        f'<item><title>Port</title><link>https://wire.example/port</link><description>{FINE}</description></item>\n'
        '<item><title>Broken</title><description>never closed\n</channel></rss>\n')
    docs, errors = _read(feed, _fine_file(tmp_path))
    assert [d.title for d in docs] == ["Quake \ufffd toll", "Port", "Port calm"]
    assert docs[0].outlet == "Meridian Wire" and docs[0].url is None
    assert docs[1].outlet == "Meridian Wire"
    assert all(e.source.startswith(str(feed)) for e in errors)


def test_huge_integer_deep_nesting_and_huge_integer_date_in_jsonl(tmp_path):
    path = tmp_path / "hostile.jsonl"
    path.write_text(
        '{"text": "big", "n": ' + "1" * 4400 + "}\n"
        + '{"text": "deep", "n": ' + "[" * 100_000 + "]" * 100_000 + "}\n"
        + f'{{"text": "{LEAD}", "date": ' + "9" * 400 + "}\n"
        + f'{{"text": "{FINE}", "date": "2024-12-09"}}\n')
    docs, errors = _read(path, _fine_file(tmp_path))
    assert [e.source for e in errors] == [f"{path}:line 1", f"{path}:line 2"]
    assert "4,300 digits" in errors[0].problem and "nested too deeply" in errors[1].problem
    assert [d.text for d in docs[:2]] == [LEAD, FINE]
    assert docs[0].published is None and str(docs[1].published) == "2024-12-09"
    assert len(docs) == 3


def test_json_error_text_has_no_doubled_at(tmp_path):
    path = tmp_path / "broken.jsonl"
    path.write_text('{"text": "a line break inside\n{"text": "unterminated')
    errors = _read(path)[1]
    assert [e.problem for e in errors] == ["invalid JSON (Invalid control character at column 30)",
                                           "invalid JSON (Unterminated string starting at column 10)"]


def test_a_reader_that_raises_anything_fails_that_input_only(tmp_path, monkeypatch):
    import newsfuse.ingest.sources as sources

    def explode(*args, **kwargs):
        raise RuntimeError("parser bug")

    monkeypatch.setattr(sources, "parse_html", explode)
    (tmp_path / "page.html").write_text(f"<html><body><p>{LEAD}</p></body></html>")
    docs, errors = _read(tmp_path / "page.html", _fine_file(tmp_path))
    assert [d.title for d in docs] == ["Port calm"]
    assert errors[0].source == str(tmp_path / "page.html")
    assert "RuntimeError: parser bug" in errors[0].problem


def test_a_bulk_reader_that_raises_midway_keeps_the_records_before(tmp_path, monkeypatch):
    import newsfuse.ingest.bulk as bulk

    real = bulk.record_to_document

    def flaky(record, file, line, settings, warnings):
        if line == 2:
            raise KeyError("surprise")
        return real(record, file, line, settings, warnings)

    monkeypatch.setattr(bulk, "record_to_document", flaky)
    path = tmp_path / "b.jsonl"
    path.write_text(f'{{"text": "{LEAD}"}}\n{{"text": "x"}}\n{{"text": "{FINE}"}}\n')
    docs, errors = _read(path)
    # the generator ended at line 2; its documents before are kept, the failure names the file
    assert [d.text for d in docs] == [LEAD] and errors[0].source == str(path)


def test_ingest_loop_records_an_item_that_cannot_be_stored_and_goes_on(tmp_path, store, monkeypatch):
    from newsfuse.ingest import DuplicateIndex

    real = DuplicateIndex.add

    def add(self, doc):
        if "Antakya" in doc.text:
            raise ValueError("index broke")
        return real(self, doc)

    monkeypatch.setattr(DuplicateIndex, "add", add)
    (tmp_path / "a.txt").write_text(LEAD)
    summary = pipeline.ingest([str(tmp_path / "a.txt"), str(_fine_file(tmp_path))], store)
    assert summary.added == 1 and store.count_documents() == 1
    assert summary.failures[0][0] == str(tmp_path / "a.txt") and "index broke" in summary.failures[0][1]


def test_documents_read_before_an_interrupt_are_stored(tmp_path, store, monkeypatch):
    import newsfuse.ingest.sources as sources

    real = sources.read_file

    def read_file(file, settings):
        if file.endswith("c.txt"):
            raise KeyboardInterrupt
        yield from real(file, settings)

    monkeypatch.setattr(sources, "read_file", read_file)
    for name, text in (("a.txt", LEAD), ("b.txt", FINE), ("c.txt", "never read")):
        (tmp_path / name).write_text(text)
    with pytest.raises(KeyboardInterrupt):
        pipeline.ingest([str(tmp_path)], store)
    assert store.count_documents() == 2  # same source, same batch: flushed on the way out


def test_cli_summary_and_exit_code_name_the_bad_lines(tmp_path):
    from newsfuse.cli import main

    path = tmp_path / "mixed.jsonl"
    path.write_text('{"text": "' + LEAD + '"}\n{"n": ' + "1" * 5000 + "}\n")
    result = CliRunner().invoke(main, ["ingest", str(path), "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert "1 documents read" in result.output or "1 document read" in result.output
    assert f"{path}:line 2: invalid JSON" in result.output


# --- 5. regular files only --------------------------------------------------------------

def test_fifo_and_socket_in_a_folder_are_skipped_with_a_warning(tmp_path, store):
    import socket

    os.mkfifo(tmp_path / "pipe.txt")
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(tmp_path / "sock"))
    (tmp_path / "a.txt").write_text(LEAD)
    old = signal.signal(signal.SIGALRM, lambda *a: pytest.fail("ingest hung on a FIFO"))
    signal.alarm(20)
    try:
        docs, errors = _read(tmp_path)
        summary = pipeline.ingest([str(tmp_path)], store)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)
        sock.close()
    assert [d.text for d in docs] == [LEAD]
    assert sorted(Path(e.source).name for e in errors) == ["pipe.txt", "sock"]
    assert all(isinstance(e, SkippedInput) and "not a regular file" in e.problem for e in errors)
    assert summary.added == 1 and not summary.failures
    assert {Path(s).name for s, _ in summary.warnings} == {"pipe.txt", "sock"}


def test_fifo_named_explicitly_is_a_failure_not_a_hang(tmp_path):
    os.mkfifo(tmp_path / "pipe")
    [error] = _read(tmp_path / "pipe")[1]
    assert "not a regular file (a FIFO)" in error.problem and not isinstance(error, SkippedInput)


# --- 6. smaller ones --------------------------------------------------------------------

def test_one_nul_byte_does_not_make_a_text_report_binary(tmp_path):
    path = tmp_path / "report.txt"
    path.write_bytes(f"title: Quake\n\n{LEAD}\x00 {FINE}\n".encode())
    [doc] = _read(path)[0]
    assert doc.title == "Quake" and "Antakya" in doc.text and "Tartus" in doc.text and "\x00" not in doc.text


def test_html_nested_deeper_than_libxml2_builds_still_yields_its_text(tmp_path):
    path = tmp_path / "deep.html"
    path.write_text("<html><head><title>Aftershocks</title><script>var x = 1;</script></head><body>"
                    + "<div>" * 300 + f"<p>{LEAD}</p><p>{FINE}</p>" + "</div>" * 300 + "</body></html>")
    [doc] = _read(path)[0]
    assert doc.title == "Aftershocks"
    assert doc.text == f"{LEAD}\n\n{FINE}"


def test_shallow_page_without_article_is_still_refused(tmp_path):
    path = tmp_path / "menu.html"
    path.write_text("<html><body><nav><a href='/'>Home</a> <a href='/w'>World</a></nav></body></html>")
    [error] = _read(path)[1]
    assert error.problem == "no article text found"


def test_utf16le_feed_and_text_without_byte_order_mark(tmp_path):
    feed = tmp_path / "wire.xml"
    feed.write_bytes(
        ('<?xml version="1.0" encoding="utf-16"?><rss version="2.0"><channel><title>Meridian Wire</title>'
         f'<item><title>Quake</title><link>https://wire.example/q</link><description>{LEAD}</description></item>'
         '</channel></rss>').encode("utf-16-le"))
    text = tmp_path / "note"
    text.write_bytes(f"title: Port\n\n{FINE}".encode("utf-16-le"))
    docs, errors = _read(feed, text)
    assert not errors
    assert [(d.title, d.text) for d in docs] == [("Quake", LEAD), ("Port", FINE)]


def test_binary_data_is_still_binary(tmp_path):
    (tmp_path / "x.txt").write_bytes(b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 8)
    [error] = _read(tmp_path / "x.txt")[1]
    assert error.problem == "binary file, not text"
