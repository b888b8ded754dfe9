// Package models has named driver.Valuer types whose column type GORM
// learns from the Go type of what Value returns for the zero value; gen
// reads it from the method's body.
package models

import (
	"database/sql"
	"database/sql/driver"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Duration is a time.Duration written as its text ("1h30m0s"): GORM
// makes text, not the bigint of its kind.
type Duration time.Duration

// Value writes the duration's text; the call's static type is string.
func (d Duration) Value() (driver.Value, error) { return time.Duration(d).String(), nil }

// Seconds is an int32 written as an int64: bigint, not integer.
type Seconds int32

// Value widens the number.
func (s Seconds) Value() (driver.Value, error) { return int64(s), nil }

// Epoch is a number of seconds written as a time: timestamptz.
type Epoch int64

// Value writes the instant.
func (e Epoch) Value() (driver.Value, error) { return time.Unix(int64(e), 0).UTC(), nil }

// Ratio is an int written as a float: GORM's float type.
type Ratio int

// Value writes the share.
func (r Ratio) Value() (driver.Value, error) { return float64(r) / 100, nil }

// Level writes NULL for its zero value, so GORM keeps its own kind (int:
// bigint) although every other value is written as text.
type Level int

// Value writes the level's name.
func (l Level) Value() (driver.Value, error) {
	if l == 0 {
		return nil, nil
	}
	return fmt.Sprint("level-", int(l)), nil
}

// Code is text either way: both returns are strings.
type Code string

// Value upper-cases the code, after a test gen cannot decide.
func (c Code) Value() (driver.Value, error) {
	if strings.HasPrefix(string(c), "x-") {
		return string(c), nil
	}
	return strings.ToUpper(string(c)), nil
}

// Flags has a pointer receiver: GORM calls Value on a pointer to the zero
// value, which is not nil.
type Flags uint8

// Value writes one byte.
func (f *Flags) Value() (driver.Value, error) {
	if f == nil {
		return nil, nil
	}
	return []byte{byte(*f)}, nil
}

// Tags is written as JSON bytes: bytea, from json.Marshal's result.
type Tags []string

// Value marshals the tags.
func (t Tags) Value() (driver.Value, error) { return json.Marshal(t) }

// Point is a struct written as text.
type Point struct {
	X, Y float64
}

// Value writes the point as PostgreSQL spells one.
func (p Point) Value() (driver.Value, error) { return fmt.Sprintf("(%g,%g)", p.X, p.Y), nil }

// Grade fails for its zero value, so GORM keeps its kind (int8:
// smallint).
type Grade int8

// Value writes the grade's letter.
func (g Grade) Value() (driver.Value, error) {
	if g < 1 || g > 5 {
		return nil, errors.New("grade out of range")
	}
	return string(rune('A' + g - 1)), nil
}

// Mode switches on itself, which gen does not decide: every case returns
// a string, so the column is text.
type Mode int

// Value names the mode.
func (m Mode) Value() (driver.Value, error) {
	switch m {
	case 1:
		return "on", nil
	default:
		return "off", nil
	}
}

// nullName wraps sql.NullString, whose Value it promotes: nil for the
// zero value, so GORM takes its first field, and that struct's first
// field in turn: a string, text.
type nullName struct {
	sql.NullString
}

// Timer has one field of each.
type Timer struct {
	ID      uint
	Timeout Duration
	Backoff *Duration
	Wait    Seconds
	Since   Epoch
	Share   Ratio
	Level   Level
	Code    Code `gorm:"size:12"`
	Flags   Flags
	Tags    Tags
	At      Point
	Grade   Grade
	Mode    Mode
	Alias   nullName
	// A type: key wins, as in GORM.
	Limit Duration `gorm:"type:interval"`
}
