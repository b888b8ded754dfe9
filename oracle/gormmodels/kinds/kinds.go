package kinds

import (
	"database/sql"
	"time"
)

// Status is a named string type (§1.7: the kind decides, so text).
type Status string

// Level is a named integer type (§1.7: int16 → smallint).
type Level int16

// Ratio is a named float type (§1.7: float → decimal).
type Ratio float64

// Flag is a named bool type (§1.7: boolean).
type Flag bool

// Blob is a named byte slice (§1.7: []byte → bytea).
type Blob []byte

// Moment is a named struct type convertible to time.Time (§1.7: "types
// convertible to it" → timestamptz).
type Moment time.Time

// Kind has one column per Go type GORM maps (§1.7), without tags: the
// column types, and nullability (§1.6: every column is nullable except
// the primary key).
type Kind struct {
	ID uint // §1.3: the id field is the primary key; uint → bigserial

	Bool    bool    // §1.7 bool → boolean
	Int     int     // §1.7 int (size 64) → bigint
	Int8    int8    // §1.7 size ≤16 → smallint
	Int16   int16   // §1.7 smallint
	Int32   int32   // §1.7 integer
	Int64   int64   // §1.7 bigint
	Uint    uint    // §1.7 uint (64+1) → bigint
	Uint8   uint8   // §1.7 uint8 (8+1) → smallint
	Uint16  uint16  // §1.7 uint16 (16+1) → integer
	Uint32  uint32  // §1.7 uint32 (32+1) → bigint
	Uint64  uint64  // §1.7 bigint
	Float32 float32 // §1.7 float without precision → decimal
	Float64 float64 // §1.7 decimal
	String  string  // §1.7 string without size → text
	Bytes   []byte  // §1.7 []byte → bytea
	Rune    rune    // §1.7 int32 → integer
	Byte    byte    // §1.7 uint8 → smallint

	Time     time.Time     // §1.7 time.Time → timestamptz
	Duration time.Duration // §1.7 int64 kind → bigint

	// §1.6 pointers change nothing in the DDL.
	PtrBool   *bool
	PtrInt    *int
	PtrInt32  *int32
	PtrUint16 *uint16
	PtrFloat  *float64
	PtrString *string
	PtrBytes  *[]byte
	PtrTime   *time.Time

	// §1.2 driver.Valuer: the type of the first field (sql.NullString →
	// string).
	NullString  sql.NullString
	NullInt64   sql.NullInt64
	NullInt32   sql.NullInt32
	NullInt16   sql.NullInt16
	NullByte    sql.NullByte
	NullFloat64 sql.NullFloat64
	NullBool    sql.NullBool
	NullTime    sql.NullTime
	NullGeneric sql.Null[string] // sql.Null[T]: a Valuer whose first field is T

	// Named types: the underlying kind decides.
	Status Status
	Level  Level
	Ratio  Ratio
	Flag   Flag
	Blob   Blob
	Moment Moment
}
