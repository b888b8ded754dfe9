package diff

import (
	"slices"
	"strings"
	"testing"

	"ariga.io/atlas/sql/postgres"
	"ariga.io/atlas/sql/schema"
	"github.com/google/go-cmp/cmp"

	"github.com/genmigrate/gen/attr"
	"github.com/genmigrate/gen/migrations"
)

// Builders for schema literals in tests.

func pgCol(name, typ string, null bool) *schema.Column {
	t, err := postgres.ParseType(typ)
	if err != nil {
		panic(err)
	}
	raw, err := postgres.FormatType(t)
	if err != nil {
		panic(err)
	}
	return &schema.Column{Name: name, Type: &schema.ColumnType{Type: t, Raw: raw, Null: null}}
}

// rawCol keeps the spelling given, as an inspector or loader that did not
// canonicalize would.
func rawCol(name, raw string, null bool) *schema.Column {
	return &schema.Column{Name: name, Type: &schema.ColumnType{Raw: raw, Null: null}}
}

func withDefault(c *schema.Column, e schema.Expr) *schema.Column {
	c.Default = e
	return c
}

func table(name string, cols ...*schema.Column) *schema.Table {
	t := &schema.Table{Name: name, Columns: cols}
	return t
}

func pk(t *schema.Table, cols ...string) *schema.Table {
	t.PrimaryKey = &schema.Index{Unique: true, Table: t}
	for i, c := range cols {
		col, _ := t.Column(c)
		t.PrimaryKey.Parts = append(t.PrimaryKey.Parts, &schema.IndexPart{SeqNo: i, C: col})
	}
	return t
}

func index(t *schema.Table, name string, unique bool, cols ...string) *schema.Index {
	i := &schema.Index{Name: name, Unique: unique, Table: t}
	for n, c := range cols {
		col, ok := t.Column(c)
		if !ok {
			panic("no column " + c)
		}
		i.Parts = append(i.Parts, &schema.IndexPart{SeqNo: n, C: col})
	}
	t.Indexes = append(t.Indexes, i)
	return i
}

func fk(t *schema.Table, name, col string, ref *schema.Table, refCol string) *schema.ForeignKey {
	c, _ := t.Column(col)
	rc, _ := ref.Column(refCol)
	f := &schema.ForeignKey{Symbol: name, Table: t, Columns: []*schema.Column{c}, RefTable: ref, RefColumns: []*schema.Column{rc}}
	t.ForeignKeys = append(t.ForeignKeys, f)
	return f
}

func sch(ts ...*schema.Table) *schema.Schema {
	s := &schema.Schema{Name: "public", Tables: ts}
	for _, t := range ts {
		t.Schema = s
	}
	return s
}

func users() *schema.Table {
	t := pk(table("users",
		pgCol("id", "bigserial", false),
		pgCol("username", "varchar(80)", true),
		pgCol("email", "varchar(120)", true),
		pgCol("created_at", "timestamptz", true),
	), "id")
	index(t, "uni_users_username", true, "username").Attrs = []schema.Attr{&attr.UniqueConstraint{}}
	index(t, "uni_users_email", true, "email").Attrs = []schema.Attr{&attr.UniqueConstraint{}}
	return t
}

func mustCompare(t *testing.T, dialect string, current, desired *schema.Schema) *Plan {
	t.Helper()
	p, err := Compare(current, desired, Options{Dialect: dialect})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestCompareEquivalentSpellingsAreNoChange(t *testing.T) {
	// Each pair is the same schema as the models declare it and as
	// PostgreSQL prints it back; any change reported is a phantom.
	for _, tt := range []struct {
		name             string
		current, desired *schema.Column
	}{
		{"varchar alias", rawCol("c", "character varying(80)", true), rawCol("c", "varchar(80)", true)},
		{"timestamptz alias", rawCol("c", "timestamp with time zone", true), rawCol("c", "timestamptz", true)},
		{"decimal alias", rawCol("c", "numeric", true), rawCol("c", "decimal", true)},
		{"int alias", rawCol("c", "integer", true), rawCol("c", "int4", true)},
		{"string default with cast", withDefault(pgCol("c", "varchar(10)", true), &schema.RawExpr{X: "'active'::character varying"}), withDefault(pgCol("c", "varchar(10)", true), &schema.Literal{V: "'active'"})},
		{"quote in string default", withDefault(pgCol("c", "text", true), &schema.RawExpr{X: "'it''s'::text"}), withDefault(pgCol("c", "text", true), &schema.Literal{V: "'it''s'"})},
		{"timestamptz default printed with the session offset", withDefault(pgCol("c", "timestamp with time zone", true), &schema.RawExpr{X: "'2020-02-29 12:00:00+00'::timestamp with time zone"}), withDefault(pgCol("c", "timestamptz", true), &schema.Literal{V: "'2020-02-29 12:00:00'"})},
		{"timestamptz defaults with offsets, same instant", withDefault(pgCol("c", "timestamptz", true), &schema.RawExpr{X: "'2020-02-29 12:00:00+00'::timestamp with time zone"}), withDefault(pgCol("c", "timestamptz", true), &schema.Literal{V: "'2020-02-29 13:00:00+01:00'"})},
		{"negative number default", withDefault(pgCol("c", "integer", true), &schema.RawExpr{X: "'-1'::integer"}), withDefault(pgCol("c", "integer", true), &schema.Literal{V: "-1"})},
		{"numeric default", withDefault(pgCol("c", "numeric", true), &schema.Literal{V: "1.50"}), withDefault(pgCol("c", "numeric", true), &schema.Literal{V: "1.5"})},
		{"bool default case", withDefault(pgCol("c", "boolean", true), &schema.Literal{V: "true"}), withDefault(pgCol("c", "boolean", true), &schema.Literal{V: "TRUE"})},
		{"function default case", withDefault(pgCol("c", "timestamptz", true), &schema.RawExpr{X: "now()"}), withDefault(pgCol("c", "timestamptz", true), &schema.RawExpr{X: "NOW()"})},
		{"explicit null default", pgCol("c", "text", true), withDefault(pgCol("c", "text", true), &schema.RawExpr{X: "NULL"})},
		{"cast of a call", withDefault(pgCol("c", "text", true), &schema.RawExpr{X: "(now())::text"}), withDefault(pgCol("c", "text", true), &schema.RawExpr{X: "now()::text"})},
		{"array default", withDefault(pgCol("c", "text[]", true), &schema.RawExpr{X: "'{}'::text[]"}), withDefault(pgCol("c", "text[]", true), &schema.Literal{V: "'{}'"})},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p := mustCompare(t, "postgres", sch(table("t", tt.current)), sch(table("t", tt.desired)))
			if !p.Empty() {
				t.Errorf("phantom change: %v", p.Summary())
			}
		})
	}
}

