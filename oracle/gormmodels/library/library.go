package library

import (
	"github.com/google/uuid"
	"github.com/lib/pq"
	"github.com/shopspring/decimal"
	"gorm.io/datatypes"
)

// Library holds the types of libraries GORM users reach for.
type Library struct {
	ID int // §1.3: int → bigserial

	// §1.2 GormDBDataType: datatypes.JSON says jsonb on PostgreSQL.
	Document datatypes.JSON
	// datatypes.JSONMap and JSONType also say jsonb.
	Attributes datatypes.JSONMap
	// datatypes.Date says date.
	Birthday datatypes.Date
	// uuid.UUID with type:uuid → uuid (§1.2 type).
	Key uuid.UUID `gorm:"type:uuid"`
	// uuid.UUID with no type: a Valuer whose value is a string → text.
	LooseKey uuid.UUID
	// *uuid.UUID, nullable uuid.
	ParentKey *uuid.UUID `gorm:"type:uuid"`
	// uuid.NullUUID with type:uuid.
	NullKey uuid.NullUUID `gorm:"type:uuid"`
	// decimal.Decimal with type:numeric(12,2) → numeric(12,2).
	Amount decimal.Decimal `gorm:"type:numeric(12,2)"`
	// decimal.Decimal with no type: a Valuer whose value is a string → text.
	LooseAmount decimal.Decimal
	// decimal.NullDecimal with type:numeric.
	Fee decimal.NullDecimal `gorm:"type:numeric"`
	// pq.StringArray with type:text[] → text[].
	Tags pq.StringArray `gorm:"type:text[]"`
	// pq.Int64Array with type:bigint[].
	Scores pq.Int64Array `gorm:"type:bigint[]"`
}
