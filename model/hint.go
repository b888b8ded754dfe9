package model

import (
	"reflect"
	"strings"
)

// genHint is a field's gen tag: what gen needs to know that the ORM's tags
// cannot say. It is written `gen:"key=value;key=value"`; unlike gorm and
// bun tags, whose unknown keys their ORM ignores, an unknown key or a bad
// value here is an error, because nothing but gen reads it.
type genHint struct {
	// Type is the column type, written verbatim for the database: it wins
	// over the type the ORM would give the field.
	Type string
	// RenamedFrom is the column's previous name: diff turns a drop of it
	// and an add of the field's column into a rename.
	RenamedFrom string
}

// genHintKeys are the keys of a gen tag.
var genHintKeys = "renamed_from and type"

// parseHint reads the gen tag of f.
func (l *loader) parseHint(f *field) genHint {
	var h genHint
	tag, ok := reflect.StructTag(f.goTag).Lookup("gen")
	if !ok {
		if strings.Contains(f.goTag, `gen:`) {
			l.diag.errorf(f.Pos, f.object(), "Go cannot read the gen part of struct tag %s; write it as gen:\"key=value\" with no space after the colon", "`"+f.goTag+"`")
		}
		return h
	}
	if strings.TrimSpace(tag) == "" {
		l.diag.errorf(f.Pos, f.object(), "gen tag is empty; remove it, or write gen:\"renamed_from=OLD\" or gen:\"type=SQLTYPE\"")
		return h
	}
	seen := map[string]bool{}
	for _, part := range strings.Split(tag, ";") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		key, value, hasValue := strings.Cut(part, "=")
		key, value = strings.TrimSpace(key), strings.TrimSpace(value)
		switch key {
		case "renamed_from", "type":
		default:
			msg := "unknown gen key %q; the keys are " + genHintKeys + ", written gen:\"key=value;key=value\""
			if key == "renamedFrom" || key == "renamed-from" || key == "renamedfrom" {
				msg = "unknown gen key %q; write renamed_from"
			}
			l.diag.errorf(f.Pos, f.object(), msg, key)
			continue
		}
		if !hasValue || value == "" {
			l.diag.errorf(f.Pos, f.object(), "gen key %s needs a value; write gen:\"%s=…\"", key, key)
			continue
		}
		if seen[key] {
			l.diag.errorf(f.Pos, f.object(), "gen key %s is written twice; keep one", key)
			continue
		}
		seen[key] = true
		switch key {
		case "renamed_from":
			if strings.ContainsAny(value, " \t,\"'`") {
				l.diag.errorf(f.Pos, f.object(), "gen renamed_from=%s is not a column name; write the column's old name as the database has it", value)
				continue
			}
			h.RenamedFrom = value
		case "type":
			if kw := constraintInType(value); kw != "" {
				l.diag.errorf(f.Pos, f.object(), "gen type=%s holds %s as well as the type; keep only the column type in type=", value, kw)
				continue
			}
			h.Type = value
		}
	}
	return h
}

// noHints reports a gen tag on a field that is no column: gen hints
// describe columns.
func (l *loader) noHints(f *field, why string) {
	if _, ok := reflect.StructTag(f.goTag).Lookup("gen"); ok {
		l.diag.errorf(f.Pos, f.object(), "gen tag on a field that is not a column (%s); remove it", why)
	}
}

// applyHint makes the hints of f win over what the ORM said.
func (l *loader) applyHint(f *field) {
	if f.Hint.Type != "" {
		f.SQLType = f.Hint.Type
	}
}
