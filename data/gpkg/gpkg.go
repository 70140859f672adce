// Package gpkg writes a dataset for GIS tools: a GeoPackage (OGC 12-128r18)
// with three tables, markers (the features, with their geometry), citations
// (one row per quote, naming its marker and its source) and sources, tied
// by foreign keys that QGIS reads as relations; or a flat GeoJSON with one
// feature per citation, for tools that know no relations.
//
// SQLite is reached through github.com/mattn/go-sqlite3: casmap already
// builds with cgo for its window (GLFW), so the C SQLite costs no new
// toolchain, and it is the fastest and smallest of the Go drivers (the
// pure-Go ports add several megabytes and run slower).
package gpkg

import (
	"bytes"
	"database/sql"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"

	_ "github.com/mattn/go-sqlite3" // the database/sql driver "sqlite3"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkb"
	"github.com/paulmach/orb/geojson"

	"casmap/data"
	"casmap/data/atomicfile"
)

// schema is the GeoPackage's tables: the required metadata tables, then
// the dataset's.
const schema = `
PRAGMA application_id = 1196444487;
PRAGMA user_version = 10300;
CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER NOT NULL PRIMARY KEY,
  organization TEXT NOT NULL, organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT);
INSERT INTO gpkg_spatial_ref_sys VALUES
  ('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', 'undefined cartesian coordinate reference system'),
  ('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', 'undefined geographic coordinate reference system'),
  ('WGS 84 geodetic', 4326, 'EPSG', 4326, 'GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AUTHORITY["EPSG","4326"]]', 'longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid');
CREATE TABLE gpkg_contents (table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE,
  description TEXT DEFAULT '', last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER,
  CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id));
CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL,
  srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL,
  CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
  CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
  CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id));
CREATE TABLE sources (fid INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, title TEXT, publisher TEXT,
  published TEXT, url TEXT, file TEXT, sha256 TEXT, note TEXT, text TEXT);
CREATE TABLE markers (fid INTEGER PRIMARY KEY AUTOINCREMENT, geom GEOMETRY, id TEXT NOT NULL UNIQUE, kind TEXT, title TEXT,
  place TEXT, country TEXT, actor TEXT, date TEXT, value DOUBLE, unit TEXT, qualifier TEXT, precision TEXT, status TEXT,
  trip TEXT, stop INTEGER, participants TEXT, note TEXT, draft BOOLEAN, corroborates TEXT, disagrees TEXT, citations INTEGER);
CREATE TABLE citations (fid INTEGER PRIMARY KEY AUTOINCREMENT, marker_id TEXT NOT NULL REFERENCES markers(id),
  source_id TEXT NOT NULL REFERENCES sources(id), n INTEGER NOT NULL, quote TEXT NOT NULL, note TEXT);
INSERT INTO gpkg_contents (table_name, data_type, identifier, description, srs_id) VALUES
  ('markers', 'features', 'markers', 'casmap markers; each cites its sources in the citations table', 4326),
  ('citations', 'attributes', 'citations', 'one row per quote: the marker it supports and the source it quotes', NULL),
  ('sources', 'attributes', 'sources', 'the texts the citations quote', NULL);
INSERT INTO gpkg_geometry_columns VALUES ('markers', 'geom', 'GEOMETRY', 4326, 0, 0);
`

