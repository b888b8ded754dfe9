// Package models has fields of the library types GORM projects use:
// UUIDs, decimals, arrays, JSON and gorm.io/datatypes.
package models

import (
	"encoding/json"
	"net"
	"time"

	gofrs "github.com/gofrs/uuid"
	"github.com/google/uuid"
	"github.com/lib/pq"
	"github.com/shopspring/decimal"
	"gorm.io/datatypes"
)

// Record has one field of each.
type Record struct {
	ID uint

	// uuid.UUID answers its string, so GORM makes it text unless
	// type:uuid says otherwise; a Null UUID's first field is [16]byte.
	Key       uuid.UUID `gorm:"type:uuid"`
	LooseKey  uuid.UUID
	ParentKey *uuid.UUID `gorm:"type:uuid"`
	NullKey   uuid.NullUUID
	NullTyped uuid.NullUUID `gorm:"type:uuid"`
	GofrsKey  gofrs.UUID
	GofrsNull gofrs.NullUUID

	// decimal.Decimal answers "0": text unless typed.
	Amount      decimal.Decimal `gorm:"type:numeric(12,2)"`
	LooseAmount decimal.Decimal
	Fee         decimal.NullDecimal `gorm:"type:numeric"`

	// Arrays need their type.
	Tags   pq.StringArray `gorm:"type:text[]"`
	Scores pq.Int64Array  `gorm:"type:bigint[]"`
	Names  []string       `gorm:"type:text[]"`

	// JSON: json.RawMessage is bytes to GORM; the datatypes say jsonb
	// on PostgreSQL and JSON on SQLite through GormDBDataType, which
	// wins even over a type: key.
	Raw   json.RawMessage
	Doc   datatypes.JSON
	Attrs datatypes.JSONMap
	Typed datatypes.JSON `gorm:"type:text"`
	Prefs datatypes.JSONType[map[string]string]

	// Other datatypes.
	Day   datatypes.Date
	At    datatypes.Time
	Token datatypes.UUID

	// time.Duration is an int64.
	Wait time.Duration
	// net.IP is a []byte.
	Addr net.IP
}
