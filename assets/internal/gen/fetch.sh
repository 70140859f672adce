#!/bin/sh
# Regenerates assets/borders.geojson and its packed form assets/borders.bin
# (what the app embeds) from the npm package world-atlas.
#
# Fetches the pinned release into a temporary directory, checks the tarball
# against its known integrity hash and runs the generator. Needs npm, node
# and go. Run through "go generate ./assets" or directly from any directory.
set -eu

VERSION=2.0.2
INTEGRITY=sha512-IXfV0qwlKXpckz1FhwXVwKRjiIhOnWttOskm5CtxMsjgE/MXAYRHWJqgXOpM8IkcPBoXnyTU5lFHcYa5ChG0LQ==

assets_dir=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

(cd "$tmp" && npm pack --silent --cache "$tmp/npm-cache" "world-atlas@$VERSION" >/dev/null)
tgz="$tmp/world-atlas-$VERSION.tgz"

got=$(node -e '
const fs = require("fs"), crypto = require("crypto");
const sum = crypto.createHash("sha512").update(fs.readFileSync(process.argv[1])).digest("base64");
process.stdout.write("sha512-" + sum);
' "$tgz")
if [ "$got" != "$INTEGRITY" ]; then
	echo "fetch.sh: integrity mismatch for world-atlas@$VERSION: got $got" >&2
	exit 1
fi

tar -xzf "$tgz" -C "$tmp" package/countries-10m.json
cd "$assets_dir"
go run ./internal/gen -in "$tmp/package/countries-10m.json" -out borders.geojson -packed borders.bin