func TestCompareRealDifferencesAreReported(t *testing.T) {
	for _, tt := range []struct {
		name             string
		current, desired *schema.Column
		want             string
	}{
		{"varchar length", pgCol("c", "varchar(80)", true), pgCol("c", "varchar(100)", true), "t: modify column c: type character varying(80) → character varying(100)"},
		{"int to bigint", pgCol("c", "integer", true), pgCol("c", "bigint", true), "t: modify column c: type integer → bigint"},
		{"nullability", pgCol("c", "text", true), pgCol("c", "text", false), "t: modify column c: null → not null"},
		{"default added", pgCol("c", "integer", true), withDefault(pgCol("c", "integer", true), &schema.Literal{V: "0"}), "t: modify column c: default none → 0"},
		{"timestamptz default, another time", withDefault(pgCol("c", "timestamptz", true), &schema.RawExpr{X: "'2020-02-29 12:00:00+00'::timestamp with time zone"}), withDefault(pgCol("c", "timestamptz", true), &schema.Literal{V: "'2020-02-29 13:00:00'"}), "t: modify column c: default '2020-02-29 12:00:00+00'::timestamp with time zone → '2020-02-29 13:00:00'"},
		{"default sign", withDefault(pgCol("c", "integer", true), &schema.RawExpr{X: "'-1'::integer"}), withDefault(pgCol("c", "integer", true), &schema.Literal{V: "1"}), "t: modify column c: default '-1'::integer → 1"},
		{"string default", withDefault(pgCol("c", "text", true), &schema.Literal{V: "'a'"}), withDefault(pgCol("c", "text", true), &schema.Literal{V: "'A'"}), "t: modify column c: default 'a' → 'A'"},
		{"number vs string", withDefault(pgCol("c", "text", true), &schema.Literal{V: "'1x'"}), withDefault(pgCol("c", "text", true), &schema.Literal{V: "1"}), "t: modify column c: default '1x' → 1"},
		{"identity", pgCol("c", "bigint", false), func() *schema.Column {
			c := pgCol("c", "bigint", false)
			c.Attrs = []schema.Attr{&postgres.Identity{Generation: "BY DEFAULT"}}
			return c
		}(), "t: modify column c: identity none → BY DEFAULT"},
		{"now vs current_timestamp", withDefault(pgCol("c", "timestamptz", true), &schema.RawExpr{X: "now()"}), withDefault(pgCol("c", "timestamptz", true), &schema.RawExpr{X: "CURRENT_TIMESTAMP"}), "t: modify column c: default now() → CURRENT_TIMESTAMP"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p := mustCompare(t, "postgres", sch(table("t", tt.current)), sch(table("t", tt.desired)))
			if diff := cmp.Diff([]string{tt.want}, p.Summary()); diff != "" {
				t.Errorf("summary (-want +got):\n%s", diff)
			}
		})
	}
}

func TestCompareSeedWalkthrough(t *testing.T) {
	// The walkthrough of the README: create users, then add a timezone.
	p := mustCompare(t, "postgres", sch(), sch(users()))
	if diff := cmp.Diff([]string{"add table users"}, p.Summary()); diff != "" {
		t.Fatalf("create (-want +got):\n%s", diff)
	}
	if p := mustCompare(t, "postgres", sch(users()), sch(users())); !p.Empty() {
		t.Fatalf("same schema gave changes: %v", p.Summary())
	}
	withTZ := users()
	withTZ.Columns = append(withTZ.Columns, pgCol("timezone", "text", true))
	p = mustCompare(t, "postgres", sch(users()), sch(withTZ))
	want := []string{"users: add column timezone (text, null)"}
	if diff := cmp.Diff(want, p.Summary()); diff != "" {
		t.Fatalf("add column (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"users: drop column timezone"}, p.Reverse().Summary()); diff != "" {
		t.Fatalf("reverse (-want +got):\n%s", diff)
	}
	// A reversed drop says the data does not come back.
	down := mustCompare(t, "postgres", sch(withTZ), sch(users())).Reverse()
	if len(down.Changes) != 1 || len(down.Changes[0].Notes) != 1 || !strings.Contains(down.Changes[0].Notes[0], "not brought back") {
		t.Fatalf("reversed drop column has notes %q, want one saying the values are not brought back", down.Changes[0].Notes)
	}
}

func TestCompareRenames(t *testing.T) {
	before := pk(table("users", pgCol("id", "bigint", false), pgCol("email", "text", true)), "id")
	hinted := pk(table("users", pgCol("id", "bigint", false), pgCol("email_address", "text", true)), "id")
	unhinted := pk(table("users", pgCol("id", "bigint", false), pgCol("email_address", "text", true)), "id")
	hinted.Columns[1].Attrs = []schema.Attr{&attr.RenamedFrom{Name: "email"}}

	p := mustCompare(t, "postgres", sch(before), sch(unhinted))
	if diff := cmp.Diff([]string{"users: drop column email", "users: add column email_address (text, null)"}, p.Summary()); diff != "" {
		t.Errorf("without a hint (-want +got):\n%s", diff)
	}
	p = mustCompare(t, "postgres", sch(before), sch(hinted))
	if diff := cmp.Diff([]string{"users: rename column email to email_address"}, p.Summary()); diff != "" {
		t.Errorf("with renamed_from (-want +got):\n%s", diff)
	}
	r, err := ParseRename("users.email=email_address")
	if err != nil {
		t.Fatal(err)
	}
	p, err = Compare(sch(before), sch(unhinted), Options{Dialect: "postgres", Renames: []Rename{r}})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"users: rename column email to email_address"}, p.Summary()); diff != "" {
		t.Errorf("with --rename (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"users: rename column email_address to email"}, p.Reverse().Summary()); diff != "" {
		t.Errorf("reverse (-want +got):\n%s", diff)
	}
	for _, bad := range []string{"users.email", "email=x", "users.=x", ".a=b"} {
		if _, err := ParseRename(bad); err == nil {
			t.Errorf("ParseRename(%q) succeeded", bad)
		}
	}
}

