// Package models has one column per Go type the loader maps.
package models

import (
	"database/sql"
	"time"
)

// Status is a named string.
type Status string

// Level is a named int16.
type Level int16

// Stamp is a named time.
type Stamp time.Time

// Blob is a named byte slice.
type Blob []byte

// Everything holds every Go type, by value and by pointer.
type Everything struct {
	ID      int64
	Int     int
	Int8    int8
	Int16   int16
	Int32   int32
	Int64   int64
	Uint    uint
	Uint8   uint8
	Byte    byte
	Uint16  uint16
	Uint32  uint32
	Uint64  uint64
	String  string
	Bool    bool
	Float32 float32
	Float64 float64
	Time    time.Time
	Bytes   []byte
	Array   [16]byte

	PInt     *int
	PInt16   *int16
	PUint32  *uint32
	PString  *string
	PBool    *bool
	PFloat64 *float64
	PTime    *time.Time
	PBytes   *[]byte

	NullString  sql.NullString
	NullInt64   sql.NullInt64
	NullInt32   sql.NullInt32
	NullInt16   sql.NullInt16
	NullByte    sql.NullByte
	NullFloat64 sql.NullFloat64
	NullBool    sql.NullBool
	NullTime    sql.NullTime

	Status  Status
	PStatus *Status
	Level   Level
	Stamp   Stamp
	Blob    Blob
}
