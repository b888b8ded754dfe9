package keys

import (
	"time"

	"gorm.io/gorm"
)

// Account covers the column-level keys of §1.2.
type Account struct {
	ID int64 `gorm:"primaryKey"` // §1.2 primaryKey (single, tagged); §1.3 int → bigserial

	Login    string    `gorm:"column:user_login"`    // §1.2 column
	Email    string    `gorm:"type:varchar(120)"`    // §1.2 type: verbatim
	Nickname string    `gorm:"type:string;size:40"`  // §1.2 type: an abstract kind (string) with size → varchar(40)
	Country  string    `gorm:"type:char(2)"`         // §1.2 type: char(2) → character(2)
	Born     time.Time `gorm:"type:date"`            // §1.2 type: date
	Local    time.Time `gorm:"type:timestamp"`       // §1.2 type: timestamp without time zone
	Settings string    `gorm:"type:jsonb"`           // §1.2 type: jsonb
	Address  string    `gorm:"type:inet"`            // §1.2 type: inet
	Bio      string    `gorm:"size:2000"`            // §1.2 size on a string → varchar(2000)
	Huge     string    `gorm:"size:20000000"`        // §1.7 size over 10485760 → text
	Small    int       `gorm:"size:16"`              // §1.2 size on an int: bits → smallint
	Medium   int64     `gorm:"size:32"`              // §1.2 size:32 → integer
	Price    float64   `gorm:"precision:10;scale:2"` // §1.2 precision and scale → numeric(10, 2)
	Weight   float64   `gorm:"precision:8"`          // §1.2 precision alone → numeric(8)
	Stamp    time.Time `gorm:"precision:3"`          // §1.2 precision on time → timestamptz(3)

	Name     string  `gorm:"not null"`        // §1.2 not null
	Handle   string  `gorm:"notnull;size:30"` // §1.2 notnull spelling
	Nullable *string // §1.6 nullable

	Role      string    `gorm:"default:member"`                      // §1.2 default: bare string, quoted by GORM
	Tier      string    `gorm:"default:'gold'"`                      // §1.2 default: quoted string, quotes stripped and re-added
	Motto     string    `gorm:"default:\"carpe diem\""`              // §1.2 default: double-quoted string
	Quote     string    `gorm:"default:it's"`                        // §1.2 default: a quote inside, doubled by GORM
	Empty     string    `gorm:"default:''"`                          // §1.2 default: the empty string
	Visits    int       `gorm:"default:0"`                           // §1.2 default: zero
	Balance   int       `gorm:"default:-5"`                          // §1.2 default: negative
	Rate      float64   `gorm:"default:1.5"`                         // §1.2 default: float
	Active    bool      `gorm:"default:true"`                        // §1.2 default: bool true
	Banned    bool      `gorm:"default:false"`                       // §1.2 default: bool false
	Joined    time.Time `gorm:"default:now()"`                       // §1.2 default: function, emitted raw
	Token     string    `gorm:"type:uuid;default:gen_random_uuid()"` // §1.2 default: function with a type
	Expires   time.Time `gorm:"default:CURRENT_TIMESTAMP"`           // §1.2 default: a keyword (not parsed as time)
	Computed  int       `gorm:"default:(1 + 2)"`                     // §1.2 default: parenthesized expression
	NoDefault string    `gorm:"default:(-)"`                         // §1.2 default:(-): GORM emits none
	NullDef   *string   `gorm:"default:null"`                        // §1.2 default:null, emitted raw
	Upper     string    `gorm:"default:upper('x')"`                  // §1.2 default: function with a string argument

	Code   string `gorm:"unique"`                   // §1.2 unique → CONSTRAINT uni_accounts_code UNIQUE
	Serial int64  `gorm:"autoIncrement;not null"`   // §1.2 autoIncrement on a column that is not the key → bigserial (not null: without it GORM's next AutoMigrate drops the NOT NULL that serial implies)
	Step   int    `gorm:"autoIncrementIncrement:5"` // §1.2 autoIncrementIncrement: no DDL on PostgreSQL

	Age   int    `gorm:"check:age > 13"`                        // §1.2 check unnamed → chk_accounts_age
	Title string `gorm:"check:title_checker,title <> 'nobody'"` // §1.2 check named
	Score int    `gorm:"check:score >= 0 AND score <= 100"`     // §1.2 check with AND

	Note string `gorm:"comment:free text, shown to admins"`   // §1.2 comment
	Memo string `gorm:"comment:it's the user's memo;size:50"` // §1.2 comment with a quote

	CreatedAt  time.Time // §1.2 autoCreateTime implied: no DDL
	UpdatedAt  int64     // §1.2 autoUpdateTime on an int: no DDL → bigint
	CreatedMs  int64     `gorm:"autoCreateTime:milli"` // §1.2 autoCreateTime:milli: no DDL
	UpdatedNs  int64     `gorm:"autoUpdateTime:nano"`  // §1.2 autoUpdateTime:nano: no DDL
	ReadOnly   string    `gorm:"->"`                   // §1.2 -> read-only: still a column
	CreateOnly string    `gorm:"<-:create"`            // §1.2 <-:create: still a column
	NoRead     string    `gorm:"->:false;<-:create"`   // §1.2 ->:false: still a column

	Ignored   string `gorm:"-"`           // §1.2 -: not a column
	IgnoreAll string `gorm:"-:all"`       // §1.2 -:all: not a column
	External  string `gorm:"-:migration"` // §1.2 -:migration: a column GORM does not create; gen leaves it alone

	DeletedAt gorm.DeletedAt // §1.3 gorm.DeletedAt alone: nullable timestamptz, no index (gorm.Model's comes from its tag)
}

