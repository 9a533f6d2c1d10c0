#!/usr/bin/env bash
# CI check: rebuild the assets and fail if the committed build in app/static
# differs from what the sources produce.
set -euo pipefail

ASSETS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
bash "$ASSETS_DIR/build.sh"

cd "$ASSETS_DIR/.."

status=0
if ! git diff --quiet -- app/static; then
  echo "check.sh: the built assets differ from the committed ones:" >&2
  git --no-pager diff --stat -- app/static >&2
  status=1
fi

untracked="$(git ls-files --others --exclude-standard -- app/static)"
if [[ -n $untracked ]]; then
  echo "check.sh: the build produced files that are not committed:" >&2
  printf '  %s\n' $untracked >&2
  status=1
fi

if [[ $status != 0 ]]; then
  echo "check.sh: FAIL - run assets/build.sh and commit app/static." >&2
  exit 1
fi
echo "check.sh: OK - app/static matches a fresh build." >&2
