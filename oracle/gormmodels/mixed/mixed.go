// Package mixed is a model package as real projects have one (issue 9,
// acceptance 1): tables beside value types, an API payload, a query
// filter and a helper every table embeds; a TableName with a run-time
// fallback; an unexported table; a name qualified with the schema; a
// named driver.Valuer; a serializer the application registers. There is
// no gen.yaml: gen finds the tables in Migrate's AutoMigrate call, as the
// application's own start-up code runs it, and must then find nothing to
// do in the schema GORM made. Its SQLite twin is gormsqlite/mixed.
package mixed

import (
	"database/sql/driver"
	"fmt"
	"time"

	"gorm.io/datatypes"
	"gorm.io/gorm"

	"github.com/genmigrate/gen/oracle/internal/csvserializer"
)

// Migrate is the application's start-up migration: it registers the csv
// serializer and creates the tables.
func Migrate(db *gorm.DB) error {
	csvserializer.Register()
	return db.AutoMigrate(&Account{}, &invoice{}, &Session{}, &KV{})
}

// Timestamps is the helper every table embeds: no table of its own.
type Timestamps struct {
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Address is stored in a column as JSON: a value, no table.
type Address struct {
	Street string `json:"street"`
	City   string `json:"city"`
}

// Prefs is the type argument of a generic column type: no table.
type Prefs struct {
	Theme string `json:"theme"`
}

// Duration is a named Valuer whose Value is a string: GORM makes it text,
// not the bigint of its underlying kind.
type Duration time.Duration

// Value is the duration's text, "1m30s".
func (d Duration) Value() (driver.Value, error) { return time.Duration(d).String(), nil }

// Scan reads the text back.
func (d *Duration) Scan(v any) error {
	s, ok := v.(string)
	if !ok {
		return fmt.Errorf("duration: %T", v)
	}
	p, err := time.ParseDuration(s)
	*d = Duration(p)
	return err
}

// Account is a table, registered by Migrate.
type Account struct {
	ID      uint
	Name    string                    `gorm:"size:80;not null"`
	Home    Address                   `gorm:"serializer:json"`
	Prefs   datatypes.JSONType[Prefs] // jsonb on PostgreSQL, JSON on SQLite
	Tags    []string                  `gorm:"serializer:csv"` // registered by the application: text
	Timeout Duration
	Timestamps
}

// AccountFilter is a query filter: no table.
type AccountFilter struct {
	NameLike string
	Limit    int
}

// CreateAccountRequest is an API payload: no table.
type CreateAccountRequest struct {
	Name string  `json:"name"`
	Home Address `json:"home"`
}

// invoice is unexported, and GORM migrates it all the same.
type invoice struct {
	ID        uint
	AccountID uint
	Account   Account
	Total     int64 `gorm:"not null;default:0"`
	Timestamps
}

// Session's TableName returns its own field when set: on the zero value
// GORM calls it on, the constant.
type Session struct {
	ID    uint
	Token string `gorm:"size:64;uniqueIndex"`
	table string
}

// TableName is user_sessions unless the session says otherwise.
func (s Session) TableName() string {
	if s.table != "" {
		return s.table
	}
	return "user_sessions"
}

// KV names its table with the schema: public.kv is table kv of public,
// the schema gen manages here.
type KV struct {
	Key   string `gorm:"primaryKey;size:100"`
	Value string
}

// TableName is qualified with the schema.
func (KV) TableName() string { return "public.kv" }