func TestCompareIndexes(t *testing.T) {
	cur := users()
	des := users()
	// username: unique constraint → unique index (different kind, same
	// name): the same guarantee, no change (TestCompareUniqueEquivalence).
	des.Indexes[0].Attrs = nil
	// new plain index on created_at.
	index(des, "idx_users_created_at", false, "created_at")
	p := mustCompare(t, "postgres", sch(cur), sch(des))
	want := []string{
		"users: add index idx_users_created_at (created_at)",
	}
	if diff := cmp.Diff(want, p.Summary()); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}

	// A partial index whose predicate PostgreSQL printed back with
	// parentheses is unchanged; a different predicate is a change.
	a := users()
	index(a, "idx_live", false, "email").Attrs = []schema.Attr{&attr.IndexPredicate{P: "(created_at IS NOT NULL)"}}
	b := users()
	index(b, "idx_live", false, "email").Attrs = []schema.Attr{&attr.IndexPredicate{P: "created_at IS NOT NULL"}}
	if p := mustCompare(t, "postgres", sch(a), sch(b)); !p.Empty() {
		t.Errorf("same predicate gave %v", p.Summary())
	}
	c := users()
	index(c, "idx_live", false, "email").Attrs = []schema.Attr{&attr.IndexPredicate{P: "created_at IS NULL"}}
	if p := mustCompare(t, "postgres", sch(a), sch(c)); len(p.Summary()) != 2 {
		t.Errorf("changed predicate gave %v, want a drop and an add", p.Summary())
	}
}

func TestCompareExpressionIndexes(t *testing.T) {
	exprIndex := func(x string) *schema.Table {
		t := users()
		t.Indexes = append(t.Indexes, &schema.Index{Name: "idx_users_lower_email", Table: t,
			Parts: []*schema.IndexPart{{X: &schema.RawExpr{X: x}}}})
		return t
	}
	// PostgreSQL prints lower(email) on a varchar column back with a cast
	// to text; that is the index the model declared.
	if p := mustCompare(t, "postgres", sch(exprIndex("lower((email)::text)")), sch(exprIndex("lower(email)"))); !p.Empty() {
		t.Errorf("the server's spelling of the same expression gave %v", p.Summary())
	}
	if p := mustCompare(t, "postgres", sch(exprIndex("lower(email::text)")), sch(exprIndex("upper(email)"))); len(p.Summary()) != 2 {
		t.Errorf("a different expression gave %v, want a drop and an add", p.Summary())
	}
}

func TestCompareIndexCollations(t *testing.T) {
	collated := func(name string) *schema.Table {
		t := users()
		idx := index(t, "idx_users_email", false, "email")
		if name != "" {
			idx.Parts[0].Attrs = []schema.Attr{&attr.IndexCollation{Name: name}}
		}
		return t
	}
	if p := mustCompare(t, "sqlite", sch(collated("NOCASE")), sch(collated("nocase"))); !p.Empty() {
		t.Errorf("the same collation spelled in another case gave %v", p.Summary())
	}
	want := []string{"users: drop index idx_users_email", "users: add index idx_users_email (email)"}
	if diff := cmp.Diff(want, mustCompare(t, "postgres", sch(collated("C")), sch(collated(""))).Summary()); diff != "" {
		t.Errorf("dropping a collation (-want +got):\n%s", diff)
	}
	want = []string{"users: drop index idx_users_email", "users: add index idx_users_email (email collate C)"}
	if diff := cmp.Diff(want, mustCompare(t, "postgres", sch(collated("")), sch(collated("C"))).Summary()); diff != "" {
		t.Errorf("adding a collation (-want +got):\n%s", diff)
	}
}

func TestCompareIndexStorageParameters(t *testing.T) {
	with := func(params ...string) *schema.Table {
		t := users()
		idx := index(t, "idx_users_email", false, "email")
		if params != nil {
			idx.Attrs = []schema.Attr{&attr.IndexStorage{Params: params}}
		}
		return t
	}
	// The catalog's order and case are not the model's.
	if p := mustCompare(t, "postgres", sch(with("fillfactor=80", "deduplicate_items=off")), sch(with("deduplicate_items=OFF", "fillfactor=80"))); !p.Empty() {
		t.Errorf("the same parameters gave %v", p.Summary())
	}
	want := []string{"users: drop index idx_users_email", "users: add index idx_users_email (email) with (fillfactor=70)"}
	if diff := cmp.Diff(want, mustCompare(t, "postgres", sch(with("fillfactor=80")), sch(with("fillfactor=70"))).Summary()); diff != "" {
		t.Errorf("a changed fillfactor (-want +got):\n%s", diff)
	}
	if p := mustCompare(t, "postgres", sch(with("fillfactor=80")), sch(with())); len(p.Summary()) != 2 {
		t.Errorf("dropping the parameters gave %v, want a drop and an add", p.Summary())
	}
}

func TestCompareSQLiteAutoindexMatchesNamedConstraint(t *testing.T) {
	col := func(n, typ string, null bool) *schema.Column { return rawCol(n, typ, null) }
	cur := pk(table("users", col("id", "integer", true), col("email", "text", true)), "id")
	index(cur, "sqlite_autoindex_users_1", true, "email").Attrs = []schema.Attr{&attr.UniqueConstraint{}}
	des := pk(table("users", col("id", "INTEGER", false), col("email", "text", true)), "id")
	index(des, "uni_users_email", true, "email").Attrs = []schema.Attr{&attr.UniqueConstraint{}}
	// SQLite: the type's case, the primary key's nullability and the
	// autoindex name are not changes.
	if p := mustCompare(t, "sqlite", sch(cur), sch(des)); !p.Empty() {
		t.Errorf("phantom change on SQLite: %v", p.Summary())
	}
	// On PostgreSQL the same nullability difference would be real.
	pc := pk(table("t", pgCol("id", "text", true)), "id")
	pd := pk(table("t", pgCol("id", "text", false)), "id")
	if p := mustCompare(t, "postgres", sch(pc), sch(pd)); p.Empty() {
		t.Errorf("PostgreSQL: nullable primary key column reported no change")
	}
}

