#!/usr/bin/env bash
# Build the vendored front-end assets into app/static (committed).
#
#   app/static/css/app.css                 Sass build of src/app.scss
#   app/static/js/govuk-frontend.min.js    GOV.UK Frontend ES module (+ .map)
#   app/static/js/app.js                   src/js/app.js (calls initAll)
#   app/static/js/security-keys.js         src/js/security-keys.js (WebAuthn forms)
#   app/static/images/*                    src/images/* (council icons)
#
# app/static/css, js and images are owned by this script: they are emptied
# and rewritten on every run. Runnable from any directory; needs Node/npm only
# here and in CI, never at setup or run time of the app.
set -euo pipefail

ASSETS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
STATIC_DIR="$(cd "$ASSETS_DIR/.." && pwd)/app/static"
cd "$ASSETS_DIR"

GOVUK_FRONTEND_VERSION=6.3.0
SASS_VERSION=1.108.2

installed_version() {
  # Prints the installed version of package $1, or nothing.
  local manifest="node_modules/$1/package.json"
  [[ -f $manifest ]] || return 0
  node -p "require('./$manifest').version" 2>/dev/null || true
}

if [[ ${FORCE_NPM_CI:-0} == 1 ]] ||
  [[ $(installed_version govuk-frontend) != "$GOVUK_FRONTEND_VERSION" ]] ||
  [[ $(installed_version sass) != "$SASS_VERSION" ]] ||
  [[ ! -f node_modules/vnu-jar/build/dist/vnu.jar ]]; then
  echo "build.sh: npm ci" >&2
  npm ci --no-audit --no-fund
fi

GOVUK_DIST="node_modules/govuk-frontend/dist/govuk"

# Compile into a temporary file first: on failure sass still writes a CSS file
# holding the error message, which must never reach app/static.
tmp_css="$(mktemp "${TMPDIR:-/tmp}/app-css.XXXXXX")"
trap 'rm -f "$tmp_css"' EXIT
if ! ./node_modules/.bin/sass --pkg-importer=node --style=compressed --no-source-map \
  src/app.scss "$tmp_css"; then
  echo "build.sh: Sass compilation failed" >&2
  exit 1
fi
if grep -q 'url("/assets/' "$tmp_css"; then
  echo "build.sh: CSS references /assets/ (check \$govuk-assets-path)" >&2
  exit 1
fi

rm -rf "$STATIC_DIR/css" "$STATIC_DIR/js" "$STATIC_DIR/images"
mkdir -p "$STATIC_DIR/css" "$STATIC_DIR/js" "$STATIC_DIR/images"

cp "$tmp_css" "$STATIC_DIR/css/app.css"
cp "$GOVUK_DIST/govuk-frontend.min.js" "$GOVUK_DIST/govuk-frontend.min.js.map" "$STATIC_DIR/js/"
cp src/js/app.js src/js/security-keys.js "$STATIC_DIR/js/"
cp src/images/favicon.svg src/images/favicon.ico src/images/apple-touch-icon.png "$STATIC_DIR/images/"
chmod 644 "$STATIC_DIR"/css/* "$STATIC_DIR"/js/* "$STATIC_DIR"/images/*

echo "build.sh: built $(cd "$STATIC_DIR/.." && find static/css static/js static/images -type f | sort | tr '\n' ' ')" >&2