// Serialized covers serializer: (§1.2).
type Serialized struct {
	ID uint

	Labels   map[string]string `gorm:"serializer:json"`               // serializer:json → text
	Prefs    prefs             `gorm:"serializer:json"`               // a struct value, serializer:json → text
	Items    []string          `gorm:"serializer:json;type:jsonb"`    // serializer with type → jsonb
	Blob     prefs             `gorm:"serializer:gob"`                // serializer:gob → text
	Legacy   map[string]int    `gorm:"json"`                          // legacy json key → text
	SeenUnix int64             `gorm:"serializer:unixtime;type:time"` // serializer:unixtime with type:time → timestamptz
}

// prefs is a serialized value; unexported so that gen does not take it for
// a table.
type prefs struct {
	Theme string
	Size  int
}

// CompositeKey covers a composite primary key (§1.2 primaryKey on several
// fields) and autoIncrement:false (§1.3).
type CompositeKey struct {
	TenantID int64  `gorm:"primaryKey;autoIncrement:false"`
	Slug     string `gorm:"primaryKey;size:64"`
	Title    string
}

// Country covers a string primary key (§1.2): no auto-increment.
type Country struct {
	Code string `gorm:"primaryKey;size:2"`
	Name string `gorm:"not null"`
}

// Counter covers autoIncrement:false on the id key (§1.3): plain bigint.
type Counter struct {
	ID    int64 `gorm:"autoIncrement:false"`
	Value int
}

// SmallID covers the key's size: int16 → smallserial, int32 → serial.
type SmallID struct {
	ID   int16
	Name string
}

// MediumID covers uint16 → serial (16+1 bits).
type MediumID struct {
	ID   uint16
	Name string
}

// Snowflake covers a primary key field not named ID (§1.2 primaryKey).
type Snowflake struct {
	Flake uint64 `gorm:"primaryKey"` // the only key: auto-increment → bigserial
	Body  string
}

// Renamed covers TableName() (§1.4): the table is "renamed_things".
type Renamed struct {
	ID   uint
	Name string
}

// TableName names the table, as GORM's Tabler interface does.
func (Renamed) TableName() string { return "renamed_things" }

// LineItem covers generated (§1.2, driver/postgres ≥ v1.6.3): an
// identity key and a stored expression.
type LineItem struct {
	ID       int64 `gorm:"primaryKey;generated:identity"` // GENERATED BY DEFAULT AS IDENTITY
	Quantity int   `gorm:"not null"`
	Price    int64 `gorm:"not null"`                   // in cents: GORM retypes numeric(p,s) columns on every AutoMigrate, which fails under a generated column
	Total    int64 `gorm:"generated:price * quantity"` // GENERATED ALWAYS AS (…) STORED
}

// Ticket covers generated:identity always on a column that is not the key.
type Ticket struct {
	Code   string `gorm:"primaryKey;size:12"`
	Number int64  `gorm:"generated:identity always;not null"` // GENERATED ALWAYS AS IDENTITY (not null: without it GORM's next AutoMigrate tries DROP NOT NULL, which fails on an identity)
}
