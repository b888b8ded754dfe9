// Package models is migrated by GORM with NamingStrategy{TablePrefix:
// "app."} (teldrive's "teldrive."), and gen runs on schema app: the
// tables are app's users, orders, roles and user_roles; index and
// constraint names keep the prefix, as GORM's do (idx_app_users_email).
package models

// User has an index, a has-many and a many2many.
type User struct {
	ID     uint
	Email  string `gorm:"uniqueIndex"`
	Orders []Order
	Roles  []Role `gorm:"many2many:user_roles"`
}

// Order belongs to a user.
type Order struct {
	ID     uint
	UserID uint
}

// Role is joined to users.
type Role struct {
	ID   uint
	Name string `gorm:"unique"`
}

// KV names its table with the schema itself (the prefix is not applied to
// TableName).
type KV struct {
	ID  uint
	Key string `gorm:"index"`
}

// TableName qualifies the name with schema app.
func (KV) TableName() string { return "app.kv" }
