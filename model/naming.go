package model

import (
	"crypto/sha1"
	"encoding/hex"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Naming is the part of GORM's schema.NamingStrategy that gen reads: from
// gen.yaml (Config.Naming) or, when that is the zero value, from a
// schema.NamingStrategy{…} literal with constant fields in the model
// packages. The zero value is GORM's default strategy.
type Naming struct {
	// TablePrefix is put before every table name the strategy derives
	// (not before names from TableName() or //gen:table) and every join
	// table name.
	TablePrefix string
	// SingularTable keeps derived table names singular: User → user.
	SingularTable bool
	// NoLowerCase keeps Go names as they are instead of snake_casing
	// them: the column of UserID is "UserID", the table of User "Users".
	NoLowerCase bool
	// IdentifierMaxLength is the length past which index and constraint
	// names are cut and end in a hash; 0 means the driver's default (63
	// for gorm.io/driver/postgres, GORM's 64 otherwise).
	IdentifierMaxLength int
}

// IsZero reports whether n is GORM's default strategy, which is how gen
// tells that gen.yaml does not set one.
func (n Naming) IsZero() bool { return n == Naming{} }

// GORM's NamingStrategy.IdentifierMaxLength: index and constraint names
// longer than this are cut and end in a hash. gorm.io/driver/postgres sets
// 63 (postgres.go: defaultIdentifierLength, in Dialector.Apply, unless the
// application sets its own); the SQLite drivers keep GORM's 64.
const (
	pgIdentifierMaxLength      = 63
	defaultIdentifierMaxLength = 64
)

// namer is a resolved naming strategy: Naming with the dialect's
// identifier length filled in.
type namer struct {
	Naming
	max int
}

func newNamer(n Naming, dialectMax int) namer {
	max := n.IdentifierMaxLength
	if max <= 0 {
		max = dialectMax
	}
	return namer{Naming: n, max: max}
}

// commonInitialisms is GORM's list (schema/naming.go, from golint): each is
// treated as one word when converting a Go name to snake_case.
var commonInitialisms = []string{"API", "ASCII", "CPU", "CSS", "DNS", "EOF", "GUID", "HTML", "HTTP", "HTTPS", "ID", "IP", "JSON", "LHS", "QPS", "RAM", "RHS", "RPC", "SLA", "SMTP", "SSH", "TLS", "TTL", "UID", "UI", "UUID", "URI", "URL", "UTF8", "VM", "XML", "XSRF", "XSS"}

// initialismReplacer turns each initialism into its title-cased form
// ("HTTP" → "Http"), as GORM does before splitting words.
var initialismReplacer = func() *strings.Replacer {
	pairs := make([]string, 0, 2*len(commonInitialisms))
	for _, s := range commonInitialisms {
		pairs = append(pairs, s, s[:1]+strings.ToLower(s[1:]))
	}
	return strings.NewReplacer(pairs...)
}()

// tableName is GORM's NamingStrategy.TableName for a struct name.
func (n Naming) tableName(structName string) string {
	if n.SingularTable {
		return n.TablePrefix + n.toDBName(structName)
	}
	return n.TablePrefix + plural(n.toDBName(structName))
}

// columnName is GORM's NamingStrategy.ColumnName.
func (n Naming) columnName(goName string) string { return n.toDBName(goName) }

// joinTableName is GORM's NamingStrategy.JoinTableName: a lower-case
// many2many value is used as it is, anything else is named like a table.
func (n Naming) joinTableName(s string) string {
	if !n.NoLowerCase && strings.ToLower(s) == s {
		return n.TablePrefix + s
	}
	if n.SingularTable {
		return n.TablePrefix + n.toDBName(s)
	}
	return n.TablePrefix + plural(n.toDBName(s))
}

// indexName is GORM's NamingStrategy.IndexName: idx_<table>_<snake of the
// Go field name or composite name>.
func (n namer) indexName(table, goName string) string {
	return formatName(n.max, "idx", table, n.toDBName(goName))
}

// uniqueName is GORM's NamingStrategy.UniqueName: uni_<table>_<column>.
func (n namer) uniqueName(table, column string) string {
	return formatName(n.max, "uni", table, n.toDBName(column))
}

// checkName is GORM's NamingStrategy.CheckerName: chk_<table>_<column>.
func (n namer) checkName(table, column string) string {
	return formatName(n.max, "chk", table, column)
}

// fkName is GORM's NamingStrategy.RelationshipFKName:
// fk_<table of the declaring struct>_<snake of the relation's name>.
func (n namer) fkName(table, relation string) string {
	return formatName(n.max, "fk", table, n.toDBName(relation))
}

// formatName is GORM's NamingStrategy.formatName: prefix_table_name with
// dots replaced, and names over max characters cut to max-8 bytes plus
// the first 8 hex digits of the SHA-1 of the full name.
func formatName(max int, prefix, table, name string) string {
	s := strings.ReplaceAll(strings.Join([]string{prefix, table, name}, "_"), ".", "_")
	if utf8.RuneCountInString(s) > max {
		sum := sha1.Sum([]byte(s))
		s = s[:max-8] + hex.EncodeToString(sum[:])[:8]
	}
	return s
}

// toDBName is GORM's NamingStrategy.toDBName (without NameReplacer, which
// gen cannot read statically): the name as it is with NoLowerCase, else
// toDBName of it.
func (n Naming) toDBName(name string) string {
	if n.NoLowerCase {
		return name
	}
	return toDBName(name)
}

// toDBName is GORM's default toDBName: snake_case with the common
// initialisms kept as words, digits not starting a word.
//
//	UserID → user_id, HTTPServer → http_server, Address2 → address2
func toDBName(name string) string {
	if name == "" {
		return ""
	}
	var (
		value                          = initialismReplacer.Replace(name)
		buf                            strings.Builder
		lastCase, nextCase, nextNumber bool // upper case == true
		curCase                        = value[0] <= 'Z' && value[0] >= 'A'
	)
	for i, v := range value[:len(value)-1] {
		nextCase = value[i+1] <= 'Z' && value[i+1] >= 'A'
		nextNumber = value[i+1] >= '0' && value[i+1] <= '9'
		if curCase {
			if lastCase && (nextCase || nextNumber) {
				buf.WriteRune(v + 32)
			} else {
				if i > 0 && value[i-1] != '_' && value[i+1] != '_' {
					buf.WriteByte('_')
				}
				buf.WriteRune(v + 32)
			}
		} else {
			buf.WriteRune(v)
		}
		lastCase = curCase
		curCase = nextCase
	}
	if curCase {
		if !lastCase && len(value) > 1 {
			buf.WriteByte('_')
		}
		buf.WriteByte(value[len(value)-1] + 32)
	} else {
		buf.WriteByte(value[len(value)-1])
	}
	return buf.String()
}

// titleWords is what GORM gets from cases.Title(language.Und,
// cases.NoLower).String(s) for the Go names it titles (join table field
// names): the first letter of each space-separated word upper-cased, the
// rest kept.
func titleWords(s string) string {
	var b strings.Builder
	start := true
	for _, r := range s {
		if start {
			b.WriteRune(unicode.ToTitle(r))
		} else {
			b.WriteRune(r)
		}
		start = unicode.IsSpace(r)
	}
	return b.String()
}
