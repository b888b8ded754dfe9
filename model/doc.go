// Package model reads Go model structs and returns the schema their ORM
// would create: the desired side of gen's diff.
//
// The packages are loaded statically with golang.org/x/tools/go/packages
// (syntax, types and type information); user code is never compiled into a
// binary or run. The result is an ariga.io/atlas/sql/schema value that
// follows the conventions of docs/ARCHITECTURE.md exactly, because the
// inspectors produce the live schema by the same rules and diff compares
// the two field by field.
//
// # What is a table
//
// What the application itself migrates (discover.go, tables.go):
//
//   - Config.Tables, when set, lists exactly the structs that are tables
//     (an entry may name the table: "Order=purchase_orders"), unexported
//     ones included;
//   - //gen:ignore in a struct's doc comment: never a table; //gen:table
//     NAME: always one, with that name;
//   - the models the application hands to GORM's AutoMigrate or
//     Migrator().CreateTable, Bun's NewCreateTable().Model, ResetModel or
//     migrate.WithModel, found statically: through go/types in the model
//     packages, by syntax alone in the rest of the main module (not
//     vendor/, testdata/, nested modules or _test.go files, which migrate
//     subsets). Arguments are followed through &T{}, new(T), T{},
//     (*T)(nil), variables and the values assigned to them (append and
//     range included), []any{…} lists and their spreads, and the
//     package-level variables and functions of a model package (or of the
//     call's own package). GORM's SetupJoinTable (its join struct) and
//     Bun's RegisterModel mark one struct a table. With such calls, the
//     tables are the structs they name, plus those AutoMigrate creates on
//     the way: the tables a registered model's foreign keys reference and
//     the other side of its many2many relationships, in turn. A call gen
//     cannot follow is a warning, and the structs with ORM evidence are
//     tables too;
//   - without such calls, the structs with ORM evidence: a gorm or bun tag,
//     an embedded gorm.Model or bun.BaseModel, a gorm.DeletedAt field, a
//     TableName method, an ID field (GORM's primary key, for an exported
//     struct not read as Bun or sqlx), the same through a struct it
//     embeds, or a relationship from a table (a GORM struct field that is
//     no column, a Bun rel: or m2m: field);
//   - when no struct of the model packages carries a tag, gorm.Model or
//     bun.BaseModel and no call registers any, every exported struct, as
//     GORM reads untagged structs.
//
// Never a table, unless registered or marked //gen:table: a column value
// (a driver.Valuer or sql.Scanner; a struct a Bun field, or a GORM field
// with a serializer or type: key, stores; a type argument of a field's
// generic type such as datatypes.JSONType[Address]), a Bun model that
// extends another's table, a struct a table embeds (anonymously, with
// GORM's embedded key or Bun's embed option; a TableName method or
// bun.BaseModel keeps it a table), and a struct whose only evidence is a
// table it embeds (a query result). An unexported struct is a table by its
// own evidence only. Each table carries attr.FoundBy, which says how it
// was found.
//
// Each struct is read by the ORM whose tags it carries: Bun when it embeds
// bun.BaseModel or a field has a bun tag; sqlx when its fields have db
// tags and none a gorm tag; GORM otherwise (GORM reads untagged structs).
// A struct the calls of one ORM register is read by that ORM, and a
// struct without tags in a package of Bun models (and no GORM ones) by
// Bun: a plain struct beside Bun models is never read as GORM.
//
// # GORM
//
// GORM v2 tags are read as gorm.io/gorm v1.31.2 does, with the column
// types of gorm.io/driver/postgres v1.6.3 and gorm.io/driver/sqlite v1.6.0
// (github.com/glebarez/sqlite v1.11.0 maps types identically):
//
//   - names: tables are the snake_case plural of the struct name
//     (jinzhu/inflection, GORM's own); a TableName() method, declared or
//     promoted from an embedded struct (the method set of *T, as GORM
//     asks reflect.New(T)), is folded as GORM's call on a new zero value
//     runs: constants, the receiver's fields as zero values, if, switch,
//     string concatenation and fmt.Sprintf of constants, for a struct
//     that is not a table too (GORM names a has relationship's foreign
//     key after its owner's table); a name qualified
//     with Config.Schema ("public.kv") is that schema's table kv, with
//     GORM's qualified index names (idx_public_kv_key); columns are
//     GORM's snake_case with its initialisms (UserID → user_id); index
//     and constraint names are GORM's idx_/uni_/chk_/fk_<table>_<name>,
//     hashed past the identifier
//     length and, on PostgreSQL, cut to the 63 bytes the server keeps. The
//     naming strategy is Config.Naming, else a schema.NamingStrategy{…}
//     literal with constant fields found in the loaded packages;
//   - keys: every key of GORM's ParseField, index and uniqueIndex with
//     their options, check, embedded and embeddedPrefix, serializers,
//     -, -:all and -:migration (a column gen does not manage), and
//     generated (identity and STORED expressions, PostgreSQL only, as the
//     driver);
//   - types: GORM's kinds, GormDataType, and GormDBDataType folded for the
//     dialect from the method's source (gorm.io/datatypes included);
//     driver.Valuer types gen knows the value of (UUIDs and decimals are
//     text unless typed; Null-like structs take their first field's kind),
//     and any other driver.Valuer by the static type of what its Value
//     method returns for the zero value, read from the method's body
//     (valuer.go); serializers: json, gob and unixtime, and any other name
//     as one the application registers (text, with a warning);
//   - keys and nullability: the tagged primary key, else the id column,
//     auto-incremented when it is an integer; NOT NULL only when tagged or
//     a primary key, or, with Config.Nullability "go-types", by Go type;
//   - relationships become the foreign keys AutoMigrate creates:
//     belongs-to on the owner's table, has-one and has-many on the child's
//     (named after the owner), many2many join tables with their composite
//     key and both foreign keys (a model named like the join table is the
//     join table, as SetupJoinTable makes it); GORM's guessing order,
//     the key types it copies onto foreign key fields, foreignKey,
//     references, joinForeignKey, joinReferences, constraint (a name,
//     OnUpdate, OnDelete, or - for none) and polymorphic columns are all
//     followed. A relationship GORM would reject is an error.
//
// # Bun
//
// Bun tags are read as github.com/uptrace/bun v1.3.0 does: the table name
// from bun.BaseModel (table:, the bare name, extend), else Bun's plural;
// Bun's column naming, embedded structs and embed: prefixes; pk,
// autoincrement, identity, notnull, default, type, array, hstore,
// composite, unique (PostgreSQL names it <table>_<column>_key, SQLite
// not at all) and unique:group; pgdialect's and sqlitedialect's types.
// Relation and scanonly fields are no columns. Bun declares no indexes
// and writes foreign keys only from code, so its tables carry
// attr.Undeclarable and diff leaves the database's own alone.
//
// # sqlx and db tags
//
// A db tag names a column and nothing else, and db-tagged structs are
// often query results: they are tables only when Config.Tables lists
// them. Columns are the tag's name or the lower-cased field name, types
// GORM's mapping, nullability by Go type, the id column the key. lib/pq's
// arrays and pgx's pgtype types have the PostgreSQL type they are made for
// (dbtypes.go). An untagged field of a type no database value converts to
// (a map, a slice, a func) is no column, with a warning.
//
// # gen hints
//
// gen:"type=SQLTYPE" gives a column's type exactly, winning over the
// ORM's; gen:"type.postgres=SQLTYPE" and gen:"type.sqlite=SQLTYPE" give it
// on that dialect only, winning over type= there (a dialect with neither
// keeps the ORM's type), and each is read on every load, so that a typo in
// the other dialect's type is found too; gen:"renamed_from=OLD" names a
// column's previous name; keys are separated by semicolons. //gen:renamed_from OLD on a struct names its
// table's previous name. //gen:enum on a named string type makes an enum
// of its constants: a PostgreSQL enum type (snake_case of the type name)
// used by every column of that Go type, or on SQLite a text column with a
// CHECK. Unknown keys and bad values in hints are errors.
//
// # Errors
//
// Every problem is an *Error printed in compiler form,
// "models/user.go:14:2: User.Email: <what is wrong>; <what to do>". Keys an
// ORM ignores silently (misspellings, GORM v1 spellings such as not_null)
// are warnings. Load collects them all and, when one is an error, returns
// an ErrorList.
//
// # Example
//
//	res, err := model.Load(ctx, model.Config{
//		Patterns: []string{"./models"},
//		Dialect:  "postgres",
//	})
//	var list model.ErrorList
//	if errors.As(err, &list) {
//		for _, e := range list {
//			fmt.Fprintln(os.Stderr, e) // models/user.go:14:2: User.Email: …
//		}
//		return err
//	}
//	if err != nil {
//		return err
//	}
//	for _, w := range res.Warnings {
//		fmt.Fprintln(os.Stderr, w)
//	}
//	res.Schema.Name = "public"
package model
