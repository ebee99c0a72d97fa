"""The ``newsfuse`` command: a thin layer over ``newsfuse.pipeline`` and the Store.

Exit codes: 0 all inputs processed; 1 some inputs failed (the run still stored the
rest; a summary says what and why); 2 usage error; 3 the run could not start or finish
(database, model, or an unreadable --reliability file; the message says what to do)."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from . import __version__, pipeline
from .errors import NewsfuseError
from .settings import IngestSettings, db_address, default_db_path

FORMATS = ("markdown", "json", "html")
EXIT_INPUT_FAILED, EXIT_ENVIRONMENT = 1, 3


def plural(n: int, word: str, many: str | None = None) -> str:
    """'1 story', '2 stories': counts in messages read as English."""
    return f"{n} {word if n == 1 else (many or word + 's')}"


def _progress_factory(quiet: bool):
    """tqdm bars on stderr, one per stage; nothing when quiet."""
    def make(label: str, total: int | None):
        if quiet:
            return lambda n: None
        from tqdm import tqdm

        bar = tqdm(total=total, desc=label, unit="doc", file=sys.stderr, leave=False, mininterval=0.5,
                   disable=None)  # None: only on a terminal, not in logs
        return bar.update

    return make


def _open_store(db: str | None, must_exist: bool = False):
    """The Store at ``db`` (a SQLite path or a postgresql:// URL). Read commands pass
    ``must_exist``: a mistyped path must not silently become a new empty database that
    then reports "no stories"."""
    from .store import Store

    address = db_address(db) if db else default_db_path()
    if must_exist and isinstance(address, Path) and str(address) != ":memory:" and not address.is_file():
        click.echo(f"error: no database at {address}: check --db (or $NEWSFUSE_DB), "
                   f"or create one with 'newsfuse analyze PATH... --db {address}'", err=True)
        sys.exit(EXIT_ENVIRONMENT)
    return Store(address)


def _render(report, fmt: str) -> str:
    from . import report as renderers

    if fmt == "json":
        return renderers.render_json(report)
    if fmt == "html":
        from .report.html import render_html

        return render_html(report)
    return renderers.render_markdown(report)


def _write(text: str, output: Path | None) -> None:
    if output:
        output.write_text(text, encoding="utf-8")
        click.echo(f"wrote {output}", err=True)
    else:
        click.echo(text, nl=False)


def _print_summary(summary: pipeline.RunSummary, quiet: bool) -> None:
    if not quiet:
        click.echo(
            f"{plural(summary.read, 'document')} read: {summary.added} new, {summary.already_stored} already stored, "
            f"{plural(summary.copies, 'copy of another', 'copies of others')}; {summary.analyzed} analysed.",
            err=True,
        )
        for source, warning in summary.warnings[:20]:
            click.echo(f"warning: {source}: {warning}", err=True)
    if summary.failures:
        click.echo(f"{plural(len(summary.failures), 'input')} failed:", err=True)
        for source, problem in summary.failures:
            click.echo(f"  {source}: {problem}", err=True)


db_option = click.option(
    "--db", default=None, metavar="PATH|URL",
    help="SQLite file or postgresql://user@host/dbname URL (default: $NEWSFUSE_DB or ./newsfuse.db).",
)
quiet_option = click.option("--quiet", "-q", is_flag=True, help="No progress bars or summary.")
allow_private_option = click.option(
    "--allow-private-urls", is_flag=True, help="Allow fetching loopback/private-network URLs."
)


class _Group(click.Group):
    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except NewsfuseError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(EXIT_ENVIRONMENT)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__)
def main() -> None:
    """newsfuse: fuse many news reports into one situation picture.

    \b
    Examples:
      newsfuse analyze examples/                 # ingest + analyse + report (Markdown)
      newsfuse analyze seeds/*.txt --format json # the JSON contract
      newsfuse ingest feeds/ https://example.org/feed.xml
      newsfuse stories                           # list stories in the database
      newsfuse report --format html -o report.html
      newsfuse serve                             # web app on http://127.0.0.1:8000
    """


@main.command()
@click.argument("sources", nargs=-1, required=True)
@db_option
@quiet_option
@allow_private_option
def ingest(sources, db, quiet, allow_private_urls):
    """Read SOURCES (files, folders, globs, feeds, JSONL/CSV, URLs) into the database.

    \b
    Examples:
      newsfuse ingest examples/
      newsfuse ingest 'reports/*.html' wire.xml bulk.jsonl
    """
    store = _open_store(db)
    summary = pipeline.ingest(sources, store, IngestSettings(allow_private_urls=allow_private_urls),
                              _progress_factory(quiet))
    _print_summary(summary, quiet)
    sys.exit(EXIT_INPUT_FAILED if summary.failures else 0)


@main.command()
@click.argument("sources", nargs=-1, required=True)
@db_option
@quiet_option
@allow_private_option
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="markdown", show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Write the report here.")
@click.option("--workers", "-j", type=click.IntRange(min=1), default=None,
              help="Processes for per-document analysis (default 1; with --runner ray, the cluster's CPUs).")
@click.option("--runner", type=click.Choice(["local", "ray"]), default="local", show_default=True,
              help="Where per-document analysis runs: this machine, or Ray ($RAY_ADDRESS, else a local cluster; pip install 'newsfuse[ray]').")
@click.option("--reliability", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="YAML/CSV of outlet reliability grades (A-F).")
@click.option("--retry-failed", is_flag=True,
              help="Analyse again the stored documents whose analysis failed (otherwise they are skipped).")
def analyze(sources, db, quiet, allow_private_urls, fmt, output, workers, runner, reliability, retry_failed):
    """Ingest SOURCES, run the whole pipeline and print the report on their stories.

    \b
    Examples:
      newsfuse analyze examples/
      newsfuse analyze ../shared/seeds/*.txt --format json
      newsfuse analyze news/ --format html -o report.html -j 2
      newsfuse analyze news/ --runner ray --db postgresql://newsfuse@db.example/news
    """
    store = _open_store(db)
    grades = _load_reliability(reliability)
    if retry_failed:
        retried = store.requeue_failed()
        if not quiet:
            click.echo(f"{len(retried)} failed document(s) queued for analysis again.", err=True)
    refused = pipeline.set_grades(store, grades, _progress_factory(quiet)) if grades else []
    report, summary = pipeline.run(
        sources, store, IngestSettings(allow_private_urls=allow_private_urls),
        workers or (0 if runner == "ray" else 1), None, _progress_factory(quiet), runner=runner,
    )
    if refused and not quiet:
        click.echo(f"outlet grades from {reliability} stored; {plural(len(refused), 'story', 'stories')} "
                   "re-fused with them (no re-analysis)", err=True)
    if report.stories or not summary.failures:
        _write(_render(report, fmt), output)
    else:
        click.echo("error: nothing could be read, so there is no report (see the failures below)", err=True)
    _print_summary(summary, quiet)
    sys.exit(EXIT_INPUT_FAILED if summary.failures else 0)


def _load_reliability(path: Path | None):
    if path is None:
        return None
    from .fuse import load_reliability

    return load_reliability(path)


@main.command()
@db_option
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True)
def stories(db, limit):
    """List the stories in the database, newest first.

    \b
    Example:
      newsfuse stories --limit 10
    """
    store = _open_store(db, must_exist=True)
    listed = store.stories()[:limit]
    for s in listed:
        span = " to ".join(dict.fromkeys(x.isoformat() for x in (s.start, s.end) if x)) or "undated"
        docs = plural(len(s.documents), "doc")
        click.echo(f"{s.id}  {docs:>8}  {span:<24}  {s.title}")
    if not listed:
        click.echo(f"no stories in {store.name}: run 'newsfuse analyze PATH...' first", err=True)


@main.command()
@db_option
@click.option("--story", "story_ids", multiple=True, help="Only these story ids (repeatable).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="markdown", show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path))
def report(db, story_ids, fmt, output):
    """Render the report of stories already in the database.

    \b
    Examples:
      newsfuse report --format html -o report.html
      newsfuse report --story s1a2b3c4 --format json
    """
    store = _open_store(db, must_exist=True)
    missing = [sid for sid in story_ids if store.story(sid) is None]
    if missing:
        click.echo(f"error: no story with id {', '.join(missing)} in {store.name}; "
                   "'newsfuse stories' lists the ids", err=True)
        sys.exit(EXIT_INPUT_FAILED)
    _write(_render(pipeline.build_report(store, story_ids or None), fmt), output)


@main.command()
@db_option
@quiet_option
def recluster(db, quiet):
    """Rebuild all stories from the stored analyses and fuse them again.

    \b
    Example:
      newsfuse recluster --db news.db
    """
    store = _open_store(db, must_exist=True)
    count = pipeline.recluster(store, progress=_progress_factory(quiet))
    if not quiet:
        click.echo(f"{plural(count, 'story', 'stories')} from {plural(store.count_documents(), 'document')}", err=True)


@main.command()
@click.argument("query")
@db_option
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True)
@click.option("--outlet", help="Only reports from this outlet (a facet value).")
@click.option("--place", help="Only reports naming this place (a facet value).")
@click.option("--entity", help="Only reports naming this entity (a facet value).")
@click.option("--date", "date", help="Only reports published on this day (YYYY-MM-DD).")
@click.option("--facets/--no-facets", default=True, show_default=True, help="Print counts by outlet, place, entity, date.")
def search(query, db, limit, outlet, place, entity, date, facets):
    """Full-text search over stored documents: stemmed ("withdrawal" finds "withdrew"),
    and other names of the places and entities asked for ("Hmeimim" finds "Khmeimim").

    \b
    Examples:
      newsfuse search "Tartus withdrawal"
      newsfuse search Hmeimim --outlet "Kyiv Independent"
    """
    store = _open_store(db, must_exist=True)
    result = store.search_documents(query, limit, filters={"outlet": outlet, "place": place, "entity": entity,
                                                           "date": date})
    for h in result.hits:
        name = h.title or h.path.replace("\\", "/").rsplit("/", 1)[-1]
        click.echo(f"{h.document}  {h.published or 'undated'}  {h.outlet or 'unknown outlet'}  {name}\n    {h.snippet}")
    if not result.hits:
        click.echo("no matches", err=True)
        return
    variants = [g for g in result.groups if len(g) > 1]
    if variants:
        click.echo("also searched: " + "; ".join(", ".join(g[1:6]) + (" ..." if len(g) > 6 else "") for g in variants),
                   err=True)
    click.echo(f"{plural(result.total, 'matching report')}" + (f", {len(result.hits)} shown" if result.total > len(result.hits) else ""),
               err=True)
    if facets:
        for kind, values in result.facets.items():
            if values:
                click.echo(f"  {kind}: " + ", ".join(f"{v} ({n})" for v, n in values), err=True)


@main.command()
@db_option
@click.option("--format", "fmt", type=click.Choice(["json", "geojson", "csv"]), default="json", show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path))
def export(db, fmt, output):
    """Export the database: the JSON report, GeoJSON of places and events, or
    ACLED-like CSV of events.

    \b
    Examples:
      newsfuse export --format geojson -o picture.geojson
      newsfuse export --format csv -o events.csv
    """
    store = _open_store(db, must_exist=True)
    rep = pipeline.build_report(store)
    if fmt == "json":
        from .report import render_json

        _write(render_json(rep), output)
        return
    from .report import exports

    _write(exports.render_geojson(rep) if fmt == "geojson" else exports.render_csv(rep), output)


@main.command()
@click.argument("sources", nargs=-1, required=True)
@db_option
@quiet_option
@allow_private_option
@click.option("--interval", type=click.FloatRange(min=0), default=300, show_default=True, help="Seconds between polls.")
@click.option("--rounds", type=click.IntRange(min=0), default=0, help="Stop after this many polls (0: run until interrupted).")
@click.option("--digest", "digest_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Also append each round's digest to this file.")
@click.option("--webhook", help="POST each round's digest as JSON ({\"text\": ..., \"stories\": [...]}) to this URL.")
def watch(sources, db, quiet, allow_private_urls, interval, rounds, digest_file, webhook):
    """Poll SOURCES (folders, feeds, URLs) and fold new reports into their stories.

    Only new documents are analysed; only the stories they join are re-fused. Each round
    prints a digest on stdout: which story every new report joined and what changed
    (new facts, new contradictions, independent-source counts updated).

    \b
    Examples:
      newsfuse watch inbox/ https://example.org/feed.xml --interval 600
      newsfuse watch inbox/ --digest digest.txt --webhook https://hooks.example.org/T0/B0
    """
    import time

    from . import digest as digests_

    if webhook and not webhook.startswith(("http://", "https://")):
        raise click.BadParameter(f"{webhook!r} is not an http(s) URL", param_hint="--webhook")
    store = _open_store(db)
    settings = IngestSettings(allow_private_urls=allow_private_urls)
    done, failed = 0, False
    while True:
        _, summary = pipeline.update(sources, store, settings, progress=_progress_factory(True))
        stamp = time.strftime("%H:%M:%S")
        click.echo(f"{stamp} {plural(summary.added, 'new document')}, {len(summary.failures)} failed", err=True)
        for source, problem in summary.failures:
            click.echo(f"  {source}: {problem}", err=True)
        failed = failed or bool(summary.failures)
        changed = [d for d in summary.digests if d.changes]
        if changed:
            text = digests_.render_text(changed)
            click.echo(text, nl=False)
            if digest_file:
                with digest_file.open("a", encoding="utf-8") as fh:
                    fh.write(text + "\n")
            if webhook:
                failed = not _post_digest(webhook, digests_.render_json(changed)) or failed
        done += 1
        if rounds and done >= rounds:
            sys.exit(EXIT_INPUT_FAILED if failed else 0)
        time.sleep(interval)


def _post_digest(url: str, body: str) -> bool:
    """POST the digest; a failure is reported, never fatal (the next round tries again)."""
    import httpx

    try:
        response = httpx.post(url, content=body.encode("utf-8"), timeout=15,
                              headers={"Content-Type": "application/json", "User-Agent": f"newsfuse/{__version__}"})
    except httpx.HTTPError as exc:
        click.echo(f"warning: webhook {url}: {exc}", err=True)
        return False
    if response.status_code >= 400:
        click.echo(f"warning: webhook {url} answered {response.status_code}", err=True)
        return False
    return True


def _check_host(ctx, param, value: str) -> str:
    """``--host`` as uvicorn wants it (``[::1]`` -> ``::1``); a usage error (exit 2) when it
    is no IP address or host name, rather than a failure inside uvicorn."""
    from .web.app import bind_host

    try:
        return bind_host(value)
    except NewsfuseError as exc:
        raise click.BadParameter(str(exc).removeprefix(f"--host {value!r} ")) from exc


@main.command()
@click.argument("report_a")
@click.argument("report_b")
@db_option
@click.option("--format", "fmt", type=click.Choice(["markdown", "json"]), default="markdown", show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--reliability", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="YAML/CSV of outlet reliability grades (A-F).")
def compare(report_a, report_b, db, fmt, output, reliability):
    """Compare two reports: what both state, what only one states, where they conflict,
    and whether they share an upstream source. REPORT_A/REPORT_B are document ids in the
    database or paths of files (read and analysed on the fly, not stored).

    \b
    Examples:
      newsfuse compare d0eefdcb23903 dded12904e040
      newsfuse compare ../shared/seeds/000_*.txt ../shared/seeds/001_*.txt
    """
    from .report.compare import comparison_dict, render_comparison_markdown
    from .report.compare import compare as compare_reports

    docs, analyses = [], {}
    store = None
    for ref in (report_a, report_b):
        if Path(ref).exists():
            doc, analysis = _read_and_analyse(ref)
        else:
            store = store or _open_store(db, must_exist=True)
            doc = store.document(ref)
            if doc is None:
                click.echo(f"error: {ref!r} is neither a file nor a document id in {store.name} "
                           "('newsfuse search WORDS' shows document ids)", err=True)
                sys.exit(EXIT_INPUT_FAILED)
            analysis = store.analyses([ref]).get(ref)
            if analysis is None:
                doc, analysis = doc, _analyse(doc)
        docs.append(doc)
        analyses[doc.id] = analysis
    if docs[0].id == docs[1].id:
        click.echo("error: both arguments are the same report", err=True)
        sys.exit(EXIT_INPUT_FAILED)
    result = compare_reports(docs[0], docs[1], analyses, _load_reliability(reliability))
    if fmt == "json":
        import json

        _write(json.dumps(comparison_dict(result), ensure_ascii=False, indent=2) + "\n", output)
    else:
        _write(render_comparison_markdown(result), output)


def _analyse(doc):
    from .analyze import analyze_document

    analysis = analyze_document(doc)
    if analysis.error:
        click.echo(f"error: {doc.path}: analysis failed: {analysis.error}", err=True)
        sys.exit(EXIT_INPUT_FAILED)
    return analysis


def _read_and_analyse(path: str):
    from .errors import InputError
    from .ingest import read_sources

    for item in read_sources([path], IngestSettings()):
        if isinstance(item, InputError):
            click.echo(f"error: {item}", err=True)
            sys.exit(EXIT_INPUT_FAILED)
        return item, _analyse(item)
    click.echo(f"error: {path}: no report in it", err=True)
    sys.exit(EXIT_INPUT_FAILED)


@main.command()
@click.argument("document")
@db_option
@click.option("--outlet", help="The outlet that published it ('' clears it).")
@click.option("--title", help="Its title ('' clears it).")
@click.option("--date", "date", help="Its publication date, YYYY-MM-DD.")
@click.option("--grade", type=click.Choice(list("ABCDEF"), case_sensitive=False),
              help="Reliability grade of its outlet (A reliable .. E unreliable, F cannot be judged).")
def correct(document, db, outlet, title, date, grade):
    """Correct a stored document's outlet, title or date (and grade its outlet), then
    re-fuse its story from the stored analyses (nothing is analysed again).

    \b
    Examples:
      newsfuse correct d0eefdcb23903 --outlet "Ukrainska Pravda" --date 2024-12-08
      newsfuse correct dded12904e040 --outlet "Kyiv Post" --grade B
    """
    import datetime as dt

    if outlet is None and title is None and date is None and grade is None:
        raise click.UsageError("give at least one of --outlet, --title, --date, --grade")
    published = None
    if date is not None:
        try:
            published = dt.date.fromisoformat(date)
        except ValueError:
            raise click.BadParameter(f"{date!r} is not a date YYYY-MM-DD", param_hint="--date") from None
    store = _open_store(db, must_exist=True)
    doc, refused = pipeline.correct(store, document, outlet, title, published, grade.upper() if grade else None)
    if doc is None:
        click.echo(f"error: no document with id {document!r} in {store.name} "
                   "('newsfuse search WORDS' shows document ids)", err=True)
        sys.exit(EXIT_INPUT_FAILED)
    when = doc.published.isoformat() if doc.published else "undated"
    name = doc.title or doc.path.replace("\\", "/").rsplit("/", 1)[-1]
    click.echo(f"{doc.id}: {doc.outlet or 'unknown outlet'} · {when} · {name}", err=True)
    if refused:
        click.echo(f"re-fused {plural(len(refused), 'story', 'stories')}: {', '.join(refused)}", err=True)


@main.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, callback=_check_host,
              help="Address to bind: 127.0.0.1, ::1 or [::1], or 0.0.0.0 with a token.")
@click.option("--port", type=int, default=8000, show_default=True)
@click.option("--token", envvar="NEWSFUSE_TOKEN", help="API token; required when binding beyond localhost.")
@click.option("--allowed-host", "allowed_hosts", multiple=True, metavar="NAME",
              help="A host name browsers may reach the server by, besides loopback names and --host "
                   "(repeatable; also $NEWSFUSE_ALLOWED_HOSTS, comma-separated). Other Host headers are refused.")
@click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True,
              help="Server processes (about one per core serves the most requests).")
def serve(db, host, port, token, allowed_hosts, workers):
    """Serve the web app and REST API (http://127.0.0.1:8000 by default).

    \b
    Examples:
      newsfuse serve --port 8080
      newsfuse serve --host 0.0.0.0 --token "$SECRET" --allowed-host news.example.org
    """
    from .web.app import serve as run_server

    address = db_address(db) if db else default_db_path()
    if isinstance(address, Path) and not address.is_file():
        click.echo(f"note: no database at {address} yet; starting with an empty one (ingest reports at /ingest)", err=True)
    run_server(address, host, port, token, allowed_hosts, workers)


if __name__ == "__main__":  # pragma: no cover
    main()
