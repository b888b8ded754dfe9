// Package models keeps Go names as they are (NoLowerCase).
package models

import "gorm.io/gorm/schema"

// Naming is the application's naming strategy.
var Naming = &schema.NamingStrategy{NoLowerCase: true}
