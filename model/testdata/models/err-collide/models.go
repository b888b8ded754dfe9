// Package models has names the database takes as one.
package models

// Report has two columns whose names differ only after their 63rd byte:
// PostgreSQL keeps the first 63 bytes, so CREATE TABLE would name the
// column twice.
type Report struct {
	ID    uint
	Total int64 `gorm:"column:total_amount_of_every_invoice_line_in_the_period_before_tax_in_eur"`
	Tax   int64 `gorm:"column:total_amount_of_every_invoice_line_in_the_period_before_tax_in_usd"`
}

// Event and Audit name their indexes alike: indexes share one namespace
// per schema, so the second CREATE INDEX would fail.
type Event struct {
	ID   uint
	Kind string `gorm:"index:idx_kind"`
}

// Audit is the second table with an index idx_kind.
type Audit struct {
	ID   uint
	Kind string `gorm:"index:idx_kind"`
}

// Mixed names two columns alike but for case: one on SQLite, which
// compares names without regard to case; two on PostgreSQL.
type Mixed struct {
	ID    uint
	Upper string `gorm:"column:Label"`
	Lower string `gorm:"column:label"`
}
