// Package models has gen type hints per dialect, for a project that runs
// on PostgreSQL and on SQLite.
package models

// Event has a type for each dialect, or for one.
type Event struct {
	ID uint
	// One type for each dialect.
	Payload []byte `gen:"type.postgres=jsonb;type.sqlite=json"`
	// type= for every dialect, type.sqlite= wins on SQLite.
	Label string `gen:"type=varchar(40);type.sqlite=text"`
	// PostgreSQL only: on SQLite the ORM's type (text).
	Addr string `gen:"type.postgres=inet"`
	// With the ORM's type: on PostgreSQL GORM's numeric(8,2) stays, on
	// SQLite the hint wins.
	Score float64 `gorm:"type:numeric(8,2)" gen:"type.sqlite=real"`
	// With a rename.
	Note string `gen:"renamed_from=remark;type.postgres=varchar(200)"`
}
