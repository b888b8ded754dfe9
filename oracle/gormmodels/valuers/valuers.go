package valuers

import (
	"database/sql"
	"database/sql/driver"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/datatypes"
)

// Duration is a time.Duration written as its text: GORM makes text, not
// the bigint of its kind.
type Duration time.Duration

// Value writes the duration's text.
func (d Duration) Value() (driver.Value, error) { return time.Duration(d).String(), nil }

// Seconds is an int32 written as an int64: bigint.
type Seconds int32

// Value widens the number.
func (s Seconds) Value() (driver.Value, error) { return int64(s), nil }

// Epoch is a number of seconds written as a time: timestamptz.
type Epoch int64

// Value writes the instant.
func (e Epoch) Value() (driver.Value, error) { return time.Unix(int64(e), 0).UTC(), nil }

// Ratio is an int written as a float64: GORM's float (decimal).
type Ratio int

// Value writes the share.
func (r Ratio) Value() (driver.Value, error) { return float64(r) / 100, nil }

// Level answers nil for its zero value: GORM keeps its kind, bigint.
type Level int

// Value writes the level's name.
func (l Level) Value() (driver.Value, error) {
	if l == 0 {
		return nil, nil
	}
	return fmt.Sprint("level-", int(l)), nil
}

// Code is text by either return.
type Code string

// Value upper-cases the code.
func (c Code) Value() (driver.Value, error) {
	if strings.HasPrefix(string(c), "x-") {
		return string(c), nil
	}
	return strings.ToUpper(string(c)), nil
}

// Flags has a pointer receiver: GORM calls Value on a pointer to the zero
// value, not nil, which answers bytes: bytea.
type Flags uint8

// Value writes one byte.
func (f *Flags) Value() (driver.Value, error) {
	if f == nil {
		return nil, nil
	}
	return []byte{byte(*f)}, nil
}

// Tags answers json.Marshal's bytes: bytea.
type Tags []string

// Value marshals the tags.
func (t Tags) Value() (driver.Value, error) { return json.Marshal(t) }

// point is a struct written as text; unexported so that gen does not take
// it for a table.
type point struct {
	X, Y float64
}

// Value writes the point.
func (p point) Value() (driver.Value, error) { return fmt.Sprintf("(%g,%g)", p.X, p.Y), nil }

// Grade fails for its zero value: GORM keeps its kind (int8: smallint).
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

// Timer covers named Valuers (§1.2 driver.Valuer).
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
	At      point
	Grade   Grade
	Mode    Mode
	Alias   nullName
	Limit   Duration `gorm:"type:interval"` // a type: key wins
}

// address is stored in JSON columns only; unexported so that gen does not
// take it for a table.
type address struct {
	Street string
	City   string
}

// Profile covers a serializer the application registers (§1.2
// serializer) and datatypes' generic JSON types of a struct.
type Profile struct {
	ID       uint
	Tags     []string                     `gorm:"serializer:csv"`                   // registered: text
	Aliases  []string                     `gorm:"serializer:csv;type:varchar(200)"` // registered, with a type
	Raw      []byte                       `gorm:"serializer:json"`                  // a []byte with a serializer: text
	SeenUnix int64                        `gorm:"serializer:unixtime"`              // unixtime on an int keeps its kind: bigint
	Home     datatypes.JSONType[address]  // GormDBDataType: jsonb
	Past     datatypes.JSONSlice[address] // jsonb
}
