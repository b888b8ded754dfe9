package model

import (
	"go/types"
	"slices"
	"strings"

	"github.com/genmigrate/gen/internal/editdist"
)

// gormSerializers are the serializers GORM registers itself
// (schema/serializer.go).
var gormSerializers = []string{"json", "gob", "unixtime"}

// serializerType applies a field's serializer (the serializer: key, or
// the legacy json key) to its data type as GORM's ParseField does: the
// column of a serialized field is a string, unless the field's kind says
// otherwise (an int stays an int, a time a time: GORM's kind switch comes
// after), while a []byte, which GORM makes bytes only when no serializer
// has spoken, is a string too. GORM looks the name up among the
// serializers registered with schema.RegisterSerializer, its own and the
// application's; gen cannot see the application's, so a name that is not
// GORM's own is taken to be one of them, with a warning.
func (l *loader) serializerType(f *field, name string, t types.Type) {
	if f.DataType == "" || f.DataType == kindBytes && !hasGormDataType(derefType(t)) {
		f.DataType = kindString
	}
	lower := strings.ToLower(strings.TrimSpace(name))
	if slices.Contains(gormSerializers, lower) {
		return
	}
	column := ""
	switch {
	case f.Settings.has("TYPE") || f.Hint.Type != "":
	case f.DataType == kindString:
		column = "; its column is text, as GORM makes it: add a type: key if it should be something else"
	default:
		column = "; its column is of the field's kind (" + f.DataType + "), as GORM makes it: add a type: key if it should be something else"
	}
	typo := ""
	for _, k := range gormSerializers {
		if editdist.Levenshtein(lower, k) <= 2 {
			typo = " (a misspelling of " + k + "?)"
		}
	}
	l.diag.warnf(f.Pos, f.object(), "serializer %q is not one of GORM's own (json, gob, unixtime)%s, so gen takes it for one the application registers with schema.RegisterSerializer (GORM fails without one)%s", name, typo, column)
}
