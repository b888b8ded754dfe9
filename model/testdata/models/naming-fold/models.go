package models

// OrderItem is named app_order_item; its index names are cut at 30
// characters.
type OrderItem struct {
	ID           uint
	CustomerCode string `gorm:"index"`
	Sku          string `gorm:"uniqueIndex"`
	Tags         []Tag  `gorm:"many2many:item_tags"`
}

// Tag joins OrderItem through app_item_tags.
type Tag struct {
	ID   uint
	Name string `gorm:"unique"`
}
