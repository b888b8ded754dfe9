// Package models has generated columns, which gorm.io/driver/postgres
// v1.6.3 reads from the generated key and GORM's SQLite drivers ignore.
package models

// Item has identity columns and a stored generated column.
type Item struct {
	// The prioritized key with generated:identity is an identity, not a
	// serial.
	ID       uint    `gorm:"generated:identity"`
	Price    float64 `gorm:"precision:10;scale:2"`
	Quantity int32
	// GENERATED ALWAYS AS (price * quantity) STORED.
	Total float64 `gorm:"precision:12;scale:2;generated:price * quantity"`
	// BY DEFAULT and ALWAYS, in any order of the words.
	Seq    int64 `gorm:"generated:by default identity"`
	Strict int16 `gorm:"generated:always identity"`
	// A bare generated key is ignored.
	Plain int `gorm:"generated"`
}
