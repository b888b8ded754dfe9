// Package attr holds gen's own schema attributes: facts that ride in the
// Attrs of ariga.io/atlas/sql/schema objects and mean the same on every
// dialect. Dialect-only facts use Atlas's own dialect types instead
// (postgres.SerialType, postgres.Identity, sqlite.AutoIncrement).
//
// The model loader sets them on the desired schema, the inspectors set them
// on the live schema, diff compares them and render prints them.
package attr

import "ariga.io/atlas/sql/schema"

type (
	// UniqueConstraint marks a unique schema.Index that is a table constraint
	// (ALTER TABLE … ADD CONSTRAINT name UNIQUE (…)) rather than a unique
	// index (CREATE UNIQUE INDEX). GORM's `unique` and Bun's `unique` create
	// constraints; GORM's `uniqueIndex` creates an index.
	UniqueConstraint struct{ schema.Attr }

	// IndexPredicate is the WHERE clause of a partial index, without the
	// WHERE keyword, as the database prints it (inspectors) or as the model
	// declares it (loader). diff normalizes both before comparing.
	IndexPredicate struct {
		schema.Attr
		P string
	}

	// IndexMethod is the access method of an index (PostgreSQL USING), in
	// lower case. It is present only when the method is not the dialect's
	// default (btree).
	IndexMethod struct {
		schema.Attr
		T string
	}

	// IndexCollation is the collation of an index key column, on the
	// IndexPart, when it is not the column's own (GORM's collate:). Name
	// is unquoted, as the catalog names it ("C", "NOCASE").
	IndexCollation struct {
		schema.Attr
		Name string
	}

	// IndexStorage holds the storage parameters of a PostgreSQL index
	// (CREATE INDEX … WITH (fillfactor = 70)), each "name=value" as
	// pg_class.reloptions lists them: name in lower case, value unquoted.
	// Absent when the index has none.
	IndexStorage struct {
		schema.Attr
		Params []string
	}

	// Deferrable marks a PostgreSQL unique constraint or foreign key
	// declared DEFERRABLE, in the Attrs of its schema.Index or
	// schema.ForeignKey; InitiallyDeferred is INITIALLY DEFERRED. Absent
	// on a constraint that is NOT DEFERRABLE (the default). Atlas has no
	// attribute for it. A deferrable unique constraint is not the same
	// guarantee as a unique index: it is checked at commit, and no foreign
	// key can reference it.
	Deferrable struct {
		schema.Attr
		InitiallyDeferred bool
	}

	// SearchPath is in the Attrs of the live schema.Schema (PostgreSQL
	// inspector): the schemas the connection resolves unqualified names
	// in, in order, as current_schemas(true) lists them (pg_catalog
	// included). diff compares a default naming a function qualified by
	// one of them (public.gen_random_uuid()) equal to the same call
	// unqualified, which is how the database prints it back.
	SearchPath struct {
		schema.Attr
		Schemas []string
	}

	// RenamedFrom is the `gen:"renamed_from=old"` hint on a column or table:
	// the name the object had before. diff turns a drop of the old name plus
	// an add of the new one into a rename.
	RenamedFrom struct {
		schema.Attr
		Name string
	}

	// Unmanaged marks a column the models declare but gen must not manage
	// (GORM `-:migration`): diff neither adds nor drops nor alters it.
	Unmanaged struct{ schema.Attr }

	// InvalidIndex marks a live index PostgreSQL holds as INVALID
	// (pg_index.indisvalid false: a concurrent build that failed). It
	// enforces nothing and serves no query, so diff never takes it for
	// the index the models want: it is dropped and built again.
	InvalidIndex struct{ schema.Attr }

	// Undeclarable marks a table whose ORM cannot declare some kinds of
	// objects in its tags: Bun declares no indexes (they come from
	// NewCreateIndex code), by default no foreign keys, and no CHECKs or
	// comments; sqlx declares none of these. diff leaves such objects that
	// the database has and the models do not declare alone, instead of
	// dropping them. Unique constraints, which Bun does declare, stay
	// managed.
	Undeclarable struct {
		schema.Attr
		Indexes, ForeignKeys, Checks, Comments bool
	}

	// Trigger is a trigger of a table, in the table's Attrs (in name
	// order): its name and its CREATE TRIGGER statement exactly as the
	// database keeps it (SQLite: sqlite_schema.sql). gen does not manage
	// triggers: the models declare none, diff never adds, drops or
	// compares them; render recreates them verbatim where a statement it
	// writes would lose them (a SQLite table rebuild drops the table and
	// its triggers with it).
	Trigger struct {
		schema.Attr
		Name, SQL string
	}

	// GoName names the Go declaration an object came from, for messages:
	// Type is the struct name, Field the field name (empty on tables).
	GoName struct {
		schema.Attr
		Type, Field string
	}

	// FoundBy says, on a table of the models, how gen found that the
	// struct is a table ("registered by AutoMigrate at cmd/db.go:40:9",
	// "has gorm tags", "listed in gen.yaml tables:"), for gen models. It
	// is a fact about the Go source, not the database: diff ignores it.
	FoundBy struct {
		schema.Attr
		How string
	}
)

// Has reports whether attrs holds an attribute of type T.
func Has[T schema.Attr](attrs []schema.Attr) bool {
	_, ok := Get[T](attrs)
	return ok
}

// Get returns the first attribute of type T in attrs.
func Get[T schema.Attr](attrs []schema.Attr) (T, bool) {
	for _, a := range attrs {
		if t, ok := a.(T); ok {
			return t, true
		}
	}
	var zero T
	return zero, false
}