func TestComparePostgresForeignKeyOrdering(t *testing.T) {
	// New tables referencing each other in a cycle, and an existing table
	// dropped while another drops its reference to it.
	mkUsers := func() *schema.Table { return pk(table("users", pgCol("id", "bigint", false)), "id") }
	mkTeams := func() *schema.Table {
		return pk(table("teams", pgCol("id", "bigint", false), pgCol("owner_id", "bigint", true)), "id")
	}
	mkMembers := func() *schema.Table {
		return pk(table("members", pgCol("id", "bigint", false), pgCol("team_id", "bigint", true)), "id")
	}
	legacy := pk(table("legacy", pgCol("id", "bigint", false)), "id")
	curUsers := mkUsers()
	curUsers.Columns = append(curUsers.Columns, pgCol("legacy_id", "bigint", true))
	fk(curUsers, "fk_users_legacy", "legacy_id", legacy, "id")

	desUsers := mkUsers()
	desUsers.Columns = append(desUsers.Columns, pgCol("legacy_id", "bigint", true))
	teams, members := mkTeams(), mkMembers()
	members.Columns = append(members.Columns, pgCol("user_id", "bigint", true))
	fk(teams, "fk_teams_owner", "owner_id", members, "id") // cycle teams ↔ members
	fk(members, "fk_members_team", "team_id", teams, "id")
	fk(members, "fk_members_user", "user_id", desUsers, "id") // existing, unmodified table: inline

	p := mustCompare(t, "postgres", sch(curUsers, legacy), sch(teams, members, desUsers))
	want := []string{
		"users: drop foreign key fk_users_legacy",
		"add table members",
		"add table teams",
		"drop table legacy",
		"members: add foreign key fk_members_team (team_id) → teams (id)",
	}
	if diff := cmp.Diff(want, p.Summary()); diff != "" {
		t.Fatalf("(-want +got):\n%s", diff)
	}
	// members is created first with only its inline reference to users;
	// its reference to teams, created later, comes at the end.
	create := p.Changes[1].Op.(*Atlas).Change.(*schema.AddTable).T
	if got := len(create.ForeignKeys); got != 1 || create.ForeignKeys[0].Symbol != "fk_members_user" {
		t.Errorf("members is created with foreign keys %v, want only fk_members_user", create.ForeignKeys)
	}
	// The reverse drops the late foreign key first and re-adds the dropped one last.
	rev := p.Reverse().Summary()
	if rev[0] != "members: drop foreign key fk_members_team" || rev[len(rev)-1] != "users: add foreign key fk_users_legacy (legacy_id) → legacy (id)" {
		t.Errorf("reverse order: %q", rev)
	}
}

func TestCompareTableRenameKeepsNamesConsistent(t *testing.T) {
	old := pk(table("people", pgCol("id", "bigint", false)), "id")
	nw := pk(table("users", pgCol("id", "bigint", false), pgCol("name", "text", true)), "id")
	nw.Attrs = []schema.Attr{&attr.RenamedFrom{Name: "people"}}
	p := mustCompare(t, "postgres", sch(old), sch(nw))
	want := []string{"rename table people to users", "users: add column name (text, null)"}
	if diff := cmp.Diff(want, p.Summary()); diff != "" {
		t.Fatalf("(-want +got):\n%s", diff)
	}
	// The modification runs after the rename: both versions carry the new name,
	// and in the reverse plan it runs before the rename back.
	m := p.Changes[1]
	if m.From.Name != "users" || m.To.Name != "users" {
		t.Errorf("modify change tables named %q → %q, want users → users", m.From.Name, m.To.Name)
	}
	rev := p.Reverse()
	if diff := cmp.Diff([]string{"users: drop column name", "rename table users to people"}, rev.Summary()); diff != "" {
		t.Errorf("reverse (-want +got):\n%s", diff)
	}
	if got := rev.Changes[0].Op.(*AlterTable).T.Name; got != "users" {
		t.Errorf("reversed modify targets %q, want users", got)
	}
}

