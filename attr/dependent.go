package attr

import "ariga.io/atlas/sql/schema"

type (
	// Dependents are, in a schema's Attrs, the objects of the database
	// that read columns of the schema's tables and that gen does not
	// manage: views, materialized views and rules (PostgreSQL), in an
	// order where each comes after what it reads. PostgreSQL refuses to
	// change the type of a column one of them reads, and to drop a column
	// or table one of them reads; diff plans around the first (drops them
	// before the change and recreates them after it, from their own
	// definitions) and flags the second.
	Dependents struct {
		schema.Attr
		List []*Dependent
	}

	// A Dependent is one view, materialized view or rule, as the catalog
	// defines it.
	Dependent struct {
		// Kind is "view", "materialized view" or "rule".
		Kind string
		// Name names it for people: the view's name (schema-qualified when
		// it is not in the inspected schema), or "rule ON table".
		Name string
		// Reads are the columns of the schema's tables it reads directly;
		// Column is "" for a whole-row reference.
		Reads []ColumnRef
		// After names the dependents (by Name) it reads or is defined on:
		// they are recreated before it and dropped after it.
		After []string
		// Exists is an SQL boolean expression true when it exists: a
		// database built by the migrations alone may not have it.
		Exists string
		// Drop is the statement that drops it (IF EXISTS).
		Drop string
		// Create are the statements that recreate it: the catalog's own
		// definition, then what dropping it took with it (a materialized
		// view's indexes, a view's triggers, comments, grants).
		Create []string
	}

	// Regenerated marks, on the copy of a generated column that a
	// DropColumn drops (and of an index on it that a DropIndex drops),
	// that the same change adds it again: dropped only so that a column it
	// reads can change type (PostgreSQL refuses that under a generated
	// column). Its values are computed again; nothing is lost.
	Regenerated struct {
		schema.Attr
	}

	// A ColumnRef names a column of a table.
	ColumnRef struct {
		Table, Column string
	}
)
