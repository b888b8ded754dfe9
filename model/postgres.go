package model

import (
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"ariga.io/atlas/sql/postgres"
	"ariga.io/atlas/sql/schema"

	"github.com/genmigrate/gen/internal/typecache"
)

// pgDialect maps fields to PostgreSQL columns as gorm.io/driver/postgres
// v1.6.3 does (postgres.go DataTypeOf, getSchemaBaseType,
// getSchemaIntType, getSchemaCustomType).
type pgDialect struct{}

func (pgDialect) name() string { return "postgres" }

// columnType returns the column type of f, and the attributes it implies.
func (d pgDialect) columnType(f *field) (*schema.ColumnType, []schema.Attr, error) {
	var sqlType string
	switch {
	case f.SQLType != "":
		sqlType = normalizeTypeText(f.SQLType)
	case f.Identity != "":
		// generatedColumnOf: getSchemaIntType, never a serial.
		sqlType = pgIntType(f.Size, f.DataType == kindUint)
	default:
		sqlType = pgGormType(f)
	}
	var attrs []schema.Attr
	if f.Comment != "" {
		attrs = append(attrs, &schema.Comment{Text: f.Comment})
	}
	if f.Identity != "" {
		attrs = append(attrs, &postgres.Identity{Generation: f.Identity})
	}
	if f.Generated != "" {
		attrs = append(attrs, &schema.GeneratedExpr{Expr: f.Generated, Type: "STORED"})
	}
	ct, err := d.parseType(sqlType)
	if err != nil {
		return nil, nil, fmt.Errorf("type %q is not a PostgreSQL type gen can read (%v); write a type such as varchar(100) or numeric(10,2)", sqlType, err)
	}
	return ct, attrs, nil
}

// pgGormType is gorm.io/driver/postgres's getSchemaBaseType.
func pgGormType(f *field) string {
	switch f.DataType {
	case kindBool:
		return "boolean"
	case kindInt, kindUint:
		t := pgIntType(f.Size, f.DataType == kindUint)
		if f.AutoIncrement {
			t = pgSerial(t)
		}
		return t
	case kindFloat:
		switch {
		case f.Precision > 0 && f.Scale > 0:
			return fmt.Sprintf("numeric(%d,%d)", f.Precision, f.Scale)
		case f.Precision > 0:
			return fmt.Sprintf("numeric(%d)", f.Precision)
		}
		return "decimal"
	case kindString:
		if f.Size > 0 && f.Size <= 10485760 {
			return fmt.Sprintf("varchar(%d)", f.Size)
		}
		return "text"
	case kindTime:
		if f.Precision > 0 {
			return fmt.Sprintf("timestamptz(%d)", f.Precision)
		}
		return "timestamptz"
	case kindBytes:
		return "bytea"
	}
	t := normalizeTypeText(f.DataType)
	if f.AutoIncrement && !strings.Contains(t, "serial") {
		t = pgSerial(pgIntType(f.Size, f.GormType == kindUint))
	}
	return t
}

// parseType returns the column type for a PostgreSQL type spelling: the
// atlas type the inspector gets for its canonical spelling, and that
// spelling (postgres.FormatType) as Raw.
func (pgDialect) parseType(sqlType string) (*schema.ColumnType, error) {
	switch sqlType {
	case "smallserial", "serial", "bigserial":
		return &schema.ColumnType{Type: &postgres.SerialType{T: sqlType}, Raw: sqlType}, nil
	case "serial2", "serial4", "serial8":
		t := map[string]string{"serial2": "smallserial", "serial4": "serial", "serial8": "bigserial"}[sqlType]
		return &schema.ColumnType{Type: &postgres.SerialType{T: t}, Raw: t}, nil
	}
	t, err := typecache.ParsePG(sqlType)
	if err != nil {
		return nil, err
	}
	raw, err := postgres.FormatType(t)
	if err != nil {
		return nil, err
	}
	if _, ok := t.(*postgres.ArrayType); ok {
		if raw, err = pgArraySpelling(sqlType); err != nil {
			return nil, err
		}
	}
	// The type is the one the inspector gets for the canonical spelling,
	// so that both sides of a diff hold the same value.
	if t, err = typecache.ParsePG(raw); err != nil {
		return nil, err
	}
	return &schema.ColumnType{Type: t, Raw: raw}, nil
}

// checkTable reports what this dialect cannot create; PostgreSQL takes
// every table GORM can describe.
func (pgDialect) checkTable(*tableFields, *diagnostics) {}

// indexMethod accepts any access method (USING) on PostgreSQL.
func (pgDialect) indexMethod(string) error { return nil }

// indexOptionRE matches the index options gen manages, in the order
// PostgreSQL's CREATE INDEX takes them after the key list: INCLUDE (…),
// NULLS [NOT] DISTINCT, WITH (…).
var indexOptionRE = regexp.MustCompile(`(?is)^(?:INCLUDE\s*\(([^()]*)\))?\s*(?:NULLS\s+(NOT\s+)?DISTINCT)?\s*(?:WITH\s*\((.*)\))?$`)