func TestCompareChecksAndUnmanaged(t *testing.T) {
	cur := pk(table("products", pgCol("id", "bigint", false), pgCol("price", "numeric", true), pgCol("legacy", "text", true)), "id")
	cur.Attrs = []schema.Attr{&schema.Check{Name: "chk_products_price", Expr: "(price > (0)::numeric)"}}
	des := pk(table("products", pgCol("id", "bigint", false), pgCol("price", "numeric", true), pgCol("legacy", "integer", true)), "id")
	des.Columns[2].Attrs = []schema.Attr{&attr.Unmanaged{}}
	des.Attrs = []schema.Attr{&schema.Check{Name: "chk_products_price", Expr: "price > 0"}}
	if p := mustCompare(t, "postgres", sch(cur), sch(des)); !p.Empty() {
		t.Errorf("phantom change: %v", p.Summary())
	}
	des.Attrs = []schema.Attr{&schema.Check{Name: "chk_products_price", Expr: "price >= 0"}}
	want := []string{"products: drop check chk_products_price", "products: add check chk_products_price (price >= 0)"}
	if diff := cmp.Diff(want, mustCompare(t, "postgres", sch(cur), sch(des)).Summary()); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestCompareEnums(t *testing.T) {
	mood := &schema.EnumType{T: "mood", Values: []string{"sad", "ok"}}
	cur := &schema.Schema{Name: "public", Objects: []schema.Object{mood}}
	moodMore := &schema.EnumType{T: "mood", Values: []string{"sad", "ok", "happy"}}
	des := &schema.Schema{Name: "public", Objects: []schema.Object{moodMore, &schema.EnumType{T: "color", Values: []string{"red"}}}}
	want := []string{"change enum type mood to (sad, ok, happy)", "add enum type color (red)"}
	if diff := cmp.Diff(want, mustCompare(t, "postgres", cur, des).Summary()); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"drop enum type mood"}, mustCompare(t, "postgres", cur, &schema.Schema{}).Summary()); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	// A type a model column names with type: but does not declare is not
	// dropped from under the column.
	usesMood := &schema.Schema{Name: "public", Tables: []*schema.Table{table("people", &schema.Column{Name: "m", Type: &schema.ColumnType{Raw: "mood", Null: true}})}}
	if p := mustCompare(t, "postgres", cur, usesMood); slices.Contains(p.Summary(), "drop enum type mood") {
		t.Errorf("dropped an enum type a model column uses: %v", p.Summary())
	}
	// A change to a type carries the tables using it, for a rebuild.
	people := table("people", &schema.Column{Name: "m", Type: &schema.ColumnType{Type: mood, Raw: "mood", Null: true}})
	other := table("other", pgCol("x", "text", true))
	cur.Tables = []*schema.Table{people, other}
	des.Tables = []*schema.Table{
		table("people", &schema.Column{Name: "m", Type: &schema.ColumnType{Type: moodMore, Raw: "mood", Null: true}}),
		table("other", pgCol("x", "text", true)),
	}
	p := mustCompare(t, "postgres", cur, des)
	if len(p.Changes) == 0 || len(p.Changes[0].Uses) != 1 || p.Changes[0].Uses[0] != people {
		t.Errorf("enum change uses %v, want the current people table", p.Changes[0].Uses)
	}
	if r := p.Reverse(); len(r.Changes[len(r.Changes)-1].Uses) != 1 {
		t.Errorf("the reversed enum change lost its uses")
	}
}

func TestCompareUnknownDialect(t *testing.T) {
	if _, err := Compare(sch(), sch(), Options{Dialect: "oracle"}); err == nil {
		t.Fatal("Compare with dialect oracle succeeded")
	}
}

func TestDeploy(t *testing.T) {
	base := func() *schema.Table {
		return pk(table("users", pgCol("id", "bigint", false), pgCol("email", "text", true)), "id")
	}
	mod := func(f func(*schema.Table)) *schema.Schema { t := base(); f(t); return sch(t) }
	for _, tt := range []struct {
		name    string
		desired *schema.Schema
		want    migrations.Deploy
	}{
		{"add nullable column", mod(func(t *schema.Table) { t.Columns = append(t.Columns, pgCol("tz", "text", true)) }), migrations.DeployAdditive},
		{"add table", sch(base(), table("x", pgCol("id", "bigint", false))), migrations.DeployAdditive},
		{"drop column", mod(func(t *schema.Table) { t.Columns = t.Columns[:1] }), migrations.DeployDestructive},
		{"drop table", sch(), migrations.DeployDestructive},
		{"set not null", mod(func(t *schema.Table) { t.Columns[1].Type.Null = false }), migrations.DeployDestructive},
		{"type change", mod(func(t *schema.Table) { t.Columns[1] = pgCol("email", "varchar(10)", true) }), migrations.DeployExpandContract},
		{"add required column", mod(func(t *schema.Table) { t.Columns = append(t.Columns, pgCol("tz", "text", false)) }), migrations.DeployExpandContract},
		{"add and drop", mod(func(t *schema.Table) { t.Columns[1] = pgCol("email2", "text", true) }), migrations.DeployExpandContract},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := mustCompare(t, "postgres", sch(base()), tt.desired).Deploy(); got != tt.want {
				t.Errorf("Deploy() = %s, want %s", got, tt.want)
			}
		})
	}
}

func TestCompareSQLiteDoubleQuotedDefault(t *testing.T) {
	// GORM's SQLite drivers write DEFAULT "active"; SQLite reads it as a string.
	cur := table("t", withDefault(rawCol("c", "text", true), &schema.RawExpr{X: `"active"`}))
	des := table("t", withDefault(rawCol("c", "text", true), &schema.Literal{V: "'active'"}))
	if p := mustCompare(t, "sqlite", sch(cur), sch(des)); !p.Empty() {
		t.Errorf("phantom change: %v", p.Summary())
	}
	other := table("t", withDefault(rawCol("c", "text", true), &schema.Literal{V: "'other'"}))
	if p := mustCompare(t, "sqlite", sch(cur), sch(other)); p.Empty() {
		t.Error("a different string default was not reported")
	}
	// On PostgreSQL a double-quoted name is a column, never a string.
	pcur := table("t", withDefault(pgCol("c", "text", true), &schema.RawExpr{X: `"active"`}))
	pdes := table("t", withDefault(pgCol("c", "text", true), &schema.Literal{V: "'active'"}))
	if p := mustCompare(t, "postgres", sch(pcur), sch(pdes)); p.Empty() {
		t.Error("PostgreSQL: a quoted identifier was taken for a string")
	}
}

func TestCompareUndeclarableKeepsTheDatabasesOwn(t *testing.T) {
	mk := func() *schema.Table {
		return pk(table("books", pgCol("id", "bigint", false), pgCol("title", "text", true), pgCol("isbn", "text", true), pgCol("author_id", "bigint", true)), "id")
	}
	authors := pk(table("authors", pgCol("id", "bigint", false)), "id")
	cur := mk()
	index(cur, "books_title_idx", false, "title")
	index(cur, "books_isbn_key", true, "isbn").Attrs = []schema.Attr{&attr.UniqueConstraint{}}
	fk(cur, "books_author_id_fkey", "author_id", authors, "id")
	des := mk()
	des.Attrs = []schema.Attr{&attr.Undeclarable{Indexes: true, ForeignKeys: true}}
	// The index and the foreign key Bun cannot declare stay; the unique
	// constraint it can declare, and no longer does, goes.
	want := []string{"books: drop unique constraint books_isbn_key"}
	if diff := cmp.Diff(want, mustCompare(t, "postgres", sch(cur, authors), sch(des, authors)).Summary()); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	// Without the attribute they are all dropped.
	if got := len(mustCompare(t, "postgres", sch(cur, authors), sch(mk(), authors)).Summary()); got != 3 {
		t.Errorf("without Undeclarable: %d changes, want 3", got)
	}
}

