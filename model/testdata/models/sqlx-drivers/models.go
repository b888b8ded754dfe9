// Package models has db-tagged structs with the types of the PostgreSQL
// drivers, lib/pq's arrays and pgx's pgtype, and untagged fields that are
// no columns.
package models

import (
	"database/sql/driver"
	"time"

	"github.com/jackc/pgx/v5/pgtype"
	"github.com/lib/pq"
)

// Seconds is a Valuer whose Value writes text.
type Seconds int64

// Value writes the duration's text.
func (s Seconds) Value() (driver.Value, error) {
	return time.Duration(s * Seconds(time.Second)).String(), nil
}

// Account is a table (gen.yaml lists it).
type Account struct {
	ID pgtype.Int8 `db:"id"`

	// lib/pq's arrays: PostgreSQL arrays, their literal's text on SQLite.
	Tags    pq.StringArray  `db:"tags"`
	Counts  pq.Int64Array   `db:"counts"`
	Small   pq.Int32Array   `db:"small"`
	Weights pq.Float64Array `db:"weights"`
	Ratios  pq.Float32Array `db:"ratios"`
	Flags   pq.BoolArray    `db:"flags"`
	Blobs   pq.ByteaArray   `db:"blobs"`

	// pgx's pgtype.
	Name     pgtype.Text        `db:"name"`
	Active   pgtype.Bool        `db:"active"`
	Rank     pgtype.Int2        `db:"rank"`
	Level    pgtype.Int4        `db:"level"`
	Score    pgtype.Float4      `db:"score"`
	Balance  pgtype.Float8      `db:"balance"`
	Amount   pgtype.Numeric     `db:"amount"`
	Key      pgtype.UUID        `db:"key"`
	Born     pgtype.Date        `db:"born"`
	Opens    pgtype.Time        `db:"opens"`
	Local    pgtype.Timestamp   `db:"local"`
	Seen     pgtype.Timestamptz `db:"seen"`
	Every    pgtype.Interval    `db:"every"`
	Nickname *pgtype.Text       `db:"nickname"`

	// A Valuer read from its Value body, as GORM would.
	Timeout Seconds `db:"timeout"`

	// A type per dialect.
	Doc []byte `db:"doc" gen:"type.postgres=jsonb;type.sqlite=json"`

	// Untagged fields sqlx maps by their lower-cased name: a column when
	// gen has a type for it, else no column, with a warning.
	Note    string
	Cache   map[string]string
	Hooks   []func()
	Extra   any
	Ignored map[string]int `db:"-"`
}
