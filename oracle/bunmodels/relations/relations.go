// Package relations covers Bun's relation fields (TAGS.md §2.3 rel, join,
// m2m): they are not columns, and CreateTable creates no foreign key for
// them unless WithForeignKeys is called.
package relations

import (
	"github.com/uptrace/bun"
)

// Models returns a value of every table struct, for CreateTable. The m2m
// junction model comes first: Bun must know it before the models that use
// it (RegisterModel).
func Models() []any {
	return []any{(*OrderToItem)(nil), (*Author)(nil), (*Book)(nil), (*Order)(nil), (*Item)(nil), (*Comment)(nil), (*Article)(nil)}
}

// Author has one profile and many books.
type Author struct {
	bun.BaseModel `bun:"table:authors,alias:a"`

	ID    int64   `bun:",pk,autoincrement"`
	Name  string  `bun:",notnull"`
	Books []*Book `bun:"rel:has-many,join:id=author_id"` // not a column
}

// Book belongs to an author.
type Book struct {
	bun.BaseModel `bun:"table:books,alias:b"`

	ID       int64   `bun:",pk,autoincrement"`
	AuthorID int64   `bun:",notnull"`
	Author   *Author `bun:"rel:belongs-to,join:author_id=id,on_delete:CASCADE"` // not a column
	Title    string
}

// Order has many items through OrderToItem.
type Order struct {
	bun.BaseModel `bun:"table:orders,alias:o"`

	ID    int64  `bun:",pk,autoincrement"`
	Items []Item `bun:"m2m:order_to_items,join:Order=Item"` // not a column
}

// Item is the other side of the m2m.
type Item struct {
	bun.BaseModel `bun:"table:items,alias:i"`

	ID int64 `bun:",pk,autoincrement"`
}

// OrderToItem is the m2m junction model.
type OrderToItem struct {
	bun.BaseModel `bun:"table:order_to_items"`

	OrderID int64  `bun:",pk"`
	Order   *Order `bun:"rel:belongs-to,join:order_id=id"`
	ItemID  int64  `bun:",pk"`
	Item    *Item  `bun:"rel:belongs-to,join:item_id=id"`
}

// Comment belongs to an article polymorphically (trackable_id and
// trackable_type; no foreign key).
type Comment struct {
	bun.BaseModel `bun:"table:comments"`

	ID            int64 `bun:",pk,autoincrement"`
	TrackableID   int64
	TrackableType string
	Text          string
}

// Article has polymorphic comments.
type Article struct {
	bun.BaseModel `bun:"table:articles"`

	ID       int64      `bun:",pk,autoincrement"`
	Comments []*Comment `bun:"rel:has-many,join:id=trackable_id,join:type=trackable_type,polymorphic"` // not a column
}