func TestCompareNewTableLeavesUnmanagedColumnsOut(t *testing.T) {
	// GORM's -:migration: the ORM uses the column, never creates it.
	des := pk(table("users", pgCol("id", "bigint", false), pgCol("legacy", "text", true)), "id")
	des.Columns[1].Attrs = []schema.Attr{&attr.Unmanaged{}}
	p := mustCompare(t, "postgres", sch(), sch(des))
	created := p.Changes[0].Op.(*Atlas).Change.(*schema.AddTable).T
	if len(created.Columns) != 1 || created.Columns[0].Name != "id" {
		t.Errorf("created columns %v, want only id", columnsOf(created))
	}
	if len(des.Columns) != 2 {
		t.Error("Compare modified the desired table")
	}
}

func columnsOf(t *schema.Table) []string {
	var names []string
	for _, c := range t.Columns {
		names = append(names, c.Name)
	}
	return names
}

// uniqueOn returns a table with a unique index or constraint named name
// over cols; attrs go on the index.
func uniqueOn(name string, constraint bool, cols []string, attrs ...schema.Attr) *schema.Table {
	t := pk(table("users", pgCol("id", "bigserial", false), pgCol("email", "text", true), pgCol("tenant", "bigint", true)), "id")
	i := index(t, name, true, cols...)
	if constraint {
		i.Attrs = append(i.Attrs, &attr.UniqueConstraint{})
	}
	i.Attrs = append(i.Attrs, attrs...)
	return t
}

func TestCompareUniqueEquivalence(t *testing.T) {
	email, pair, rpair := []string{"email"}, []string{"tenant", "email"}, []string{"email", "tenant"}
	// A unique constraint and a unique index over the same columns are the
	// same guarantee, whatever their names, in both directions.
	for _, tt := range []struct {
		name             string
		current, desired *schema.Table
	}{
		{"constraint of another tool, uniqueIndex in the models", uniqueOn("users_email_key", true, email), uniqueOn("idx_users_email", false, email)},
		{"unique index of another tool, unique in the models", uniqueOn("users_email_idx", false, email), uniqueOn("uni_users_email", true, email)},
		{"same name, constraint to index", uniqueOn("uni_users_email", true, email), uniqueOn("uni_users_email", false, email)},
		{"same name, index to constraint", uniqueOn("idx_users_email", false, email), uniqueOn("idx_users_email", true, email)},
		{"two columns", uniqueOn("users_tenant_email_key", true, pair), uniqueOn("idx_tenant_email", false, pair)},
		{"btree spelled out", uniqueOn("users_email_key", true, email), uniqueOn("idx_users_email", false, email, &attr.IndexMethod{T: "btree"})},
		{"another name, same kind", uniqueOn("users_email_key", true, email), uniqueOn("uni_users_email", true, email)},
	} {
		for _, d := range []string{"postgres", "sqlite"} {
			t.Run(d+"/"+tt.name, func(t *testing.T) {
				if p := mustCompare(t, d, sch(tt.current), sch(tt.desired)); !p.Empty() {
					t.Errorf("the same guarantee churns: %v", p.Summary())
				}
				if p := mustCompare(t, d, sch(tt.desired), sch(tt.current)); !p.Empty() {
					t.Errorf("reversed, the same guarantee churns: %v", p.Summary())
				}
			})
		}
	}
	// Anything that changes what is unique, or how, is a change.
	for _, tt := range []struct {
		name             string
		current, desired *schema.Table
		want             []string
	}{
		{"partial unique index", uniqueOn("users_email_key", true, email), uniqueOn("idx_users_email", false, email, &attr.IndexPredicate{P: "tenant IS NOT NULL"}), []string{
			"users: add unique index idx_users_email (email)",
			"users: drop unique constraint users_email_key",
		}},
		{"column order", uniqueOn("users_tenant_email_key", true, pair), uniqueOn("idx_email_tenant", false, rpair), []string{
			"users: add unique index idx_email_tenant (email, tenant)",
			"users: drop unique constraint users_tenant_email_key",
		}},
		{"other columns", uniqueOn("users_email_key", true, email), uniqueOn("idx_tenant_email", false, pair), []string{
			"users: add unique index idx_tenant_email (tenant, email)",
			"users: drop unique constraint users_email_key",
		}},
		{"method", uniqueOn("users_email_key", true, email), uniqueOn("idx_users_email", false, email, &attr.IndexMethod{T: "hash"}), []string{
			"users: add unique index idx_users_email (email)",
			"users: drop unique constraint users_email_key",
		}},
		{"not unique", uniqueOn("users_email_key", true, email), func() *schema.Table {
			t := uniqueOn("x", false, email)
			t.Indexes[0].Unique, t.Indexes[0].Name = false, "idx_users_email"
			return t
		}(), []string{
			"users: add index idx_users_email (email)",
			"users: drop unique constraint users_email_key",
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p := mustCompare(t, "postgres", sch(tt.current), sch(tt.desired))
			got := p.Summary()
			slices.Sort(got)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got, sorted):\n%s", diff)
			}
		})
	}
	// A collation other than the column's is not the constraint's.
	collated := uniqueOn("idx_users_email", false, email)
	collated.Indexes[0].Parts[0].Attrs = []schema.Attr{&attr.IndexCollation{Name: "C"}}
	if p := mustCompare(t, "postgres", sch(uniqueOn("users_email_key", true, email)), sch(collated)); len(p.Summary()) != 2 {
		t.Errorf("a collated unique index against a constraint gave %v, want a drop and an add", p.Summary())
	}
}

