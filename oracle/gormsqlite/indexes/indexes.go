// Package indexes covers, on SQLite, index and uniqueIndex (TAGS.md §1.5):
// names, composites, priority, sort, where, expression, class, composite.
package indexes

import "time"

// Models returns a value of every table struct, for AutoMigrate.
func Models() []any { return []any{&Profile{}} }

// Profile covers the index options SQLite supports.
type Profile struct {
	ID uint

	Email    string     `gorm:"index"`                                                  // unnamed → idx_profiles_email
	Username string     `gorm:"uniqueIndex"`                                            // unnamed unique
	Phone    string     `gorm:"index:idx_phone_lookup"`                                 // named
	First    string     `gorm:"index:idx_profiles_name,priority:2"`                     // composite, by priority
	Last     string     `gorm:"index:idx_profiles_name,priority:1"`                     // (last, first)
	Rank     int        `gorm:"index:,sort:desc"`                                       // sort desc
	Archived *time.Time `gorm:"index:idx_profiles_live,where:archived IS NULL"`         // partial
	Lower    string     `gorm:"index:idx_profiles_lower_email,expression:lower(email)"` // expression
	Code     string     `gorm:"index:idx_profiles_code,unique"`                         // unique option
	Kind     string     `gorm:"index:idx_profiles_kind,class:UNIQUE"`                   // class:UNIQUE
	Tenant   int        `gorm:"index:,composite:tenant_seq"`                            // composite name
	Seq      int        `gorm:"index:,composite:tenant_seq"`
	Title    string     `gorm:"index:idx_profiles_title,collate:NOCASE"`         // collate
	Nick     string     `gorm:"index:idx_profiles_nick,collate:rtrim,sort:desc"` // collate and sort
}
