// Package relations covers TAGS.md §1.8 and the relationship keys of §1.2:
// belongs-to, has-one, has-many, many2many (with and without a join struct,
// joinForeignKey/joinReferences), polymorphic has-many, self-references,
// foreignKey/references and constraint (actions, a name, -).
package relations

import (
	"fmt"

	"gorm.io/gorm"
)

// Models returns a value of every table struct, for AutoMigrate. GORM
// creates the join tables of many2many fields without a join struct on the
// way.
func Models() []any {
	return []any{
		&Company{}, &Employee{}, &Branch{}, &Owner{}, &Card{}, &Pet{}, &Book{},
		&Language{}, &Tag{}, &Place{}, &OwnerPlace{}, &Category{}, &Dog{}, &Cat{},
		&Toy{}, &Picture{}, &Gallery{},
	}
}

// Setup declares what GORM cannot read from tags: the join struct of
// Owner.Places. An application calls it before AutoMigrate, as GORM's
// documentation says.
func Setup(db *gorm.DB) error {
	if err := db.SetupJoinTable(&Owner{}, "Places", &OwnerPlace{}); err != nil {
		return fmt.Errorf("setting up the join table of Owner.Places: %w", err)
	}
	return nil
}