func TestCompareUniqueEquivalenceKeepsNames(t *testing.T) {
	// The name a desired index carries must be free when it is added: a
	// live index of that name is not taken for another desired index of
	// its meaning.
	cur := uniqueOn("uni_users_email", true, []string{"email"})
	des := uniqueOn("uni_users_email", true, []string{"tenant"})
	index(des, "idx_users_email", true, "email")
	want := []string{
		"users: drop unique constraint uni_users_email",
		"users: add unique constraint uni_users_email (tenant)",
		"users: add unique index idx_users_email (email)",
	}
	if diff := cmp.Diff(want, mustCompare(t, "postgres", sch(cur), sch(des)).Summary()); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	// A desired index whose name the database has for another definition
	// takes the live one of its meaning; the other is dropped.
	cur = uniqueOn("users_email_key", true, []string{"email"})
	index(cur, "idx_users_email", false, "email")
	des = uniqueOn("idx_users_email", false, []string{"email"})
	if diff := cmp.Diff([]string{"users: drop index idx_users_email"}, mustCompare(t, "postgres", sch(cur), sch(des)).Summary()); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	// Two live guarantees of one meaning: the one of the same kind stays,
	// the duplicate goes.
	cur = uniqueOn("users_email_key", true, []string{"email"})
	index(cur, "users_email_idx", true, "email")
	des = uniqueOn("idx_users_email", false, []string{"email"})
	if diff := cmp.Diff([]string{"users: drop unique constraint users_email_key"}, mustCompare(t, "postgres", sch(cur), sch(des)).Summary()); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestCompareUniqueEquivalenceLeavesForeignKeysAlone(t *testing.T) {
	// orders references users.email through the constraint another tool
	// named; the models' uniqueIndex is the same guarantee: nothing is
	// dropped, so nothing that depends on it is at risk.
	mk := func(name string, constraint bool) *schema.Schema {
		u := uniqueOn(name, constraint, []string{"email"})
		o := pk(table("orders", pgCol("id", "bigserial", false), pgCol("user_email", "text", true)), "id")
		fk(o, "fk_orders_user", "user_email", u, "email")
		return sch(u, o)
	}
	if p := mustCompare(t, "postgres", mk("users_email_key", true), mk("idx_users_email", false)); !p.Empty() {
		t.Errorf("phantom change: %v", p.Summary())
	}
}

func identityCol(name, typ, generation string) *schema.Column {
	c := pgCol(name, typ, false)
	c.Attrs = []schema.Attr{&postgres.Identity{Generation: generation}}
	return c
}

func TestCompareIdentityIsAutoIncrement(t *testing.T) {
	keyed := func(c *schema.Column) *schema.Schema {
		return sch(pk(table("users", c, pgCol("email", "text", true)), c.Name))
	}
	// GORM's auto-increment key is a serial in the models; an identity of
	// the same integer type numbers the rows as well.
	for _, tt := range []struct {
		name             string
		current, desired *schema.Column
	}{
		{"bigint by default", identityCol("id", "bigint", "BY DEFAULT"), pgCol("id", "bigserial", false)},
		{"bigint always", identityCol("id", "bigint", "ALWAYS"), pgCol("id", "bigserial", false)},
		{"generation unspelled", identityCol("id", "bigint", ""), pgCol("id", "bigserial", false)},
		{"integer", identityCol("id", "integer", "BY DEFAULT"), pgCol("id", "serial", false)},
		{"smallint", identityCol("id", "smallint", "ALWAYS"), pgCol("id", "smallserial", false)},
		{"serial spelled raw", identityCol("id", "bigint", "BY DEFAULT"), rawCol("id", "serial8", false)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if p := mustCompare(t, "postgres", keyed(tt.current), keyed(tt.desired)); !p.Empty() {
				t.Errorf("an identity where the models say auto-increment gave %v", p.Summary())
			}
		})
	}
	for _, tt := range []struct {
		name             string
		current, desired *schema.Column
		want             string
	}{
		{"wider", identityCol("id", "integer", "BY DEFAULT"), pgCol("id", "bigserial", false), "users: modify column id: type integer → bigint"},
		{"serial, the models ask for an identity", pgCol("id", "bigserial", false), identityCol("id", "bigint", "BY DEFAULT"), "users: modify column id: type bigserial → bigint, identity none → BY DEFAULT"},
		{"identity, the models ask for none", identityCol("id", "bigint", "BY DEFAULT"), pgCol("id", "bigint", false), "users: modify column id: identity BY DEFAULT → none"},
		{"identity, the models ask for another", identityCol("id", "bigint", "BY DEFAULT"), identityCol("id", "bigint", "ALWAYS"), "users: modify column id: identity BY DEFAULT → ALWAYS"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p := mustCompare(t, "postgres", keyed(tt.current), keyed(tt.desired))
			if diff := cmp.Diff([]string{tt.want}, p.Summary()); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
	// A change of width keeps the identity on both sides of the change,
	// so that no renderer turns it into a sequence; the models are not
	// modified.
	desired := keyed(pgCol("id", "bigserial", false))
	p := mustCompare(t, "postgres", keyed(identityCol("id", "integer", "ALWAYS")), desired)
	mc := p.Changes[0].Op.(*AlterTable).Ops[0].(*Atlas).Change.(*schema.ModifyColumn)
	if identityOf(mc.To) != "ALWAYS" || mc.To.Type.Raw != "bigint" {
		t.Errorf("the column wanted is %s identity %q, want bigint identity ALWAYS", mc.To.Type.Raw, identityOf(mc.To))
	}
	if c := desired.Tables[0].Columns[0]; c.Type.Raw != "bigserial" || len(c.Attrs) != 0 {
		t.Errorf("the desired column was modified: %s %v", c.Type.Raw, c.Attrs)
	}
	// Other changes of the column leave the identity alone.
	cur := identityCol("id", "bigint", "BY DEFAULT")
	des := pgCol("id", "bigserial", false)
	des.Attrs = []schema.Attr{&schema.Comment{Text: "the key"}}
	if diff := cmp.Diff([]string{"users: modify column id: comment"}, mustCompare(t, "postgres", keyed(cur), keyed(des)).Summary()); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestComparePostgresDropsForeignKeysOfDroppedTablesFirst(t *testing.T) {
	// orders references the unique constraint the plan drops from users;
	// PostgreSQL refuses to drop the constraint while the foreign key is
	// there, so the foreign key goes first, and comes back last in Down.
	mkUsers := func(unique bool) *schema.Table {
		u := pk(table("users", pgCol("id", "bigint", false), pgCol("email", "text", true)), "id")
		if unique {
			index(u, "uni_users_email", true, "email").Attrs = []schema.Attr{&attr.UniqueConstraint{}}
		}
		return u
	}
	users := mkUsers(true)
	orders := pk(table("orders", pgCol("id", "bigint", false), pgCol("user_email", "text", true), pgCol("user_id", "bigint", true)), "id")
	fk(orders, "fk_orders_user", "user_email", users, "email")
	legacy := pk(table("legacy", pgCol("id", "bigint", false)), "id")
	fk(orders, "fk_orders_legacy", "user_id", legacy, "id") // to a table dropped too: stays with its table

	p := mustCompare(t, "postgres", sch(users, orders, legacy), sch(mkUsers(false)))
	want := []string{
		"orders: drop foreign key fk_orders_user",
		"users: drop unique constraint uni_users_email",
		"drop table orders",
		"drop table legacy",
	}
	if diff := cmp.Diff(want, p.Summary()); diff != "" {
		t.Fatalf("(-want +got):\n%s", diff)
	}
	drop := p.Changes[2].Op.(*Atlas).Change.(*schema.DropTable).T
	if len(drop.ForeignKeys) != 1 || drop.ForeignKeys[0].Symbol != "fk_orders_legacy" {
		t.Errorf("orders is dropped with foreign keys %v, want only fk_orders_legacy", drop.ForeignKeys)
	}
	if len(orders.ForeignKeys) != 2 {
		t.Errorf("the current schema was modified: orders has %d foreign keys", len(orders.ForeignKeys))
	}
	wantDown := []string{
		"add table legacy",
		"add table orders",
		"users: add unique constraint uni_users_email (email)",
		"orders: add foreign key fk_orders_user (user_email) → users (email)",
	}
	if diff := cmp.Diff(wantDown, p.Reverse().Summary()); diff != "" {
		t.Errorf("reverse (-want +got):\n%s", diff)
	}
	// A dropped table referencing a table the plan leaves alone is dropped
	// with its foreign keys, as before.
	p = mustCompare(t, "postgres", sch(users, orders, legacy), sch(mkUsers(true)))
	if diff := cmp.Diff([]string{"drop table orders", "drop table legacy"}, p.Summary()); diff != "" {
		t.Errorf("unmodified reference (-want +got):\n%s", diff)
	}
}

// A foreign key of the same definition under another name (PostgreSQL's
// own orders_user_id_fkey for GORM's fk_orders_user) is no change; a
// different definition still is, and a live key whose name another
// desired key claims is not taken for this one.
func TestCompareForeignKeysByDefinition(t *testing.T) {
	build := func(name string, onDelete schema.ReferenceOption) *schema.Schema {
		users := pk(table("users", pgCol("id", "bigint", false)), "id")
		orders := pk(table("orders", pgCol("id", "bigint", false), pgCol("user_id", "bigint", true)), "id")
		fk(orders, name, "user_id", users, "id").OnDelete = onDelete
		return sch(users, orders)
	}
	if p := mustCompare(t, "postgres", build("orders_user_id_fkey", ""), build("fk_orders_user", "")); !p.Empty() {
		t.Errorf("a renamed foreign key of the same definition is a change: %q", p.Summary())
	}
	p := mustCompare(t, "postgres", build("orders_user_id_fkey", ""), build("fk_orders_user", schema.Cascade))
	want := []string{"orders: drop foreign key orders_user_id_fkey", "orders: add foreign key fk_orders_user (user_id) → users (id)"}
	if diff := cmp.Diff(want, p.Summary()); diff != "" {
		t.Errorf("a changed foreign key (-want +got):\n%s", diff)
	}
	// The live key's name is the one another desired key wants: it is that
	// key, so this one is added.
	cur := build("fk_orders_owner", "")
	desired := build("fk_orders_user", "")
	orders, _ := desired.Table("orders")
	users, _ := desired.Table("users")
	orders.Columns = append(orders.Columns, pgCol("owner_id", "bigint", true))
	fk(orders, "fk_orders_owner", "owner_id", users, "id")
	p = mustCompare(t, "postgres", cur, desired)
	want = []string{"orders: drop foreign key fk_orders_owner", "orders: add column owner_id (bigint, null)",
		"orders: add foreign key fk_orders_user (user_id) → users (id)", "orders: add foreign key fk_orders_owner (owner_id) → users (id)"}
	if diff := cmp.Diff(want, p.Summary()); diff != "" {
		t.Errorf("a claimed name (-want +got):\n%s", diff)
	}
}

// What the tags cannot declare is the database's: a table comment (no
// dialect declares one), and on a Bun or sqlx table its CHECKs and column
// comments. A GORM table's CHECKs and column comments stay managed.
func TestCompareLeavesUndeclarableAlone(t *testing.T) {
	live := func() *schema.Table {
		tb := pk(table("items", pgCol("id", "bigint", false), pgCol("price", "bigint", true)), "id")
		tb.Attrs = append(tb.Attrs, &schema.Comment{Text: "hand-written"}, &schema.Check{Name: "items_price_check", Expr: "price > 0"})
		tb.Columns[1].Attrs = append(tb.Columns[1].Attrs, &schema.Comment{Text: "in cents"})
		return tb
	}
	model := func(bun bool) *schema.Table {
		tb := pk(table("items", pgCol("id", "bigint", false), pgCol("price", "bigint", true)), "id")
		if bun {
			tb.Attrs = append(tb.Attrs, &attr.Undeclarable{Indexes: true, ForeignKeys: true, Checks: true, Comments: true})
		}
		return tb
	}
	if p := mustCompare(t, "postgres", sch(live()), sch(model(true))); !p.Empty() {
		t.Errorf("a Bun table changes what Bun cannot declare: %q", p.Summary())
	}
	want := []string{"items: drop check items_price_check", "items: modify column price: comment"}
	if diff := cmp.Diff(want, mustCompare(t, "postgres", sch(live()), sch(model(false))).Summary()); diff != "" {
		t.Errorf("a GORM table (-want +got):\n%s", diff)
	}
}
