package assets

// Regenerate borders.geojson and borders.bin from world-atlas@2.0.2 (needs npm and node).
//go:generate sh internal/gen/fetch.sh
