package model

import (
	"fmt"
	"reflect"
	"strings"

	"github.com/genmigrate/gen/internal/editdist"
)

// genHint is a field's gen tag: what gen needs to know that the ORM's tags
// cannot say. It is written `gen:"key=value;key=value"`; unlike gorm and
// bun tags, whose unknown keys their ORM ignores, an unknown key or a bad
// value here is an error, because nothing but gen reads it.
type genHint struct {
	// Type is the column type on the dialect being loaded, written
	// verbatim for the database: type.<dialect>=T for that dialect, else
	// type=T. It wins over the type the ORM would give the field; "" leaves
	// the ORM's type.
	Type string
	// RenamedFrom is the column's previous name: diff turns a drop of it
	// and an add of the field's column into a rename.
	RenamedFrom string
}

// genHintKeys are the keys of a gen tag.
var genHintKeys = "renamed_from, type and type.<dialect> (" + strings.Join(dialectList("type.%s"), ", ") + ")"

// hintDialects are the dialects a gen type.<dialect> key may name, each
// with the mapping that checks its type's spelling: those of dialects.
var hintDialects = func() map[string]dialect {
	m := map[string]dialect{}
	for _, d := range dialects {
		m[d.name()] = d
	}
	return m
}()

// dialectAliases are names written for a dialect gen spells otherwise
// (the dialects' aliases).
var dialectAliases = func() map[string]string {
	m := map[string]string{}
	for _, d := range dialects {
		for _, a := range d.aliases() {
			m[a] = d.name()
		}
	}
	return m
}()

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
	var (
		all       string
		byDialect = map[string]string{}
	)
	for _, part := range strings.Split(tag, ";") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		key, value, hasValue := strings.Cut(part, "=")
		key, value = strings.TrimSpace(key), strings.TrimSpace(value)
		base, dialectName, perDialect := strings.Cut(key, ".")
		switch {
		case key == "renamed_from" || key == "type":
		case perDialect && base == "type":
			if !l.hintDialect(f, key, dialectName) {
				continue
			}
		case perDialect && base == "renamed_from":
			l.diag.errorf(f.Pos, f.object(), "gen key %s: renamed_from has no per-dialect form, as a column has one old name; write renamed_from=OLD", key)
			continue
		default:
			l.diag.errorf(f.Pos, f.object(), "%s", unknownHintKey(key))
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
		switch {
		case key == "renamed_from":
			if strings.ContainsAny(value, " \t,\"'`") {
				l.diag.errorf(f.Pos, f.object(), "gen renamed_from=%s is not a column name; write the column's old name as the database has it", value)
				continue
			}
			h.RenamedFrom = value
		default:
			if kw := constraintInType(value); kw != "" {
				l.diag.errorf(f.Pos, f.object(), "gen %s=%s holds %s as well as the type; keep only the column type in %s=", key, value, kw, key)
				continue
			}
			if !perDialect {
				all = value
				continue
			}
			// Every dialect's type is read, so that a typo in one is found
			// whichever database gen runs against.
			if _, err := hintDialects[dialectName].parseType(normalizeTypeText(value)); err != nil {
				l.diag.errorf(f.Pos, f.object(), "gen %s=%s is not a type gen can read for %s (%s); write a type such as varchar(100) or numeric(10,2)", key, value, hintDialects[dialectName].title(), typeParseReason(err))
				continue
			}
			byDialect[dialectName] = value
		}
	}
	h.Type = all
	if t, ok := byDialect[l.dialect.name()]; ok {
		h.Type = t
	}
	return h
}

// hintDialect checks the dialect name of a gen type.<dialect> key.
func (l *loader) hintDialect(f *field, key, name string) bool {
	if _, ok := hintDialects[name]; ok {
		return true
	}
	lower := strings.ToLower(name)
	switch {
	case name == "":
		l.diag.errorf(f.Pos, f.object(), "gen key %s names no dialect; write %s", key, joinList(dialectList("type.%s=…"), "or"))
	case lower == "mysql" || lower == "mariadb":
		l.diag.errorf(f.Pos, f.object(), "gen key %s: gen does not load models for MySQL yet, so it would never be read; remove it", key)
	case hintDialects[lower] != nil:
		l.diag.errorf(f.Pos, f.object(), "gen key %s: dialect names are lower case; write type.%s", key, lower)
	case dialectAliases[lower] != "":
		l.diag.errorf(f.Pos, f.object(), "gen key %s: gen calls the dialect %s; write type.%s", key, dialectAliases[lower], dialectAliases[lower])
	default:
		l.diag.errorf(f.Pos, f.object(), "gen key %s names the dialect %q, which gen does not know; the dialects are %s (%s)", key, name, joinList(dialectList("%s"), "and"), strings.Join(dialectList("type.%s=…"), ", "))
	}
	return false
}

// unknownHintKey is the message for a key a gen tag does not have, with
// the key meant when it is close to one.
func unknownHintKey(key string) string {
	if _, ok := hintDialects[key]; ok || dialectAliases[strings.ToLower(key)] != "" {
		d := key
		if a := dialectAliases[strings.ToLower(key)]; a != "" {
			d = a
		}
		return "unknown gen key \"" + key + "\"; a type for one dialect is written type." + d + "=…"
	}
	switch key {
	case "renamedFrom", "renamed-from", "renamedfrom":
		return "unknown gen key \"" + key + "\"; write renamed_from"
	}
	for _, k := range append([]string{"renamed_from", "type"}, dialectList("type.%s")...) {
		if editdist.Levenshtein(strings.ToLower(key), k) <= 2 {
			return "unknown gen key \"" + key + "\"; write " + k
		}
	}
	return "unknown gen key \"" + key + "\"; the keys are " + genHintKeys + ", written gen:\"key=value;key=value\""
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

// typeParseReason is why a type did not parse, without the Go parts of
// the parser's error (its package prefix, strconv's wording).
func typeParseReason(err error) string {
	s := err.Error()
	if i := strings.Index(s, ": strconv."); i >= 0 {
		s = s[:i] + " is not a number"
	}
	for _, p := range []string{"postgres: ", "sqlite: ", "parse "} {
		s = strings.TrimPrefix(s, p)
	}
	return s
}

// dialectList formats each dialect's name with format (one %s).
func dialectList(format string) []string {
	var out []string
	for _, d := range dialects {
		out = append(out, fmt.Sprintf(format, d.name()))
	}
	return out
}

// dialectNames lists the dialects' names, joined by conj ("or").
func dialectNames(conj string) string { return joinList(dialectList("%s"), conj) }

// joinList joins items as a sentence does: "a, b and c".
func joinList(items []string, conj string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " " + conj + " " + items[len(items)-1]
}
