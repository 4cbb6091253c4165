#!/usr/bin/env bash
# Re-vendor the third-party browser assets the web map inlines, from the npm registry.
# Usage: bash geo/webmap/assets/vendor/update.sh   (needs npm, npx and python3)
# Writes the selected files below this folder and MANIFEST.json (package, version, npm
# integrity, and the SHA-256 of every file). tests/test_webmap.py checks the hashes.
#
# Each library ships its minified build from its npm package. A package without one
# (leaflet.fullscreen 4.0.0) has its script minified here by
# terser (pinned below) from the package's own file; MANIFEST.json says so per file, and its
# SHA-256 is that of the minified file. Stylesheets are minified when the map is built
# (geo/webmap/bundle.py), so they are vendored as published.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

TERSER="terser@5.51.4"
TERSER_OPTIONS=(--compress --mangle --comments some)

# package@version  file-in-package:vendored-name (copied) or file-in-package>vendored-name
# (minified by terser) ...
specs=(
  "leaflet@1.9.4 dist/leaflet.js:leaflet.js dist/leaflet.css:leaflet.css dist/images/layers.png:images/layers.png dist/images/layers-2x.png:images/layers-2x.png LICENSE:LICENSE"
  "leaflet.fullscreen@4.0.0 Control.FullScreen.js>Control.FullScreen.min.js Control.FullScreen.css:Control.FullScreen.css icon-fullscreen.svg:icon-fullscreen.svg LICENSE.md:LICENSE"
)
entries=()
for spec in "${specs[@]}"; do
  read -r pkg files <<<"$spec"
  name="${pkg%@*}"; version="${pkg##*@}"
  (cd "$work" && npm pack --silent "$pkg" >/dev/null)
  tarball="$(ls "$work"/*.tgz)"
  integrity="$(npm view "$pkg" dist.integrity)"
  # The tarball is the one the registry vouches for.
  python3 - "$tarball" "$integrity" <<'PY'
import base64, hashlib, sys
from pathlib import Path
actual = "sha512-" + base64.b64encode(hashlib.sha512(Path(sys.argv[1]).read_bytes()).digest()).decode()
if actual != sys.argv[2]:
    sys.exit(f"{sys.argv[1]}: integrity {actual} != registry's {sys.argv[2]}")
PY
  rm -rf "$work/package" && tar xzf "$tarball" -C "$work" && rm "$tarball"
  licence="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["license"])' "$work/package/package.json")"
  dest="$here/$name-$version"
  rm -rf "$dest" && mkdir -p "$dest"
  minified=""
  for pair in $files; do
    if [[ "$pair" == *">"* ]]; then
      src="${pair%%>*}"; out="${pair##*>}"
      # Licence and credit travel with the minified file, which keeps no comments of its own.
      owners="$(grep -ih '^copyright' "$work/package/"LICENSE* | tr '\n' ';' | sed 's/;$//; s/;/; /g')"
      preamble="/*! $name $version (npm) | $licence | $owners | minified by $TERSER from $src */"
      mkdir -p "$(dirname "$dest/$out")"
      { printf '%s\n' "$preamble"; npx --yes "$TERSER" "$work/package/$src" "${TERSER_OPTIONS[@]}"; } \
        >"$dest/$out"
      minified="$minified$out<$src,"
    else
      src="${pair%%:*}"; out="${pair##*:}"
      mkdir -p "$(dirname "$dest/$out")"
      cp "$work/package/$src" "$dest/$out"
    fi
  done
  entries+=("$name|$version|$integrity|$name-$version|${minified%,}")
done
python3 - "$here" "$TERSER" "${TERSER_OPTIONS[*]}" "${entries[@]}" <<'PY'
import hashlib, json, sys
from pathlib import Path
here, terser, options = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
packages = []
for entry in sys.argv[4:]:
    name, version, integrity, folder, minified = entry.split("|")
    files = {
        str(path.relative_to(here / folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted((here / folder).rglob("*")) if path.is_file()
    }
    package = {"package": name, "version": version, "npm_integrity": integrity,
               "folder": folder, "files": files}
    made = dict(pair.split("<") for pair in minified.split(",") if pair)
    if made:
        package["minified"] = {
            out: {"from": src, "by": terser, "options": options} for out, src in made.items()
        }
        package["note"] = (
            f"the package ships no minified build: {', '.join(made)} was minified by "
            f"{terser.replace('@', ' ')} ({options}) from the package's "
            f"{', '.join(made.values())}; npm_integrity is the package's, the SHA-256 in "
            "files is the minified file's"
        )
    packages.append(package)
(here / "MANIFEST.json").write_text(
    json.dumps({"packages": packages}, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
)
PY
echo "vendored ${#specs[@]} packages into $here"
