// Package models creates its Bun tables in CreateSchema: the tables are
// the models NewCreateTable().Model, ResetModel and migrate.WithModel
// name, and those RegisterModel registers.
package models

import (
	"context"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/migrate"
)

// CreateSchema creates the tables.
func CreateSchema(ctx context.Context, db *bun.DB) error {
	// OrderToItem is the m2m join model of Order.Items.
	db.RegisterModel((*OrderToItem)(nil))
	for _, m := range []any{(*Order)(nil), (*Item)(nil)} {
		if _, err := db.NewCreateTable().Model(m).IfNotExists().Exec(ctx); err != nil {
			return err
		}
	}
	if _, err := db.NewCreateTable().Model((*OrderToItem)(nil)).Exec(ctx); err != nil {
		return err
	}
	return db.ResetModel(ctx, (*Session)(nil))
}

// AutoMigrator is Bun's schema migrator over the models it is given.
func AutoMigrator(db *bun.DB) (*migrate.AutoMigrator, error) {
	return migrate.NewAutoMigrator(db, migrate.WithModel(&Audit{}))
}

// Order has items through OrderToItem.
type Order struct {
	bun.BaseModel `bun:"table:orders"`
	ID            int64   `bun:",pk,autoincrement"`
	Items         []*Item `bun:"m2m:order_to_items,join:Order=Item"`
}

// Item is an ordered thing.
type Item struct {
	bun.BaseModel `bun:"table:items"`
	ID            int64 `bun:",pk,autoincrement"`
	Name          string
}

// OrderToItem joins orders and items.
type OrderToItem struct {
	bun.BaseModel `bun:"table:order_to_items"`
	OrderID       int64  `bun:",pk"`
	Order         *Order `bun:"rel:belongs-to,join:order_id=id"`
	ItemID        int64  `bun:",pk"`
	Item          *Item  `bun:"rel:belongs-to,join:item_id=id"`
}

// Session is reset by ResetModel; it has no tag, and is still read as
// Bun reads it.
type Session struct {
	ID    int64
	Token string
}

// Audit is a model of the AutoMigrator.
type Audit struct {
	bun.BaseModel `bun:"table:audits"`
	ID            int64 `bun:",pk,autoincrement"`
	Action        string
}

// Report is a Bun model no call creates: no table.
type Report struct {
	bun.BaseModel `bun:"table:reports"`
	ID            int64 `bun:",pk,autoincrement"`
}

// Filter is a plain struct beside the models: no table.
type Filter struct {
	Name  string
	Limit int
}
