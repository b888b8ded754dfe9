package tablename

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

// SetTableName is how the application renames it at run time.
func (s *Setting) SetTableName(n string) { s.table = n }

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

// KV is teldrive's kv table, qualified with the schema.
type KV struct {
	ID   uint
	Key  string `gorm:"uniqueIndex"`  // idx_public_kv_key
	Val  string `gorm:"index"`        // idx_public_kv_val
	Note string `gorm:"unique"`       // uni_public_kv_note
	N    int    `gorm:"check:n >= 0"` // chk_public_kv_n
}

// TableName qualifies the name with schema public.
func (KV) TableName() string { return "public.kv" }

// Item belongs to KV (fk_public_items_kv) and has many2many tags; its
// join table item_tags is not qualified.
type Item struct {
	ID   uint
	KVID uint
	KV   KV
	Tags []Tag `gorm:"many2many:item_tags"`
}

// TableName qualifies the name with schema public, switching on a field
// that is zero in GORM's call.
func (i *Item) TableName() string {
	switch i.ID {
	case 0:
		return "public.items"
	default:
		return "items_archive"
	}
}

// Tag is named by GORM's naming strategy.
type Tag struct {
	ID   uint
	Name string
}
