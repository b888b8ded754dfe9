// Package tablename covers TableName() on SQLite: a fallback from a field
// set at run time, a method promoted from an embedded struct, and a name
// qualified with "main", the main database: glebarez/sqlite creates
// `main`.`kv`, which is table kv, with indexes and constraints named
// idx_main_kv_key and the like. (No foreign key references it: GORM writes
// REFERENCES `main`.`kv`, which SQLite's grammar refuses.)
package tablename

// Models returns a value of every table struct, for AutoMigrate.
func Models() []any { return []any{&Setting{}, &Promoted{}, &KV{}} }

// Setting has boundary's TableName: the field is empty in GORM's call.
type Setting struct {
	ID    uint
	Key   string `gorm:"size:64;uniqueIndex"` // idx_app_settings_key
	Value string
	table string
}

// TableName falls back to app_settings.
func (s *Setting) TableName() string {
	if s.table != "" {
		return s.table
	}
	return "app_settings"
}

// Named is embedded by value; its pointer-receiver TableName is in the
// method set of *Promoted, which is what GORM asks.
type Named struct {
	table string
}

// TableName falls back to promoted_rows.
func (n *Named) TableName() string {
	if n.table != "" {
		return n.table
	}
	return "promoted_rows"
}

// Promoted takes its table name from Named.
type Promoted struct {
	ID    uint
	Label string `gorm:"index"` // idx_promoted_rows_label
	Named
}

// KV is qualified with the main database.
type KV struct {
	ID   uint
	Key  string `gorm:"uniqueIndex"`  // idx_main_kv_key
	Val  string `gorm:"index"`        // idx_main_kv_val
	Note string `gorm:"unique"`       // uni_main_kv_note
	N    int    `gorm:"check:n >= 0"` // chk_main_kv_n
}

// TableName qualifies the name with the main database.
func (KV) TableName() string { return "main.kv" }
