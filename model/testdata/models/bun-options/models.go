// Package models has the Bun options the other cases leave out.
package models

import (
	"encoding/json"

	"github.com/uptrace/bun"
)

// Amount is a PostgreSQL composite type.
type Amount struct {
	Amount   float64
	Currency string
}

// Sensor is referenced by a relation.
type Sensor struct {
	ID int64 `bun:",pk,autoincrement"`
}

// Reading has options with and without DDL.
type Reading struct {
	bun.BaseModel `bun:"table:readings,alias:r,select:readings_view"`

	// The first element names the column.
	ID int64 `bun:"reading_id,pk,autoincrement"`
	// column: names it too.
	Value float64 `bun:"column:val"`
	// PostgreSQL's hstore; VARCHAR on SQLite.
	Attrs map[string]string `bun:",hstore"`
	// A composite type on PostgreSQL; VARCHAR on SQLite.
	Price Amount `bun:"composite:money_amount"`
	// Options without DDL.
	Range  string          `bun:",multirange"`
	Old    string          `bun:",alt:legacy_old"`
	Frozen string          `bun:",skipupdate"`
	Packed []byte          `bun:",msgpack"`
	Doc    json.RawMessage `bun:",json_use_number"`
	// A relation with actions: Bun writes its foreign key only from
	// code, so it is no column and no key here.
	SensorID int64   `bun:",notnull"`
	Sensor   *Sensor `bun:"rel:belongs-to,join:sensor_id=id,on_delete:CASCADE"`
}
