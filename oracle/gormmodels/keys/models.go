// Package keys covers the column keys of TAGS.md §1.2–1.4: column, type,
// size, precision, scale, primaryKey, not null, default, autoIncrement,
// unique, check, comment, serializer, -, TableName and generated.
package keys

// Models returns a value of every table struct, for AutoMigrate.
func Models() []any {
	return []any{
		&Account{}, &Serialized{}, &CompositeKey{}, &Country{}, &Counter{},
		&SmallID{}, &MediumID{}, &Snowflake{}, &Renamed{}, &LineItem{}, &Ticket{},
	}
}
