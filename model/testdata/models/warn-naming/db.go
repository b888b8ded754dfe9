// Package models sets a naming strategy gen cannot read whole.
package models

import (
	"os"
	"strings"

	"gorm.io/gorm/schema"
)

// Primary is read first: its constant fields count.
var Primary = schema.NamingStrategy{
	TablePrefix:   os.Getenv("TABLE_PREFIX"),
	SingularTable: true,
	NameReplacer:  strings.NewReplacer("CID", "Cid"),
}

// Replica differs.
var Replica = schema.NamingStrategy{SingularTable: false}
