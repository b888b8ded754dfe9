// Package kinds covers TAGS.md §2.4: the column type Bun's pgdialect gives
// each Go type, and §2.3: no column but the key is NOT NULL.
package kinds

import (
	"database/sql"
	"encoding/json"
	"net"
	"time"

	"github.com/google/uuid"
	"github.com/uptrace/bun"
)

// Models returns a value of every table struct, for CreateTable.
func Models() []any { return []any{(*Kind)(nil)} }

// Code is a named string type: the kind decides (VARCHAR).
type Code string

// Weight is a named float type (DOUBLE PRECISION).
type Weight float64

// point is a struct value stored as JSONB; unexported so that gen does not
// take it for a table.
type point struct {
	X, Y int
}

// Kind has one column per Go type Bun maps, with no options.
type Kind struct {
	bun.BaseModel `bun:"table:kinds"`

	ID int64 `bun:",pk,autoincrement"` // bigserial

	Bool    bool    // BOOLEAN
	Int     int     // BIGINT
	Int8    int8    // SMALLINT
	Int16   int16   // SMALLINT
	Int32   int32   // INTEGER
	Int64   int64   // BIGINT
	Uint    uint    // BIGINT
	Uint8   uint8   // SMALLINT
	Uint16  uint16  // SMALLINT
	Uint32  uint32  // INTEGER
	Uint64  uint64  // BIGINT
	Float32 float32 // REAL
	Float64 float64 // DOUBLE PRECISION
	String  string  // VARCHAR, no length
	Bytes   []byte  // BYTEA

	Time     time.Time     // TIMESTAMPTZ (pgdialect rewrites TIMESTAMP)
	Duration time.Duration // BIGINT

	PtrBool   *bool      // pointers change nothing in the DDL
	PtrInt    *int       // BIGINT
	PtrString *string    // VARCHAR
	PtrTime   *time.Time // TIMESTAMPTZ

	NullString  sql.NullString  // VARCHAR
	NullInt64   sql.NullInt64   // BIGINT
	NullFloat64 sql.NullFloat64 // DOUBLE PRECISION
	NullBool    sql.NullBool    // BOOLEAN
	NullTime    sql.NullTime    // TIMESTAMPTZ
	NullInt32   sql.NullInt32   // not in Bun's list: a struct → JSONB
	BunNullTime bun.NullTime    // TIMESTAMPTZ

	RawJSON json.RawMessage   // JSONB
	Map     map[string]any    // JSONB
	Struct  point             // JSONB
	Slice   []string          // a slice without array → JSONB
	Ints    []int             // JSONB
	IP      net.IP            // INET
	Net     net.IPNet         // CIDR
	UUID    uuid.UUID         // github.com/google/uuid: a [16]byte → BYTEA
	PtrUUID *uuid.UUID        // BYTEA
	Code    Code              // VARCHAR
	Weight  Weight            // DOUBLE PRECISION
	Labels  map[string]string // JSONB
}