// Write writes ds to path as a GeoPackage, atomically: it builds the file
// beside path and renames it over, so a failure leaves path as it was.
func Write(ds *data.Dataset, path string) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".casmap-*.gpkg")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	name := tmp.Name()
	tmp.Close()
	defer os.Remove(name)
	if err := build(ds, name); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(name, path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// build writes the GeoPackage into the empty file name.
func build(ds *data.Dataset, name string) (err error) {
	db, err := sql.Open("sqlite3", "file:"+name+"?_foreign_keys=on")
	if err != nil {
		return err
	}
	defer func() {
		if cerr := db.Close(); err == nil {
			err = cerr
		}
	}()
	if _, err := db.Exec(schema); err != nil {
		return fmt.Errorf("schema: %w", err)
	}
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, s := range ds.Sources {
		text := ""
		if s.File == "" {
			text = s.Text
		}
		if _, err := tx.Exec(`INSERT INTO sources (id, title, publisher, published, url, file, sha256, note, text) VALUES (?,?,?,?,?,?,?,?,?)`,
			s.ID, s.Title, null(s.Publisher), null(s.Published), null(s.URL), null(s.File), null(s.SHA256), null(s.Note), null(text)); err != nil {
			return fmt.Errorf("source %s: %w", s.ID, err)
		}
	}
	b := orb.Bound{Min: orb.Point{math.Inf(1), math.Inf(1)}, Max: orb.Point{math.Inf(-1), math.Inf(-1)}}
	for _, m := range ds.Markers {
		geom, err := geometryBlob(m.Geometry)
		if err != nil {
			return fmt.Errorf("marker %s: %w", m.ID, err)
		}
		b = b.Union(m.Geometry.Bound())
		var value any
		if m.Value != nil {
			value = *m.Value
		}
		var stop any
		if m.Stop > 0 {
			stop = m.Stop
		}
		if _, err := tx.Exec(`INSERT INTO markers (geom, id, kind, title, place, country, actor, date, value, unit, qualifier, precision, status,
			trip, stop, participants, note, draft, corroborates, disagrees, citations) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
			geom, m.ID, string(m.Kind), m.Title, m.Place, null(m.Country), null(m.Actor), null(m.Date), value, null(m.Unit), null(m.Qualifier),
			null(string(m.Precision)), null(string(m.Status)), null(m.Trip), stop, null(strings.Join(m.Participants, "; ")), null(m.Note),
			m.Draft, null(m.Corroborates), null(m.Disagrees), len(m.Citations)); err != nil {
			return fmt.Errorf("marker %s: %w", m.ID, err)
		}
		for i, c := range m.Citations {
			if _, err := tx.Exec(`INSERT INTO citations (marker_id, source_id, n, quote, note) VALUES (?,?,?,?,?)`,
				m.ID, c.Source, i+1, c.Quote, null(c.Note)); err != nil {
				return fmt.Errorf("marker %s, citation %d: %w", m.ID, i+1, err)
			}
		}
	}
	if len(ds.Markers) > 0 {
		if _, err := tx.Exec(`UPDATE gpkg_contents SET min_x=?, min_y=?, max_x=?, max_y=? WHERE table_name='markers'`,
			b.Min[0], b.Min[1], b.Max[0], b.Max[1]); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// null is nil for an empty string, so that absent values are NULL.
func null(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// geometryBlob encodes g as a GeoPackage geometry: the "GP" header with
// SRS 4326 and the envelope, then the geometry as little-endian WKB.
func geometryBlob(g orb.Geometry) ([]byte, error) {
	if g == nil {
		return nil, errors.New("no geometry")
	}
	w, err := wkb.Marshal(g, binary.LittleEndian)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	buf.Write([]byte{'G', 'P', 0})
	_, isPoint := g.(orb.Point)
	if isPoint {
		buf.WriteByte(0x01) // little-endian header, no envelope
	} else {
		buf.WriteByte(0x03) // little-endian header, envelope [minx, maxx, miny, maxy]
	}
	binary.Write(&buf, binary.LittleEndian, int32(4326))
	if !isPoint {
		bd := g.Bound()
		for _, v := range []float64{bd.Min[0], bd.Max[0], bd.Min[1], bd.Max[1]} {
			binary.Write(&buf, binary.LittleEndian, v)
		}
	}
	buf.Write(w)
	return buf.Bytes(), nil
}

// WriteFlat writes ds as a flat GeoJSON: one feature per citation, with
// the marker's properties, the quote and its source's title, date and
// address, for GIS tools that know no relations. The write is atomic.
func WriteFlat(ds *data.Dataset, path string) error {
	fc := geojson.NewFeatureCollection()
	for _, m := range ds.Markers {
		for i, c := range m.Citations {
			f := geojson.NewFeature(m.Geometry)
			p := f.Properties
			p["marker_id"], p["kind"], p["title"], p["place"] = m.ID, string(m.Kind), m.Title, m.Place
			set := func(k, v string) {
				if v != "" {
					p[k] = v
				}
			}
			set("country", m.Country)
			set("actor", m.Actor)
			set("date", m.Date)
			set("precision", string(m.Precision))
			set("status", string(m.Status))
			set("unit", m.Unit)
			set("qualifier", m.Qualifier)
			if m.Value != nil {
				p["value"] = *m.Value
			}
			if m.Draft {
				p["draft"] = true
			}
			p["citation"], p["quote"], p["source_id"] = i+1, c.Quote, c.Source
			if s := ds.Source(c.Source); s != nil {
				set("source_title", s.Title)
				set("source_published", s.Published)
				set("source_url", s.URL)
			}
			fc.Append(f)
		}
	}
	b, err := json.MarshalIndent(fc, "", " ")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return atomicfile.WriteFile(path, append(b, '\n'), 0o644)
}
