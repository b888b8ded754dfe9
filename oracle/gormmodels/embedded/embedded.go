package embedded

import (
	"time"

	"gorm.io/gorm"
)

// Audit is embedded anonymously (§1.2 "anonymous struct fields are
// flattened automatically"); it is not a table.
type Audit struct {
	CreatedBy string `gorm:"size:64;index"` // the index is named after the embedding table
	UpdatedBy *string
}

// Geo is embedded through a pointer, anonymously.
type Geo struct {
	Lat float64 `gorm:"precision:9;scale:6"`
	Lng float64 `gorm:"precision:9;scale:6"`
}

// PostalAddress is embedded with `embedded` and `embeddedPrefix` (§1.2).
type PostalAddress struct {
	Street string
	City   string `gorm:"size:80;not null;default:'unknown'"`
	Zip    string `gorm:"size:10;index"` // column addr_zip, index idx_customers_zip (GORM names it by the Go field)
}

// Contact is embedded with `embedded` and no prefix.
type Contact struct {
	Phone string `gorm:"size:20"`
	Fax   string `gorm:"size:20"`
}

// Customer covers gorm.Model (§1.3) and every form of embedding.
type Customer struct {
	gorm.Model        // id bigserial, created_at, updated_at, deleted_at + idx_customers_deleted_at
	Audit             // anonymous: created_by, updated_by
	*Geo              // anonymous pointer: lat, lng
	Name       string `gorm:"size:100;not null"`

	Home    PostalAddress `gorm:"embedded;embeddedPrefix:addr_"` // addr_street, addr_city, addr_zip
	Billing PostalAddress `gorm:"embedded;embeddedPrefix:bill_"` // bill_street, bill_city, bill_zip
	Contact Contact       `gorm:"embedded"`                      // phone, fax

	LastSeen time.Time
}

// Shop embeds gorm.Model and overrides nothing: the plain GORM quick start.
type Shop struct {
	gorm.Model
	Code  string `gorm:"size:20;uniqueIndex"`
	Price uint
}
