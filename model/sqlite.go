package model

import (
	"fmt"
	"strings"

	"ariga.io/atlas/sql/schema"
	"ariga.io/atlas/sql/sqlite"
)

// sqliteDialect maps fields to SQLite columns as gorm.io/driver/sqlite
// v1.6.0 and github.com/glebarez/sqlite v1.11.0 do; their DataTypeOf are
// the same function (sqlite.go:208-236 and sqlite.go:198-226):
//
//	bool → numeric; int, uint → integer, or "integer PRIMARY KEY
//	AUTOINCREMENT" when auto-incremented; float → real; string → text
//	(size is ignored); time → the type: key's value, else datetime;
//	bytes → blob; anything else → the type: key's value verbatim.
type sqliteDialect struct{}

func (sqliteDialect) name() string      { return "sqlite" }
func (sqliteDialect) title() string     { return "SQLite" }
func (sqliteDialect) aliases() []string { return []string{"sqlite3", "sqlite2"} }

// defaultSchema: "main" is the database file the connection opened.
func (sqliteDialect) defaultSchema() string { return "main" }

// caselessNames: SQLite compares names without regard to ASCII case,
// quoted or not.
func (sqliteDialect) caselessNames() bool { return true }

// attachedSchemas: a schema other than main is a database ATTACHed to
// the connection.
func (sqliteDialect) attachedSchemas() bool { return true }

// nameCut: SQLite keeps names whole.
func (sqliteDialect) nameCut() int { return 0 }

// tableConstraintNames: SQLite does not compare constraint names.
func (sqliteDialect) tableConstraintNames() bool { return false }

func (sqliteDialect) enumTypes() bool      { return false }
func (sqliteDialect) columnComments() bool { return false }

// identityNotNull: SQLite has no identity columns.
func (sqliteDialect) identityNotNull() bool { return false }

// gormGenerated: the SQLite drivers of GORM do not read generated:.
func (sqliteDialect) gormGenerated() bool { return false }

func (sqliteDialect) driverTypeColumn(d driverType) string { return d.sqlite }

// bunFieldType is sqlitedialect's: it maps the discovered type only, the
// type: option aside.
func (sqliteDialect) bunFieldType(bf *bunField) string { return bunSQLiteFieldType(bf) }

// bunAutoIncrement: sqlitedialect writes AUTOINCREMENT only on the one
// INTEGER primary key, and has no identity.
func (sqliteDialect) bunAutoIncrement(bf *bunField, _, create string, pks int, d *diagnostics) string {
	f := bf.field
	if f.AutoIncrement && bf.isPK && pks == 1 && bf.user != "" && create != "INTEGER" {
		d.warnf(f.Pos, f.object(), "autoincrement with type:%s gets no AUTOINCREMENT from Bun on SQLite, which writes it only for the type INTEGER (in capitals), so the key is not generated; write type:INTEGER, or drop type:", bf.user)
	}
	f.AutoIncrement = f.AutoIncrement && bf.isPK && pks == 1 && create == "INTEGER"
	return create
}

// uniqueConstraintName is the name of the index SQLite makes for the nth
// unnamed UNIQUE constraint of a table.
func (sqliteDialect) uniqueConstraintName(table, _ string, n int, _ []string) string {
	return fmt.Sprintf("sqlite_autoindex_%s_%d", table, n)
}

