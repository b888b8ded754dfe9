// Package keys covers, on SQLite, the column keys of TAGS.md §1.2–1.4:
// column, type, size, precision, primaryKey, not null, default, unique,
// check, comment, serializer, -, TableName.
package keys

import (
	"time"

	"gorm.io/gorm"
)

// Models returns a value of every table struct, for AutoMigrate.
func Models() []any {
	return []any{&Account{}, &Serialized{}, &CompositeKey{}, &Country{}, &Counter{}, &Renamed{}}
}

// Account covers the column-level keys.
type Account struct {
	ID int64 `gorm:"primaryKey"` // §1.2 primaryKey; §1.3 auto-increment → integer PRIMARY KEY AUTOINCREMENT

	Login   string    `gorm:"column:user_login"`    // §1.2 column
	Email   string    `gorm:"type:varchar(120)"`    // §1.2 type: verbatim
	Country string    `gorm:"type:char(2)"`         // §1.2 type: char(2)
	Born    time.Time `gorm:"type:date"`            // §1.2 type: date
	Amount  float64   `gorm:"type:decimal(10,2)"`   // §1.2 type: decimal(10,2)
	Bio     string    `gorm:"size:2000"`            // §1.2 size: no effect on SQLite (text)
	Small   int       `gorm:"size:16"`              // §1.2 size on an int: integer
	Price   float64   `gorm:"precision:10;scale:2"` // §1.2 precision: no effect on SQLite (real)
	Stamp   time.Time `gorm:"precision:3"`          // datetime
	Flag    bool      // numeric

	Name     string  `gorm:"not null"` // §1.2 not null
	Handle   string  `gorm:"notnull"`  // §1.2 notnull spelling
	Nullable *string // §1.6 nullable

	Role string `gorm:"default:member"` // §1.2 default: bare string
	Tier string `gorm:"default:'gold'"` // §1.2 default: quoted string
	// No default with a quote inside (default:it's): GORM writes it as
	// DEFAULT "it's", which glebarez/sqlite's DDL parser then splits,
	// failing the next AutoMigrate with "no such column".
	Empty   string    `gorm:"default:''"`                // §1.2 default: the empty string
	Visits  int       `gorm:"default:0"`                 // §1.2 default: zero
	Balance int       `gorm:"default:-5"`                // §1.2 default: negative
	Rate    float64   `gorm:"default:1.5"`               // §1.2 default: float
	Active  bool      `gorm:"default:true"`              // §1.2 default: bool true
	Banned  bool      `gorm:"default:false"`             // §1.2 default: bool false
	Expires time.Time `gorm:"default:CURRENT_TIMESTAMP"` // §1.2 default: a keyword
	Upper   string    `gorm:"default:(upper('x'))"`      // §1.2 default: an expression, parenthesized as SQLite requires
	NoDef   string    `gorm:"default:(-)"`               // §1.2 default:(-)
	NullDef *string   `gorm:"default:null"`              // §1.2 default:null

	Code  string `gorm:"unique"`                                // §1.2 unique → CONSTRAINT uni_accounts_code UNIQUE
	Age   int    `gorm:"check:age > 13"`                        // §1.2 check unnamed → chk_accounts_age
	Title string `gorm:"check:title_checker,title <> 'nobody'"` // §1.2 check named

	Note string `gorm:"comment:free text"` // §1.2 comment: no DDL on SQLite

	CreatedAt time.Time
	UpdatedAt int64
	ReadOnly  string `gorm:"->"`          // §1.2 ->: still a column
	Ignored   string `gorm:"-"`           // §1.2 -: not a column
	IgnoreAll string `gorm:"-:all"`       // §1.2 -:all: not a column
	External  string `gorm:"-:migration"` // §1.2 -:migration: not created by GORM

	DeletedAt gorm.DeletedAt // datetime, no index
}

// Serialized covers serializer: (§1.2): text.
type Serialized struct {
	ID     uint
	Labels map[string]string `gorm:"serializer:json"`
	Prefs  prefs             `gorm:"serializer:json"`
}

// prefs is a serialized value; unexported so that gen does not take it for
// a table.
type prefs struct{ Theme string }

// CompositeKey covers a composite primary key and autoIncrement:false.
type CompositeKey struct {
	TenantID int64  `gorm:"primaryKey;autoIncrement:false"`
	Slug     string `gorm:"primaryKey;size:64"`
	Title    string
}

// Country covers a string primary key.
type Country struct {
	Code string `gorm:"primaryKey;size:2"`
	Name string `gorm:"not null"`
}

// Counter covers autoIncrement:false on the id key: plain integer.
type Counter struct {
	ID    int64 `gorm:"autoIncrement:false"`
	Value int
}

// Renamed covers TableName() (§1.4): the table is "renamed_things".
type Renamed struct {
	ID   uint
	Name string
}

// TableName names the table, as GORM's Tabler interface does.
func (Renamed) TableName() string { return "renamed_things" }
