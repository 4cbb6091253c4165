#!/usr/bin/env bash
# Re-vendor the third-party browser assets the web map inlines, from the npm registry.
# Usage: bash geo/webmap/assets/vendor/update.sh   (needs npm and python3)
# Writes the selected files below this folder and MANIFEST.json (package, version, npm
# integrity, and the SHA-256 of every file). tests/test_webmap.py checks the hashes.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# package@version  file-in-package:vendored-name ...
specs=(
  "leaflet@1.9.4 dist/leaflet.js:leaflet.js dist/leaflet.css:leaflet.css dist/images/layers.png:images/layers.png dist/images/layers-2x.png:images/layers-2x.png LICENSE:LICENSE"
  "leaflet.fullscreen@4.0.0 Control.FullScreen.js:Control.FullScreen.js Control.FullScreen.css:Control.FullScreen.css icon-fullscreen.svg:icon-fullscreen.svg LICENSE.md:LICENSE"
  "leaflet-search@4.0.0 dist/leaflet-search.min.js:dist/leaflet-search.min.js dist/leaflet-search.min.css:dist/leaflet-search.min.css images/search-icon.png:images/search-icon.png license.txt:LICENSE"
  "leaflet.polylinemeasure@3.0.0 Leaflet.PolylineMeasure.js:Leaflet.PolylineMeasure.js Leaflet.PolylineMeasure.css:Leaflet.PolylineMeasure.css LICENSE.txt:LICENSE"
)
entries=()
for spec in "${specs[@]}"; do
  read -r pkg files <<<"$spec"
  name="${pkg%@*}"; version="${pkg##*@}"
  (cd "$work" && npm pack --silent "$pkg" >/dev/null)
  tarball="$(ls "$work"/*.tgz)"
  integrity="$(npm view "$pkg" dist.integrity)"
  rm -rf "$work/package" && tar xzf "$tarball" -C "$work" && rm "$tarball"
  dest="$here/$name-$version"
  rm -rf "$dest" && mkdir -p "$dest"
  for pair in $files; do
    src="${pair%%:*}"; out="${pair##*:}"
    mkdir -p "$(dirname "$dest/$out")"
    cp "$work/package/$src" "$dest/$out"
  done
  entries+=("$name|$version|$integrity|$name-$version")
done
python3 - "$here" "${entries[@]}" <<'PY'
import hashlib, json, sys
from pathlib import Path
here = Path(sys.argv[1])
packages = []
for entry in sys.argv[2:]:
    name, version, integrity, folder = entry.split("|")
    files = {
        str(path.relative_to(here / folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted((here / folder).rglob("*")) if path.is_file()
    }
    packages.append({"package": name, "version": version, "npm_integrity": integrity,
                     "folder": folder, "files": files})
(here / "MANIFEST.json").write_text(json.dumps({"packages": packages}, indent=2) + "\n")
PY
echo "vendored ${#specs[@]} packages into $here"