// columnType returns the column type of f, and the attributes it implies.
// Comments are dropped: SQLite has nowhere to keep them and GORM's SQLite
// migrator writes none.
func (d sqliteDialect) columnType(f *field) (*schema.ColumnType, []schema.Attr, error) {
	var (
		sqlType string
		attrs   []schema.Attr
	)
	switch {
	case f.SQLType != "":
		sqlType = f.SQLType
		// A gen type= hint is the exact type: no AUTOINCREMENT with it.
		if f.AutoIncrement && f.Hint.Type == "" && strings.EqualFold(strings.TrimSpace(sqlType), "integer") {
			attrs = append(attrs, &sqlite.AutoIncrement{})
		}
	default:
		switch f.DataType {
		case kindBool:
			sqlType = "numeric"
		case kindInt, kindUint:
			sqlType = "integer"
			if f.AutoIncrement {
				attrs = append(attrs, &sqlite.AutoIncrement{})
			}
		case kindFloat:
			sqlType = "real"
		case kindString:
			sqlType = "text"
		case kindTime:
			sqlType = "datetime"
			if v, ok := f.Settings.get("TYPE"); ok {
				sqlType = v
			}
		case kindBytes:
			sqlType = "blob"
		default:
			sqlType = f.DataType
		}
	}
	ct, err := d.parseType(sqlType)
	if err != nil {
		return nil, nil, fmt.Errorf("type %q is not an SQLite type gen can read (%v); write a type such as varchar(100) or integer", sqlType, err)
	}
	return ct, attrs, nil
}

// parseType returns the column type for an SQLite type spelling: Raw is
// the spelling lower-cased with runs of spaces collapsed, as SQLite keeps
// declared types verbatim.
// It is shared (see sqliteTypeOf).
func (sqliteDialect) parseType(sqlType string) (*schema.ColumnType, error) {
	return sqliteTypeOf(normalizeTypeText(sqlType))
}

// ident returns s: SQLite keeps names whole.
func (sqliteDialect) ident(s string) string { return s }

func (sqliteDialect) identifierMaxLength() int { return defaultIdentifierMaxLength }

// checkTable reports auto-increment columns SQLite cannot have. GORM
// writes an auto-incremented integer as "integer PRIMARY KEY
// AUTOINCREMENT" whether or not it is the primary key, and then leaves the
// table's PRIMARY KEY clause out: on any other column than the one
// primary key that silently changes the primary key (or fails with two).
func (sqliteDialect) checkTable(tf *tableFields, d *diagnostics) {
	for _, f := range tf.columns {
		if !f.AutoIncrement || (f.DataType != kindInt && f.DataType != kindUint) {
			continue
		}
		if len(tf.pks) == 1 && tf.pks[0] == f {
			continue
		}
		var names []string
		for _, p := range tf.pks {
			names = append(names, p.DBName)
		}
		key := "the table has no primary key"
		if len(names) > 0 {
			key = "the table's primary key is (" + strings.Join(names, ", ") + ")"
		}
		d.errorf(f.Pos, f.object(), "autoIncrement on SQLite makes a column the table's only primary key (GORM writes INTEGER PRIMARY KEY AUTOINCREMENT), and %s; remove autoIncrement, or make this field the only primaryKey", key)
	}
}

// indexOption: GORM's SQLite drivers write no option: into CREATE INDEX.
func (sqliteDialect) indexOption(v string) (indexOptions, string) {
	return indexOptions{}, "GORM's SQLite drivers ignore option:" + v + ", and SQLite has no index options; remove it"
}

// collationName reads a collation name. SQLite's are case-insensitive and
// it has three of its own (BINARY, NOCASE, RTRIM); one an application
// registers with its driver is not one gen can know, so any other name is
// an error. BINARY, the default, gives "": the column's own collation.
func (sqliteDialect) collationName(v string) (string, string, error) {
	v = strings.TrimSpace(v)
	if len(v) >= 2 && (v[0] == '"' && v[len(v)-1] == '"' || v[0] == '\'' && v[len(v)-1] == '\'') {
		v = v[1 : len(v)-1]
	}
	switch strings.ToUpper(v) {
	case "BINARY": // the default, which the catalog does not tell apart
		return "", "", nil
	case "NOCASE", "RTRIM":
		return v, "", nil
	}
	return "", "", fmt.Errorf("collate:%s: SQLite has no collation %s; its own are BINARY, NOCASE and RTRIM", v, v)
}

// indexMethod rejects access methods: GORM would write CREATE INDEX …
// USING, which SQLite does not parse.
func (sqliteDialect) indexMethod(m string) error {
	return fmt.Errorf("index type %q is not supported by SQLite (GORM would write USING %s, which SQLite rejects); remove the type: option", m, m)
}
