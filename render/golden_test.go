package render

import (
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"ariga.io/atlas/sql/postgres"
	"ariga.io/atlas/sql/schema"
	"github.com/google/go-cmp/cmp"

	"github.com/genmigrate/gen/attr"
	"github.com/genmigrate/gen/diff"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// A fixture is a golden case for one dialect: the current schema (created
// before Up runs) and the plan's changes.
type fixture struct {
	// sql runs first, by hand: objects gen does not manage (domains).
	sql     []string
	enums   []*schema.EnumType // current enum types (PostgreSQL)
	setup   []*schema.Table    // current tables, created in order
	changes []*diff.Change
	// downErr is set when the Down cannot be rendered (and says why).
	downErr error
}

type goldenCase struct {
	name     string
	dialects []string
	build    func(d string) fixture
}

var both = []string{"postgres", "sqlite"}

// goldenCases has one case per kind of change. Each runs in both
// directions: Up is the plan, Down its Reverse().
var goldenCases = []goldenCase{
	{"create_table", both, func(d string) fixture {
		users := table(d, "users").
			col("id", "bigint").
			col("email", "character varying(80)", notNull).
			col("name", "text", def("'anon'"), comment("display name")).
			col("active", "boolean", notNull, def("true")).
			col("created_at", "timestamptz", defExpr("CURRENT_TIMESTAMP")).
			pk("id").
			unique("users_email_key", "email").
			idx("idx_users_name", "-name", "id").
			index("idx_users_lower_name", false, []string{"(lower(name))"}, &attr.IndexMethod{T: "hash"}).
			index("idx_users_active_email", true, []string{"email"}, &attr.IndexPredicate{P: "active"}).
			check("users_name_check", "length(name) > 0").
			comment("people who sign in").
			build()
		return fixture{changes: []*diff.Change{addTable(users)}}
	}},
	{"create_table_fk", both, func(d string) fixture {
		users := table(d, "users").col("id", "bigint").pk("id").build()
		posts := table(d, "posts").
			col("id", "bigint").
			col("user_id", "bigint", notNull).
			col("parent_id", "bigint").
			col("title", "text", notNull, def("''")).
			pk("id").
			idx("idx_posts_user_id", "user_id").
			fk("fk_posts_user", []string{"user_id"}, users, []string{"id"}, schema.Cascade).
			build()
		// A self reference: the table refers to itself.
		(&tb{t: posts, d: d}).fk("fk_posts_parent", []string{"parent_id"}, posts, []string{"id"}, schema.SetNull)
		posts.ForeignKeys[1].OnUpdate = schema.Cascade
		return fixture{setup: []*schema.Table{users}, changes: []*diff.Change{addTable(posts)}}
	}},
	{"create_table_serial", []string{"postgres"}, func(d string) fixture {
		t := table(d, "events").
			col("id", "bigserial", notNull).
			col("seq", "integer", notNull, identityOpt("ALWAYS")).
			col("a", "integer", notNull).
			col("doubled", "integer", genExpr("a * 2", "STORED")).
			namedPK("events_id_pk", "id").
			build()
		return fixture{changes: []*diff.Change{addTable(t)}}
	}},
	{"create_table_autoincrement", []string{"sqlite"}, func(d string) fixture {
		t := table(d, "events").
			col("id", "integer", autoinc).
			col("a", "integer", notNull).
			col("doubled", "integer", genExpr("a * 2", "VIRTUAL")).
			col("stamp", "datetime", defExpr("datetime('now')")).
			pk("id").
			build()
		return fixture{changes: []*diff.Change{addTable(t)}}
	}},
	{"create_table_enum", []string{"postgres"}, func(d string) fixture {
		mood := &schema.EnumType{T: "mood", Values: []string{"happy", "it's fine"}}
		t := table(d, "people").
			col("id", "bigint").
			col("mood", "text", notNull, enumOf(mood), def("'happy'")).
			pk("id").
			build()
		return fixture{changes: []*diff.Change{{Op: diff.Wrap(&schema.AddObject{O: mood})}, addTable(t)}}
	}},
	{"enum_add_value", []string{"postgres"}, func(d string) fixture {
		// The Down removes the values again: the type is rebuilt and the
		// column using it converted, its default kept.
		from := &schema.EnumType{T: "mood", Values: []string{"happy"}}
		to := &schema.EnumType{T: "mood", Values: []string{"happy", "sad", "meh"}}
		t := table(d, "people").
			col("id", "bigint").
			col("mood", "text", notNull, enumOf(from), def("'happy'")).
			pk("id").
			build()
		return fixture{
			enums:   []*schema.EnumType{from},
			setup:   []*schema.Table{t},
			changes: []*diff.Change{{Op: diff.Wrap(&schema.ModifyObject{From: from, To: to}), Uses: []*schema.Table{t}}},
		}
	}},
	{"enum_reorder", []string{"postgres"}, func(d string) fixture {
		from := &schema.EnumType{T: "mood", Values: []string{"happy", "sad"}}
		to := &schema.EnumType{T: "mood", Values: []string{"sad", "happy", "meh"}}
		t := table(d, "people").
			col("id", "bigint").
			col("mood", "text", enumOf(from)).
			pk("id").
			build()
		return fixture{
			enums:   []*schema.EnumType{from},
			setup:   []*schema.Table{t},
			changes: []*diff.Change{{Op: diff.Wrap(&schema.ModifyObject{From: from, To: to}), Uses: []*schema.Table{t}}},
		}
	}},
	{"drop_table", both, func(d string) fixture {
		t := table(d, "sessions").col("id", "bigint").col("token", "text", notNull).pk("id").idx("idx_sessions_token", "token").build()
		return fixture{setup: []*schema.Table{t}, changes: []*diff.Change{dropTable(t)}}
	}},
	{"rename_table", both, func(d string) fixture {
		from := table(d, "accounts").col("id", "bigint").pk("id").build()
		to := table(d, "members").col("id", "bigint").pk("id").build()
		return fixture{setup: []*schema.Table{from}, changes: []*diff.Change{{Op: diff.Wrap(&schema.RenameTable{From: from, To: to}), From: from, To: to}}}
	}},
	{"add_column", both, func(d string) fixture {
		from := table(d, "users").col("id", "bigint").pk("id").build()
		to := table(d, "users").col("id", "bigint").
			col("nickname", "text", def("'x'"), comment("shown in the header")).
			col("score", "integer", notNull, def("0")).
			pk("id").build()
		return fixture{setup: []*schema.Table{from}, changes: []*diff.Change{modify(from, to,
			&schema.AddColumn{C: colOf(to, "nickname")},
			&schema.AddColumn{C: colOf(to, "score")},
		)}}
	}},
	{"add_column_rebuild", both, func(d string) fixture {
		// SQLite adds neither a NOT NULL column without a default nor one
		// whose default is CURRENT_TIMESTAMP: both need a rebuild.
		from := table(d, "users").col("id", "bigint").col("name", "text").pk("id").idx("idx_users_name", "name").build()
		to := table(d, "users").col("id", "bigint").col("name", "text").
			col("seen_at", "timestamptz", defExpr("CURRENT_TIMESTAMP")).
			col("level", "integer", notNull).
			pk("id").idx("idx_users_name", "name").build()
		return fixture{setup: []*schema.Table{from}, changes: []*diff.Change{modify(from, to,
			&schema.AddColumn{C: colOf(to, "seen_at")},
			&schema.AddColumn{C: colOf(to, "level")},
		)}}
	}},
	{"drop_column", both, func(d string) fixture {
		from := table(d, "users").col("id", "bigint").col("legacy", "text").col("code", "text").
			pk("id").idx("idx_users_code", "code").build()
		to := table(d, "users").col("id", "bigint").pk("id").build()
		return fixture{setup: []*schema.Table{from}, changes: []*diff.Change{modify(from, to,
			&schema.DropIndex{I: idxOf(from, "idx_users_code")},
			&schema.DropColumn{C: colOf(from, "legacy")},
			&schema.DropColumn{C: colOf(from, "code")},
		)}}
	}},
	{"drop_column_rebuild", both, func(d string) fixture {
		// On SQLite a column a CHECK uses cannot be dropped in place.
		from := table(d, "users").col("id", "bigint").col("age", "integer").col("name", "text").
			pk("id").check("users_age_check", "age >= 0").build()
		to := table(d, "users").col("id", "bigint").col("name", "text").pk("id").build()
		return fixture{setup: []*schema.Table{from}, changes: []*diff.Change{modify(from, to,
			&schema.DropCheck{C: checkOf(from, "users_age_check")},
			&schema.DropColumn{C: colOf(from, "age")},
		)}}
	}},
	{"rename_column", both, func(d string) fixture {
		from := table(d, "users").col("id", "bigint").col("email", "text").pk("id").idx("idx_users_email", "email").build()
		to := table(d, "users").col("id", "bigint").col("email_address", "text").pk("id").idx("idx_users_email", "email_address").build()
		return fixture{setup: []*schema.Table{from}, changes: []*diff.Change{modify(from, to,
			&schema.RenameColumn{From: colOf(from, "email"), To: colOf(to, "email_address")},
		)}}
	}},
	{"rename_and_modify_column", both, func(d string) fixture {
		// diff puts the rename first; the ModifyColumn's From carries the
		// old name, To the new one.
		from := table(d, "users").col("id", "bigint").col("email", "text").col("n", "integer").pk("id").build()
		to := table(d, "users").col("id", "bigint").col("email_address", "character varying(80)", notNull, def("''")).col("n", "integer").pk("id").build()
		return fixture{setup: []*schema.Table{from}, changes: []*diff.Change{modify(from, to,
			&schema.RenameColumn{From: colOf(from, "email"), To: colOf(to, "email_address")},
			&schema.ModifyColumn{From: colOf(from, "email"), To: colOf(to, "email_address"), Change: schema.ChangeType | schema.ChangeNull | schema.ChangeDefault},
		)}}
	}},
	{"modify_type", both, func(d string) fixture {
		from := table(d, "items").col("id", "bigint").col("qty", "integer").col("code", "integer").col("label", "character varying(20)").pk("id").build()
		to := table(d, "items").col("id", "bigint").col("qty", "bigint").col("code", "text").col("label", "character varying(80)").pk("id").build()
		return fixture{setup: []*schema.Table{from}, changes: []*diff.Change{modify(from, to,
			modCol(from, to, "qty", schema.ChangeType),
			modCol(from, to, "code", schema.ChangeType),
			modCol(from, to, "label", schema.ChangeType),
		)}}
	}},
	{"modify_type_default", both, func(d string) fixture {
		// The old default cannot be cast with the column: it is dropped
		// first and the new one set after.
		from := table(d, "items").col("id", "bigint").col("level", "text", def("'0'")).pk("id").build()
		to := table(d, "items").col("id", "bigint").col("level", "integer", def("0")).pk("id").build()
		return fixture{setup: []*schema.Table{from}, changes: []*diff.Change{modify(from, to,
			modCol(from, to, "level", schema.ChangeType|schema.ChangeDefault),
		)}}
	}},
	{"modify_null", both, func(d string) fixture {
		from := table(d, "orders").col("id", "bigint").col("status", "text", def("'new'")).col("note", "text", notNull).pk("id").build()
		to := table(d, "orders").col("id", "bigint").col("status", "text", notNull, def("'new'")).col("note", "text").pk("id").build()
		return fixture{setup: []*schema.Table{from}, changes: []*diff.Change{modify(from, to,
			modCol(from, to, "status", schema.ChangeNull),
			modCol(from, to, "note", schema.ChangeNull),
		)}}
	}},
	{"modify_default", both, func(d string) fixture {
		from := table(d, "orders").col("id", "bigint").col("a", "text", def("'x'")).col("b", "integer", def("1")).col("c", "text").pk("id").build()
		to := table(d, "orders").col("id", "bigint").col("a", "text", def("'y'")).col("b", "integer").col("c", "timestamptz", defExpr("CURRENT_TIMESTAMP")).pk("id").build()
		return fixture{setup: []*schema.Table{from}, changes: []*diff.Change{modify(from, to,
			modCol(from, to, "a", schema.ChangeDefault),
			modCol(from, to, "b", schema.ChangeDefault),
			modCol(from, to, "c", schema.ChangeType|schema.ChangeDefault),
		)}}
	}},
	{"modify_comment", both, func(d string) fixture {
		// SQLite has no comments: nothing to do there.
		from := table(d, "orders").col("id", "bigint").col("a", "text", comment("old")).pk("id").build()
		to := table(d, "orders").col("id", "bigint").col("a", "text", comment("it's new")).pk("id").comment("customer orders").build()
		return fixture{setup: []*schema.Table{from}, changes: []*diff.Change{modify(from, to,
			modCol(from, to, "a", schema.ChangeComment),
			&schema.AddAttr{A: &schema.Comment{Text: "customer orders"}},
		)}}
	}},
	{"add_index", both, func(d string) fixture {
		from := table(d, "users").col("id", "bigint").col("email", "text").col("name", "text").col("active", "boolean").pk("id").build()
		to := table(d, "users").col("id", "bigint").col("email", "text").col("name", "text").col("active", "boolean").pk("id").
			idx("idx_users_name", "name", "-id").
			index("idx_users_email", true, []string{"(lower(email))"}).
			index("idx_users_active_name", false, []string{"name"}, &attr.IndexPredicate{P: "active"}).
			build()
		return fixture{setup: []*schema.Table{from}, changes: []*diff.Change{modify(from, to,
			&schema.AddIndex{I: idxOf(to, "idx_users_name")},
			&schema.AddIndex{I: idxOf(to, "idx_users_email")},
			&schema.AddIndex{I: idxOf(to, "idx_users_active_name")},
		)}}
	}},
	{"add_unique_constraint", both, func(d string) fixture {
		from := table(d, "users").col("id", "bigint").col("email", "text").col("tenant", "integer").pk("id").idx("idx_users_tenant", "tenant").build()
		to := table(d, "users").col("id", "bigint").col("email", "text").col("tenant", "integer").pk("id").idx("idx_users_tenant", "tenant").
			unique("uni_users_tenant_email", "tenant", "email").build()
		return fixture{setup: []*schema.Table{from}, changes: []*diff.Change{modify(from, to,
			&schema.AddIndex{I: idxOf(to, "uni_users_tenant_email")},
		)}}
	}},
	{"add_primary_key", both, func(d string) fixture {
		from := table(d, "tags").col("id", "bigint", notNull).col("name", "text").build()
		to := table(d, "tags").col("id", "bigint", notNull).col("name", "text").pk("id").build()
		return fixture{setup: []*schema.Table{from}, changes: []*diff.Change{modify(from, to,
			&schema.AddPrimaryKey{P: to.PrimaryKey},
		)}}
	}},
	{"change_primary_key", both, func(d string) fixture {
		from := table(d, "memberships").col("id", "bigint").col("org", "bigint", notNull).namedPK("memberships_pk", "id").build()
		to := table(d, "memberships").col("id", "bigint").col("org", "bigint", notNull).pk("org", "id").build()
		return fixture{setup: []*schema.Table{from}, changes: []*diff.Change{modify(from, to,
			&schema.DropPrimaryKey{P: from.PrimaryKey},
			&schema.AddPrimaryKey{P: to.PrimaryKey},
		)}}
	}},
	{"add_foreign_key", both, func(d string) fixture {
		users := table(d, "users").col("id", "bigint").pk("id").build()
		from := table(d, "posts").col("id", "bigint").col("user_id", "bigint").pk("id").idx("idx_posts_user_id", "user_id").build()
		to := table(d, "posts").col("id", "bigint").col("user_id", "bigint").pk("id").idx("idx_posts_user_id", "user_id").
			fk("fk_posts_user", []string{"user_id"}, users, []string{"id"}, schema.Restrict).build()
		return fixture{setup: []*schema.Table{users, from}, changes: []*diff.Change{modify(from, to,
			&schema.AddForeignKey{F: to.ForeignKeys[0]},
		)}}
	}},
	{"add_check", both, func(d string) fixture {
		from := table(d, "products").col("id", "bigint").col("price", "numeric(10,2)").pk("id").build()
		to := table(d, "products").col("id", "bigint").col("price", "numeric(10,2)").pk("id").check("chk_products_price", "price > 0").build()
		return fixture{setup: []*schema.Table{from}, changes: []*diff.Change{modify(from, to,
			&schema.AddCheck{C: checkOf(to, "chk_products_price")},
		)}}
	}},
	{"serial_from_integer", []string{"postgres"}, func(d string) fixture {
		from := table(d, "jobs").col("id", "integer").col("n", "integer").pk("id").build()
		to := table(d, "jobs").col("id", "serial").col("n", "bigserial", notNull).pk("id").build()
		return fixture{setup: []*schema.Table{from}, changes: []*diff.Change{modify(from, to,
			modCol(from, to, "id", schema.ChangeType),
			modCol(from, to, "n", schema.ChangeType|schema.ChangeNull),
		)}}
	}},
	{"serial_widen", []string{"postgres"}, func(d string) fixture {
		from := table(d, "jobs").col("id", "serial").pk("id").build()
		to := table(d, "jobs").col("id", "bigserial").pk("id").build()
		return fixture{setup: []*schema.Table{from}, changes: []*diff.Change{modify(from, to,
			modCol(from, to, "id", schema.ChangeType),
		)}}
	}},
	{"identity_from_integer", []string{"postgres"}, func(d string) fixture {
		from := table(d, "jobs").col("id", "integer", def("1")).col("n", "bigint", identityOpt("BY DEFAULT"), notNull).pk("id").build()
		to := table(d, "jobs").col("id", "integer", identityOpt("BY DEFAULT")).col("n", "bigint", identityOpt("ALWAYS"), notNull).pk("id").build()
		return fixture{setup: []*schema.Table{from}, changes: []*diff.Change{modify(from, to,
			modCol(from, to, "id", schema.ChangeType|schema.ChangeDefault),
			modCol(from, to, "n", schema.ChangeType),
		)}}
	}},
	{"identity_from_serial", []string{"postgres"}, func(d string) fixture {
		from := table(d, "jobs").col("id", "serial").pk("id").build()
		to := table(d, "jobs").col("id", "bigint", identityOpt("ALWAYS")).pk("id").build()
		return fixture{setup: []*schema.Table{from}, changes: []*diff.Change{modify(from, to,
			modCol(from, to, "id", schema.ChangeType),
		)}}
	}},
	{"create_table_fidelity", []string{"postgres"}, func(d string) fixture {
		// What databases other tools built hold (issue 8): a domain
		// column, a default naming its function qualified, INCLUDE,
		// operator classes (a column's, and GORM's expression: form),
		// NULLS NOT DISTINCT, DEFERRABLE unique and foreign keys.
		email := &postgres.DomainType{T: "email_address", Type: &schema.StringType{T: "text"}, Null: false, Default: &schema.Literal{V: "''"}}
		users := table(d, "users").col("id", "bigint").pk("id").build()
		t := table(d, "accounts").
			col("id", "bigint").
			col("user_id", "bigint").
			col("email", "email_address", domainType(email)).
			col("name", "text").
			col("tenant", "bigint").
			col("data", "jsonb").
			col("token", "uuid", defExpr("pg_catalog.gen_random_uuid()")).
			pk("id").
			index("accounts_tenant_email_key", true, []string{"tenant", "email"}, &attr.UniqueConstraint{},
				&postgres.IndexNullsDistinct{V: false}, include("name"), &attr.Deferrable{InitiallyDeferred: true}).
			index("accounts_name_pattern", false, []string{"name"}, include("tenant", "email")).
			index("accounts_data_path", false, []string{"(data jsonb_path_ops)"}, &attr.IndexMethod{T: "gin"}).
			index("accounts_email_nnd", true, []string{"email"}, &postgres.IndexNullsDistinct{V: false}).
			fk("accounts_user_id_fkey", []string{"user_id"}, users, []string{"id"}, schema.Cascade).
			build()
		opclass(t, "accounts_name_pattern", 0, "text_pattern_ops")
		fixInclude(t)
		t.ForeignKeys[0].Attrs = append(t.ForeignKeys[0].Attrs, &attr.Deferrable{})
		return fixture{sql: []string{`CREATE DOMAIN email_address AS text NOT NULL DEFAULT ''`},
			setup: []*schema.Table{users}, changes: []*diff.Change{addTable(t)}}
	}},
	{"drop_fidelity", []string{"postgres"}, func(d string) fixture {
		// The models drop what only the database declared: Down must
		// recreate each with every clause it had.
		users := table(d, "users").col("id", "bigint").pk("id").build()
		from := table(d, "accounts").col("id", "bigint").col("user_id", "bigint").col("name", "text").col("tenant", "bigint").col("data", "jsonb").
			pk("id").
			index("accounts_tenant_name_key", true, []string{"tenant", "name"}, &attr.UniqueConstraint{},
				&postgres.IndexNullsDistinct{V: false}, include("data"), &attr.Deferrable{}).
			index("accounts_name_pattern", false, []string{"name"}, include("tenant")).
			index("accounts_data_path", false, []string{"data"}, &attr.IndexMethod{T: "gin"}).
			fk("accounts_user_id_fkey", []string{"user_id"}, users, []string{"id"}, "").
			build()
		opclass(from, "accounts_name_pattern", 0, "text_pattern_ops")
		opclass(from, "accounts_data_path", 0, "jsonb_path_ops")
		fixInclude(from)
		from.ForeignKeys[0].Attrs = append(from.ForeignKeys[0].Attrs, &attr.Deferrable{InitiallyDeferred: true})
		to := table(d, "accounts").col("id", "bigint").col("user_id", "bigint").col("name", "text").col("tenant", "bigint").col("data", "jsonb").pk("id").build()
		return fixture{setup: []*schema.Table{users, from}, changes: []*diff.Change{modify(from, to,
			&schema.DropForeignKey{F: from.ForeignKeys[0]},
			&schema.DropIndex{I: idxOf(from, "accounts_tenant_name_key")},
			&schema.DropIndex{I: idxOf(from, "accounts_name_pattern")},
			&schema.DropIndex{I: idxOf(from, "accounts_data_path")},
		)}}
	}},
	{"modify_default_domain", []string{"postgres"}, func(d string) fixture {
		// The column takes its domain's default; the models set one of
		// its own. Down drops it again, and the domain's applies.
		email := &postgres.DomainType{T: "email_address", Type: &schema.StringType{T: "text"}, Null: true, Default: &schema.Literal{V: "''"}}
		from := table(d, "users").col("id", "bigint").col("email", "email_address", domainType(email)).pk("id").build()
		to := table(d, "users").col("id", "bigint").col("email", "email_address", def("'nobody@example.com'")).pk("id").build()
		return fixture{sql: []string{`CREATE DOMAIN email_address AS text DEFAULT ''`}, setup: []*schema.Table{from}, changes: []*diff.Change{modify(from, to,
			modCol(from, to, "email", schema.ChangeDefault),
		)}}
	}},
	{"generated_drop_expression", []string{"sqlite"}, func(d string) fixture {
		from := table(d, "boxes").col("id", "bigint").col("a", "integer").col("b", "integer", genExpr("a * 2", "STORED")).pk("id").build()
		to := table(d, "boxes").col("id", "bigint").col("a", "integer").col("b", "integer").pk("id").build()
		return fixture{setup: []*schema.Table{from}, changes: []*diff.Change{modify(from, to,
			modCol(from, to, "b", schema.ChangeGenerated),
		)}}
	}},
	{"autoincrement_add", []string{"sqlite"}, func(d string) fixture {
		// AUTOINCREMENT is compared (diff: the column's key generation);
		// SQLite declares it in CREATE TABLE only, so it rebuilds.
		from := table(d, "tickets").col("id", "integer").col("title", "text").pk("id").build()
		to := table(d, "tickets").col("id", "integer", autoinc).col("title", "text").pk("id").build()
		return fixture{setup: []*schema.Table{from}, changes: []*diff.Change{modify(from, to, modCol(from, to, "id", schema.ChangeType))}}
	}},
	{"rebuild_keeps_undeclarable", []string{"sqlite"}, func(d string) fixture {
		// A Bun table: its hand-made indexes (an expression one, a partial
		// one), its foreign key (with its actions), its CHECK and its
		// trigger are in the database only; the rebuild keeps them all.
		audit := table(d, "audit").col("msg", "text").build()
		owners := table(d, "owners").col("id", "integer", autoinc).pk("id").build()
		from := table(d, "items").col("id", "integer", autoinc).col("owner_id", "integer").col("sku", "text", notNull).col("price", "integer").
			pk("id").
			index("items_lower_sku", false, []string{"(lower(sku))"}).
			index("items_priced", false, []string{"price"}, &attr.IndexPredicate{P: "price > 0"}).
			fk("fk_items_owner", []string{"owner_id"}, owners, []string{"id"}, schema.Cascade).
			check("items_sku_set", "sku <> ''").build()
		from.ForeignKeys[0].OnUpdate = schema.SetNull
		from.Attrs = append(from.Attrs, &attr.Trigger{Name: "items_audit", SQL: "CREATE TRIGGER items_audit AFTER INSERT ON items BEGIN INSERT INTO audit VALUES ('new ' || NEW.sku); END"})
		to := table(d, "items").col("id", "integer", autoinc).col("owner_id", "integer").col("sku", "text", notNull).col("price", "text").
			pk("id").build()
		// The CHECK is not declared and not dropped: the change leaves it.
		to.Attrs = append(to.Attrs, &attr.Undeclarable{Indexes: true, ForeignKeys: true})
		return fixture{setup: []*schema.Table{audit, owners, from}, changes: []*diff.Change{modify(from, to, modCol(from, to, "price", schema.ChangeType))}}
	}},
	{"rebuild_rename_and_retype", []string{"sqlite"}, func(d string) fixture {
		// One rebuild does every sub-change: the renamed column is copied
		// from its old name.
		from := table(d, "notes").col("id", "integer").col("body", "text").col("n", "integer").col("dropped", "text").
			pk("id").idx("idx_notes_n", "n").unique("uni_notes_body", "body").build()
		to := table(d, "notes").col("id", "integer").col("content", "text").col("n", "text", notNull, def("'0'")).col("added", "text").
			pk("id").idx("idx_notes_n", "n").build()
		return fixture{setup: []*schema.Table{from}, changes: []*diff.Change{modify(from, to,
			&schema.DropIndex{I: idxOf(from, "uni_notes_body")},
			&schema.RenameColumn{From: colOf(from, "body"), To: colOf(to, "content")},
			&schema.DropColumn{C: colOf(from, "dropped")},
			modCol(from, to, "n", schema.ChangeType|schema.ChangeNull|schema.ChangeDefault),
			&schema.AddColumn{C: colOf(to, "added")},
		)}}
	}},
}

// formatScript writes a script as a migration file shows it.
func formatScript(s *Script) string {
	var b strings.Builder
	if s.NoTransaction {
		b.WriteString("-- (runs outside a transaction)\n")
	}
	for _, st := range s.Stmts {
		for _, c := range st.Comments {
			b.WriteString("-- " + c + "\n")
		}
		b.WriteString(st.SQL + ";\n\n")
	}
	return b.String()
}

func plan(d string, changes []*diff.Change) *diff.Plan {
	return &diff.Plan{Dialect: d, Changes: changes}
}

// renderBoth renders the Up and the Down of a fixture.
func renderBoth(t *testing.T, d string, f fixture) (up, down *Script) {
	t.Helper()
	p := plan(d, f.changes)
	up, err := Render(p)
	if err != nil {
		t.Fatalf("rendering Up: %v", err)
	}
	down, err = Render(p.Reverse())
	switch {
	case f.downErr != nil && !errors.Is(err, f.downErr):
		t.Fatalf("rendering Down: got error %v, want %v", err, f.downErr)
	case f.downErr == nil && err != nil:
		t.Fatalf("rendering Down: %v", err)
	}
	return up, down
}

func TestGolden(t *testing.T) {
	for _, gc := range goldenCases {
		for _, d := range gc.dialects {
			t.Run(d+"/"+gc.name, func(t *testing.T) {
				f := gc.build(d)
				p := plan(d, f.changes)
				up, err := Render(p)
				if err != nil {
					t.Fatalf("rendering Up: %v", err)
				}
				got := "-- Up\n\n" + formatScript(up) + "-- Down\n\n"
				down, err := Render(p.Reverse())
				switch {
				case f.downErr != nil:
					if !errors.Is(err, f.downErr) {
						t.Fatalf("rendering Down: got error %v, want %v", err, f.downErr)
					}
					got += "-- error: " + err.Error() + "\n"
				case err != nil:
					t.Fatalf("rendering Down: %v", err)
				default:
					got += formatScript(down)
				}
				path := filepath.Join("testdata", d, gc.name+".sql")
				if *update {
					if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
						t.Fatal(err)
					}
					return
				}
				want, err := os.ReadFile(path)
				if err != nil {
					t.Fatalf("reading golden file (run go test ./render -update to create it): %v", err)
				}
				if diff := cmp.Diff(string(want), got); diff != "" {
					t.Errorf("%s differs (-want +got; go test ./render -update rewrites it):\n%s", path, diff)
				}
			})
		}
	}
}
