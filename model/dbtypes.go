package model

import "go/types"

// Structs with db tags are read by database/sql through their driver, not
// by an ORM that maps Go types to columns, so the types the PostgreSQL
// drivers define for their columns have the column type they are made for
// here: lib/pq's arrays and pgx's pgtype. On SQLite, where these types
// work too (they are driver.Valuers and sql.Scanners), the column has the
// type of what their Value writes, as gen maps that Go type: pq's arrays
// write the text of a PostgreSQL array literal ({a,b}), pgtype.UUID and
// pgtype.Numeric their text, the time types a time.Time.
//
// GORM packages keep GORM's own reading of these types (classify): the
// ORM is what creates their columns.

// driverType is the column type of a driver's type in a db-tagged struct:
// a kind mapped as the Go kind is (an integer key is still
// auto-incremented), or a type per dialect, or why there is none.
type driverType struct {
	kind       string
	size       int
	pg, sqlite string
	why        string
}

// driverTypes are the driver types gen knows, by package path and name.
var driverTypes = map[string]driverType{
	// github.com/lib/pq
	"github.com/lib/pq.StringArray":  {pg: "text[]", sqlite: "text"},
	"github.com/lib/pq.Int64Array":   {pg: "bigint[]", sqlite: "text"},
	"github.com/lib/pq.Int32Array":   {pg: "integer[]", sqlite: "text"},
	"github.com/lib/pq.Float64Array": {pg: "double precision[]", sqlite: "text"},
	"github.com/lib/pq.Float32Array": {pg: "real[]", sqlite: "text"},
	"github.com/lib/pq.BoolArray":    {pg: "boolean[]", sqlite: "text"},
	"github.com/lib/pq.ByteaArray":   {pg: "bytea[]", sqlite: "text"},
	"github.com/lib/pq.GenericArray": {why: "pq.GenericArray's element type is known only at run time"},
	// github.com/jackc/pgx/v5/pgtype
	pgtypePath + ".Bool":        {kind: kindBool},
	pgtypePath + ".Int2":        {kind: kindInt, size: 16},
	pgtypePath + ".Int4":        {kind: kindInt, size: 32},
	pgtypePath + ".Int8":        {kind: kindInt, size: 64},
	pgtypePath + ".Float4":      {pg: "real", sqlite: "real"},
	pgtypePath + ".Float8":      {pg: "double precision", sqlite: "real"},
	pgtypePath + ".Text":        {kind: kindString},
	pgtypePath + ".Numeric":     {pg: "numeric", sqlite: "text"},
	pgtypePath + ".UUID":        {pg: "uuid", sqlite: "text"},
	pgtypePath + ".Date":        {pg: "date", sqlite: "datetime"},
	pgtypePath + ".Time":        {pg: "time", sqlite: "text"},
	pgtypePath + ".Timestamp":   {pg: "timestamp", sqlite: "datetime"},
	pgtypePath + ".Timestamptz": {kind: kindTime},
	pgtypePath + ".Interval":    {pg: "interval", sqlite: "text"},
}

const pgtypePath = "github.com/jackc/pgx/v5/pgtype"

// driverTypeOf returns the driver type of t (pointers dereferenced), if
// gen knows it.
func driverTypeOf(t types.Type) (driverType, bool) {
	n, ok := types.Unalias(derefType(t)).(*types.Named)
	if !ok || n.Obj().Pkg() == nil {
		return driverType{}, false
	}
	d, ok := driverTypes[n.Obj().Pkg().Path()+"."+n.Obj().Name()]
	return d, ok
}

// applyDriverType gives f, a field of a db-tagged struct, the column type
// of its driver type; it reports false when t is none gen knows, and
// gives f no type (with why) when the driver type has none.
func (l *loader) applyDriverType(f *field, t types.Type) (why string, ok bool) {
	d, ok := driverTypeOf(t)
	if !ok {
		return "", false
	}
	f.GoNullable = true // pgtype's types have Valid, pq's arrays are slices
	switch {
	case d.why != "":
		f.DataType, f.GormType, f.GoKind = "", "", ""
		return d.why, true
	case d.kind != "":
		f.DataType, f.GormType, f.GoKind, f.Size = d.kind, d.kind, d.kind, d.size
	default:
		sqlType := l.dialect.driverTypeColumn(d)
		f.DataType, f.GormType, f.GoKind, f.SQLType = sqlType, sqlType, "", sqlType
	}
	return "", true
}
