// Package csvserializer is a GORM serializer an application registers
// itself (schema.RegisterSerializer), for the oracle's valuers package:
// gen cannot see the registration, so it must give the column the type
// GORM gives every serialized field, text.
package csvserializer

import (
	"context"
	"fmt"
	"reflect"
	"strings"

	"gorm.io/gorm/schema"
)

// Name is the name the serializer is registered under.
const Name = "csv"

// Serializer stores a []string as comma-separated text.
type Serializer struct{}

// Scan reads the text back into the field.
func (Serializer) Scan(ctx context.Context, field *schema.Field, dst reflect.Value, dbValue any) error {
	var s string
	switch v := dbValue.(type) {
	case nil:
		return nil
	case string:
		s = v
	case []byte:
		s = string(v)
	default:
		return fmt.Errorf("csv: cannot read %T", dbValue)
	}
	var list []string
	if s != "" {
		list = strings.Split(s, ",")
	}
	return field.Set(ctx, dst, list)
}

// Value writes the field as text.
func (Serializer) Value(ctx context.Context, field *schema.Field, dst reflect.Value, fieldValue any) (any, error) {
	list, ok := fieldValue.([]string)
	if !ok {
		return nil, fmt.Errorf("csv: cannot write %T", fieldValue)
	}
	return strings.Join(list, ","), nil
}

// Register registers the serializer with GORM.
func Register() { schema.RegisterSerializer(Name, Serializer{}) }
