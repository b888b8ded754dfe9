// Package schemajson prints a schema as stable, indented JSON: the form of
// `gen models --format json` and `gen inspect --format json`, and of
// gen's golden tests.
//
// The document is an object with the schema's name (when set), its tables
// in the schema's order and its enum types:
//
//	{
//	  "tables": [
//	    {
//	      "name": "users",
//	      "pos": "models/user.go:8:6",
//	      "go": "User",
//	      "columns": [
//	        {"name": "id", "type": "bigserial", "null": false, "auto_increment": true, …},
//	        {"name": "email", "type": "character varying(120)", "null": true, "default": "''", …}
//	      ],
//	      "primary_key": {"columns": ["id"]},
//	      "indexes": [
//	        {"name": "uni_users_email", "unique": true, "constraint": true, "parts": [{"column": "email"}]}
//	      ]
//	    }
//	  ]
//	}
//
// A column has name, type (ColumnType.Raw), null, and when they apply
// default (the SQL text after DEFAULT), auto_increment (a serial or SQLite
// AUTOINCREMENT), identity (BY DEFAULT or ALWAYS), generated ({expr,
// type}), comment, unmanaged, renamed_from, pos and go (Type.Field). An
// index has name, unique, constraint (a unique constraint rather than a
// unique index), parts (each a column or an expr, with desc), where,
// method and pos. A foreign key has name, columns, ref_table, ref_columns,
// on_update and on_delete (empty for NO ACTION), pos and go. A table whose
// ORM cannot declare indexes or foreign keys lists them in undeclarable.
// Checks, the table comment and enum types follow the same pattern; the
// warnings printed with the schema (MarshalWarnings) come last, each with
// file, line, col, object and message. Fields that do not apply are left out, except
// null, which is always written. Positions print as file:line:col.
package schemajson
