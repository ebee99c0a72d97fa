"""Fetching web pages and feeds over http(s), safely.

Only http and https; every host (including each redirect target) is resolved and refused
when any of its addresses is private, loopback, link-local or otherwise not public, unless
``IngestSettings.allow_private_urls`` is set (so a report URL cannot make newsfuse probe
an intranet or a cloud metadata service). Downloads are streamed and stop at ``max_bytes``;
``url_timeout`` bounds each network wait and four times it the whole download.

Known limit: httpx resolves the host again when it connects, so a DNS server that changes
its answer between the check and the connection (DNS rebinding) is not caught.
"""
from __future__ import annotations

import ipaddress
import socket
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from ..errors import InputError
from ..settings import IngestSettings

MAX_REDIRECTS = 5
USER_AGENT = "newsfuse/0.1 (news report reader)"
_CONTENT_KINDS = {
    "text/html": "html", "application/xhtml+xml": "html",
    "application/rss+xml": "feed", "application/atom+xml": "feed",
    "application/rdf+xml": "feed", "application/feed+xml": "feed",
    "application/xml": "xml", "text/xml": "xml",
    "text/plain": "text", "text/markdown": "text", "text/x-markdown": "text",
}
_UNREACHABLE_HINT = "check the address and your network connection; the site may be down"


@dataclass
class Fetched:
    """A downloaded body: ``kind`` is html/feed/xml/text or "" when the server sent no type."""

    url: str  # after redirects
    kind: str
    data: bytes  # at most max_bytes + 1
    size: int | None  # Content-Length when the server sent one
    truncated: bool


def is_url(source: str) -> bool:
    """True for anything with a URL scheme (http, https, ftp, file, ...), not a path."""
    scheme = urlsplit(source).scheme
    return len(scheme) > 1 and "://" in source


def _refused_address(address: str) -> str | None:
    """Why ``address`` may not be fetched, or None when it is a public address."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    for attribute, reason in (("is_loopback", "loopback"), ("is_link_local", "link-local"),
                              ("is_private", "private"), ("is_multicast", "multicast"),
                              ("is_unspecified", "unspecified"), ("is_reserved", "reserved")):
        if getattr(ip, attribute):
            return f"{reason} address {ip}"
    return None if ip.is_global else f"non-public address {ip}"


def check_url(url: str, settings: IngestSettings) -> None:
    """Raise InputError unless ``url`` is http(s) and (unless allowed) every address its
    host resolves to is public."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https"):
        raise InputError(url, f"unsupported URL scheme {parts.scheme!r}",
                         "only http:// and https:// addresses are fetched")
    host = parts.hostname
    if not host:
        raise InputError(url, "URL has no host")
    if settings.allow_private_urls:
        return
    try:
        port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, ValueError) as exc:
        raise InputError(url, f"host {host!r} could not be resolved ({exc})",
                         _UNREACHABLE_HINT) from exc
    for info in infos:
        reason = _refused_address(info[4][0])
        if reason:
            raise InputError(url, f"refused to fetch {host!r}: it resolves to a {reason}",
                             "set allow_private_urls (--allow-private-urls) to fetch "
                             "from your own network")


def content_kind(content_type: str) -> str | None:
    """html/feed/xml/text for a Content-Type we read, "" when absent, None when refused."""
    media = content_type.split(";", 1)[0].strip().lower()
    if not media:
        return ""
    return _CONTENT_KINDS.get(media)


def fetch_url(url: str, settings: IngestSettings, *, transport=None) -> Fetched:
    """Download ``url`` (following up to five checked redirects); raise InputError.
    ``transport`` (an httpx transport) replaces the network, e.g. in tests."""
    import httpx

    timeout = httpx.Timeout(settings.url_timeout)
    deadline = time.monotonic() + 4 * settings.url_timeout
    current = url
    with httpx.Client(timeout=timeout, follow_redirects=False, transport=transport,
                      headers={"User-Agent": USER_AGENT}) as client:
        for _ in range(MAX_REDIRECTS + 1):
            try:
                check_url(current, settings)
            except InputError as error:
                if current == url:
                    raise
                raise InputError(url, f"redirected to {current}, {error.problem}",
                                 error.hint) from error
            try:
                with client.stream("GET", current) as response:
                    if response.is_redirect:
                        current = urljoin(str(response.url), response.headers["location"])
                        continue
                    return _read_body(url, current, response, settings, deadline)
            except httpx.TimeoutException as exc:
                raise InputError(url, f"timed out after {settings.url_timeout:g} s",
                                 _UNREACHABLE_HINT) from exc
            except httpx.HTTPError as exc:
                raise InputError(url, f"could not be fetched: {exc or type(exc).__name__}",
                                 _UNREACHABLE_HINT) from exc
    raise InputError(url, f"more than {MAX_REDIRECTS} redirects")


def _read_body(url: str, current: str, response, settings: IngestSettings,
               deadline: float) -> Fetched:
    if response.status_code >= 400:
        raise InputError(url, f"the server answered HTTP {response.status_code}",
                         "check the address; the page may be gone or need a login")
    kind = content_kind(response.headers.get("content-type", ""))
    if kind is None:
        raise InputError(url, f"unsupported content type {response.headers['content-type']!r}",
                         "newsfuse reads web pages, RSS/Atom feeds and plain text")
    length = response.headers.get("content-length", "")
    size = int(length) if length.isdigit() else None
    chunks: list[bytes] = []
    received = 0
    truncated = False
    for chunk in response.iter_bytes():
        chunks.append(chunk)
        received += len(chunk)
        if received > settings.max_bytes:
            truncated = True
            break
        if time.monotonic() > deadline:
            raise InputError(url, f"download took longer than {4 * settings.url_timeout:g} s",
                             _UNREACHABLE_HINT)
    data = b"".join(chunks)  # max_bytes + 1 bytes when truncated: readers see it is over
    return Fetched(url=str(response.url), kind=kind, data=data[: settings.max_bytes + 1],
                   size=size, truncated=truncated)
