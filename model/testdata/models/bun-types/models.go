// Package models has Bun models with a field of each kind, mapped as
// pgdialect and sqlitedialect map them.
package models

import (
	"database/sql"
	"encoding/json"
	"net"
	"time"

	"github.com/uptrace/bun"
)

// Profile is stored as JSON: a column value, not a table.
type Profile struct {
	Bio string
}

// Status is a named string.
type Status string

// Kind has one column per Go kind.
type Kind struct {
	bun.BaseModel `bun:"table:kinds,alias:k"`

	ID      int64 `bun:",pk,autoincrement"`
	Bool    bool
	Int8    int8
	Int16   int16
	Int32   int32
	Int     int
	Uint8   uint8
	Uint16  uint16
	Uint32  uint32
	Uint64  uint64
	Float32 float32
	Float64 float64
	String  string
	PtrStr  *string
	Bytes   []byte
	Time    time.Time
	PtrTime *time.Time

	NullTime    sql.NullTime
	BunNullTime bun.NullTime
	NullString  sql.NullString
	NullInt64   sql.NullInt64
	NullInt32   sql.NullInt32
	NullFloat64 sql.NullFloat64
	NullBool    sql.NullBool

	TimeArray []time.Time `bun:",array"`
	Raw       json.RawMessage
	Map       map[string]any
	Struct    Profile
	Slice     []string
	Array     []string `bun:",array"`
	IntArray  []int64  `bun:",array"`
	IP        net.IP
	IPNet     net.IPNet
	Status    Status
	Duration  time.Duration

	Typed      string   `bun:"type:varchar(20)"`
	TypedArray []string `bun:"type:text[]"`
	Any        any      `bun:"type:jsonb"`
}