// indexOption reads what GORM writes verbatim after the columns:
// option:INCLUDE (a, b), option:NULLS NOT DISTINCT (PostgreSQL 15+) and
// option:WITH (name = value, …), alone or together in that order; the
// storage parameters as pg_class.reloptions lists them, the INCLUDE
// columns as PostgreSQL names them (unquoted ones folded to lower case).
// Other options (TABLESPACE) are not created or compared, with a warning.
func (pgDialect) indexOption(v string) (indexOptions, string) {
	unmanaged := "gen does not manage this index option: it creates and compares the index without " + v
	m := indexOptionRE.FindStringSubmatch(v)
	if m == nil || strings.TrimSpace(v) == "" {
		return indexOptions{}, unmanaged
	}
	var o indexOptions
	if m[1] != "" {
		for _, c := range strings.Split(m[1], ",") {
			c = strings.TrimSpace(c)
			switch {
			case len(c) >= 2 && c[0] == '"' && c[len(c)-1] == '"':
				c = strings.ReplaceAll(c[1:len(c)-1], `""`, `"`)
			case c == "" || strings.ContainsAny(c, `" `):
				return indexOptions{}, unmanaged
			default:
				c = strings.ToLower(c)
			}
			o.Include = append(o.Include, c)
		}
	}
	o.NullsNotDistinct = m[2] != ""
	if m[3] != "" {
		for _, p := range strings.Split(m[3], ",") {
			name, value, ok := strings.Cut(p, "=")
			name = strings.ToLower(strings.TrimSpace(name))
			value = strings.Trim(strings.TrimSpace(value), `'"`)
			if !ok || name == "" || value == "" || strings.ContainsAny(name+value, "() ") {
				return indexOptions{}, unmanaged
			}
			o.Params = append(o.Params, name+"="+value)
		}
	}
	return o, ""
}

// collationName reads a collation as PostgreSQL reads the COLLATE GORM
// writes verbatim: a double-quoted name as it is, an unquoted one folded to
// lower case. collate:C names the collation "c", which PostgreSQL does not
// have (AutoMigrate fails on it too): an error for C and POSIX, a warning
// for other names with capitals.
func (pgDialect) collationName(v string) (string, string, error) {
	v = strings.TrimSpace(v)
	if len(v) >= 2 && v[0] == '"' && v[len(v)-1] == '"' {
		return strings.ReplaceAll(v[1:len(v)-1], `""`, `"`), "", nil
	}
	lower := strings.ToLower(v)
	switch {
	case lower == v:
		return v, "", nil
	case lower == "c" || lower == "posix":
		return "", "", fmt.Errorf("collate:%s: PostgreSQL folds the unquoted name to %s and has no collation %s; quote it: collate:\"%s\"", v, lower, lower, strings.ToUpper(v))
	}
	return lower, fmt.Sprintf("PostgreSQL folds the unquoted collation %s to %s, which is likely not the collation meant; quote it: collate:\"%s\"", v, lower, v), nil
}

// ident returns the name PostgreSQL stores for s: identifiers are cut to
// 63 bytes (NAMEDATALEN-1) on a character boundary. GORM's generated
// names may be 64 characters long, so a GORM-created database holds the
// cut name.
func (pgDialect) ident(s string) string {
	const max = 63
	if len(s) <= max {
		return s
	}
	end := 0
	for i, r := range s {
		if i+utf8.RuneLen(r) > max {
			break
		}
		end = i + utf8.RuneLen(r)
	}
	return s[:end]
}

func (pgDialect) identifierMaxLength() int { return pgIdentifierMaxLength }

// pgIntType is getSchemaIntType: GORM adds one bit to unsigned sizes, so
// uint8 is a smallint, uint16 an integer, uint32 and uint bigints.
func pgIntType(size int, unsigned bool) string {
	if unsigned {
		size++
	}
	switch {
	case size <= 16:
		return "smallint"
	case size <= 32:
		return "integer"
	}
	return "bigint"
}

// pgSerial is the serial pseudo-type of an integer type.
func pgSerial(intType string) string {
	switch intType {
	case "smallint":
		return "smallserial"
	case "integer":
		return "serial"
	}
	return "bigserial"
}

// normalizeTypeText lower-cases a type written with `type:` (PostgreSQL
// and SQLite type names are case-insensitive; a quoted name is kept as
// written) and collapses runs of spaces.
func normalizeTypeText(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if strings.Contains(s, `"`) {
		return s
	}
	return strings.ToLower(s)
}

// pgArraySpelling is how PostgreSQL's format_type spells an array type,
// which the inspector reads and atlas keeps verbatim: the element's
// canonical name with one [] (PostgreSQL keeps no dimensions), the
// date and time types spelled out.
func pgArraySpelling(sqlType string) (string, error) {
	elem := strings.TrimSpace(sqlType)
	for strings.HasSuffix(elem, "]") {
		i := strings.LastIndex(elem, "[")
		if i < 0 {
			break
		}
		elem = strings.TrimSpace(elem[:i])
	}
	if strings.HasPrefix(elem, "_") {
		elem = elem[1:]
	}
	t, err := typecache.ParsePG(elem)
	if err != nil {
		return "", err
	}
	name, err := postgres.FormatType(t)
	if err != nil {
		return "", err
	}
	base, prec, _ := strings.Cut(name, "(")
	if prec != "" {
		prec = "(" + prec
	}
	switch base {
	case "timestamptz":
		name = "timestamp" + prec + " with time zone"
	case "timestamp":
		name = "timestamp" + prec + " without time zone"
	case "timetz":
		name = "time" + prec + " with time zone"
	case "time":
		name = "time" + prec + " without time zone"
	}
	return name + "[]", nil
}
