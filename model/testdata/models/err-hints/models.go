// Package models has gen hints and directives that are wrong.
package models

// Empty is an enum without values.
//
//gen:enum
type Empty string

// Number is not a string.
//
//gen:enum
type Number int

// Color has a value twice.
//
//gen:enum
type Color string

// The colors.
const (
	Red     Color = "red"
	Crimson Color = "red"
)

// Long has a label PostgreSQL cannot store.
//
//gen:enum long
type Long string

// The long label.
const LongLabel Long = "a label longer than the sixty-three bytes PostgreSQL keeps for a name"

// Shape is a struct, not an enum.
//
//gen:enum
type Shape struct {
	ID uint
}

// Thing has bad hints.
//
//gen:renamed_from
type Thing struct {
	ID      uint
	A       string `gen:"rename=old"`
	B       string `gen:"type="`
	C       string `gen:"renamed_from=x;renamed_from=y"`
	D       string `gen:""`
	E       string `gen:"renamed_from=e"`
	F       string `gen:"type=text not null"`
	G       string `gen:"renamed_from=two words"`
	H       string `gen: "type=text"`
	ShapeID uint
	Shape   Shape  `gen:"type=jsonb"`
	Skip    string `gorm:"-" gen:"type=text"`
	Paint   Color
	// Per-dialect types with wrong dialects and keys.
	I string `gen:"type.postgresql=jsonb"`
	J string `gen:"type.mysql=json"`
	K string `gen:"type.SQLite=json"`
	L string `gen:"sqlite=json"`
	M string `gen:"type.=json"`
	N string `gen:"renamed_from.sqlite=x"`
	O string `gen:"type.oracle=clob"`
	P string `gen:"tpye.sqlite=json"`
	Q string `gen:"type.sqlite=json;type.sqlite=text"`
	R string `gen:"type.sqlite=text not null"`
	S string `gen:"type.postgres=numeric(ten,2)"`
	T string `gen:"type.sqlite="`
}
