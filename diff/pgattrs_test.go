package diff

import (
	"testing"

	"ariga.io/atlas/sql/postgres"
	"ariga.io/atlas/sql/schema"
	"github.com/google/go-cmp/cmp"

	"github.com/genmigrate/gen/attr"
)

// TestComparePostgresIndexFidelity: INCLUDE columns, operator classes and
// NULLS NOT DISTINCT are part of an index; GORM's expression:name
// gin_trgm_ops is the column with that operator class.
func TestComparePostgresIndexFidelity(t *testing.T) {
	with := func(attrs []schema.Attr, partAttrs ...schema.Attr) *schema.Table {
		tb := users()
		i := index(tb, "idx_users_email", true, "email")
		i.Attrs = attrs
		i.Parts[0].Attrs = partAttrs
		return tb
	}
	include := func(tb *schema.Table, cols ...string) *schema.Table {
		inc := &postgres.IndexInclude{}
		for _, c := range cols {
			col, _ := tb.Column(c)
			inc.Columns = append(inc.Columns, col)
		}
		i := tb.Indexes[len(tb.Indexes)-1]
		i.Attrs = append(i.Attrs, inc)
		return tb
	}
	nnd := &postgres.IndexNullsDistinct{V: false}
	pattern := &postgres.IndexOpClass{Name: "varchar_pattern_ops"}
	for _, tt := range []struct {
		name          string
		current, want *schema.Table
		changes       []string
	}{
		{"include kept", include(with(nil), "username"), include(with(nil), "username"), nil},
		{"include dropped", include(with(nil), "username"), with(nil),
			[]string{"users: drop unique index idx_users_email", "users: add unique index idx_users_email (email)"}},
		{"include changed", include(with(nil), "username"), include(with(nil), "created_at"),
			[]string{"users: drop unique index idx_users_email", "users: add unique index idx_users_email (email) include (created_at)"}},
		{"nulls not distinct kept", with([]schema.Attr{nnd}), with([]schema.Attr{nnd}), nil},
		{"nulls not distinct added", with(nil), with([]schema.Attr{nnd}),
			[]string{"users: drop unique index idx_users_email", "users: add unique index idx_users_email (email) nulls not distinct"}},
		{"nulls distinct, said so", with(nil), with([]schema.Attr{&postgres.IndexNullsDistinct{V: true}}), nil},
		{"operator class kept, case and schema aside", with(nil, pattern), with(nil, &postgres.IndexOpClass{Name: "pg_catalog.VARCHAR_PATTERN_OPS"}), nil},
		{"operator class dropped", with(nil, pattern), with(nil),
			[]string{"users: drop unique index idx_users_email", "users: add unique index idx_users_email (email)"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := mustCompare(t, "postgres", sch(tt.current), sch(tt.want)).Summary()
			if diff := cmp.Diff(tt.changes, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}

	// GORM: index:,type:gin,expression:username gin_trgm_ops.
	trgm := func(expr bool) *schema.Table {
		tb := users()
		i := index(tb, "idx_users_trgm", false, "username")
		i.Attrs = []schema.Attr{&attr.IndexMethod{T: "gin"}}
		if expr {
			i.Parts[0] = &schema.IndexPart{X: &schema.RawExpr{X: "username gin_trgm_ops"}}
		} else {
			i.Parts[0].Attrs = []schema.Attr{&postgres.IndexOpClass{Name: "public.gin_trgm_ops"}}
		}
		return tb
	}
	if p := mustCompare(t, "postgres", sch(trgm(false)), sch(trgm(true))); !p.Empty() {
		t.Errorf("expression:username gin_trgm_ops against the live operator class gave %v", p.Summary())
	}
	other := trgm(true)
	other.Indexes[len(other.Indexes)-1].Parts[0].X = &schema.RawExpr{X: "username gist_trgm_ops"}
	if p := mustCompare(t, "postgres", sch(trgm(false)), sch(other)); p.Empty() {
		t.Error("another operator class gave no change")
	}
	desc := trgm(true)
	desc.Indexes[len(desc.Indexes)-1].Parts[0].X = &schema.RawExpr{X: "username desc"}
	if p := mustCompare(t, "postgres", sch(trgm(false)), sch(desc)); p.Empty() {
		t.Error("expression:username desc was taken for an operator class")
	}
}

// TestComparePostgresDeferrable: DEFERRABLE is compared when the models
// declare it; a deferrable constraint of the database against models that
// say nothing (no tag dialect can) is kept.
func TestComparePostgresDeferrable(t *testing.T) {
	orders := func(fkAttrs, uniqueAttrs []schema.Attr) *schema.Schema {
		u := users()
		for _, i := range u.Indexes {
			if i.Name == "uni_users_email" {
				i.Attrs = append(i.Attrs, uniqueAttrs...)
			}
		}
		o := pk(table("orders", pgCol("id", "bigint", false), pgCol("user_id", "bigint", true)), "id")
		fk(o, "fk_orders_user", "user_id", u, "id").Attrs = fkAttrs
		return sch(u, o)
	}
	deferred := []schema.Attr{&attr.Deferrable{InitiallyDeferred: true}}
	deferrable := []schema.Attr{&attr.Deferrable{}}
	if p := mustCompare(t, "postgres", orders(deferred, deferrable), orders(nil, nil)); !p.Empty() {
		t.Errorf("models saying nothing of DEFERRABLE gave %v", p.Summary())
	}
	if p := mustCompare(t, "postgres", orders(deferred, deferrable), orders(deferred, deferrable)); !p.Empty() {
		t.Errorf("the same DEFERRABLE gave %v", p.Summary())
	}
	want := []string{
		"orders: drop foreign key fk_orders_user",
		"users: drop unique constraint uni_users_email",
		"users: add unique constraint uni_users_email (email) deferrable initially deferred",
		"orders: add foreign key fk_orders_user (user_id) → users (id) deferrable",
	}
	if diff := cmp.Diff(want, mustCompare(t, "postgres", orders(deferred, deferrable), orders(deferrable, deferred)).Summary()); diff != "" {
		t.Errorf("another DEFERRABLE (-want +got):\n%s", diff)
	}
	// A unique index is checked at once: it is not the guarantee of a
	// constraint the models declare deferrable.
	idx := users()
	idx.Indexes[1].Attrs = nil
	u := users()
	u.Indexes[1].Attrs = append(u.Indexes[1].Attrs, &attr.Deferrable{})
	if p := mustCompare(t, "postgres", sch(idx), sch(u)); p.Empty() {
		t.Error("a unique index against a deferrable unique constraint gave no change")
	}
}

// TestComparePostgresDomains: a column of a domain takes the domain's
// NOT NULL and default; models declaring them, or saying nothing, are no
// change, and another default is one.
func TestComparePostgresDomains(t *testing.T) {
	dom := &postgres.DomainType{T: "email_address", Type: &schema.StringType{T: "text"}, Null: false, Default: &schema.Literal{V: "''"}}
	live := func() *schema.Schema {
		c := &schema.Column{Name: "email", Type: &schema.ColumnType{Type: dom, Raw: "email_address", Null: true}}
		return sch(pk(table("people", pgCol("id", "bigint", false), c), "id"))
	}
	model := func(null bool, def schema.Expr) *schema.Schema {
		c := withDefault(rawCol("email", "email_address", null), def)
		return sch(pk(table("people", pgCol("id", "bigint", false), c), "id"))
	}
	for _, tt := range []struct {
		name    string
		desired *schema.Schema
		want    []string
	}{
		{"not null and default as the domain's", model(false, &schema.Literal{V: "''"}), nil},
		{"nothing said", model(true, nil), nil},
		{"another default", model(false, &schema.Literal{V: "'x'"}), []string{"people: modify column email: default none → 'x'"}},
		{"the base type", sch(pk(table("people", pgCol("id", "bigint", false), pgCol("email", "text", false)), "id")),
			[]string{"people: modify column email: type email_address → text"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, mustCompare(t, "postgres", live(), tt.desired).Summary()); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// TestComparePostgresQualifiedCalls: under the search_path, a default
// calling a function qualified by one of its schemas names the function
// PostgreSQL prints unqualified.
func TestComparePostgresQualifiedCalls(t *testing.T) {
	s := func(def string, path ...string) *schema.Schema {
		c := withDefault(pgCol("token", "uuid", true), &schema.RawExpr{X: def})
		out := sch(pk(table("t", pgCol("id", "bigint", false), c), "id"))
		if path != nil {
			out.Attrs = []schema.Attr{&attr.SearchPath{Schemas: path}}
		}
		return out
	}
	path := []string{"pg_catalog", "app", "public"}
	for _, tt := range []struct {
		live, model string
		same        bool
	}{
		{"gen_random_uuid()", "public.gen_random_uuid()", true},
		{"gen_random_uuid()", "pg_catalog.gen_random_uuid()", true},
		{"next_id()", `"app".next_id()`, true},
		{"(next_id() || 'x'::text)", "app.next_id() || 'x'", true},
		{"other.next_id()", "next_id()", false},
		{"next_id()", "other.next_id()", false},
		{"app_x()", "app.x()", false},
	} {
		p := mustCompare(t, "postgres", s(tt.live, path...), s(tt.model))
		if p.Empty() != tt.same {
			t.Errorf("live %s, models %s: same = %v, want %v (%v)", tt.live, tt.model, p.Empty(), tt.same, p.Summary())
		}
	}
	if p := mustCompare(t, "postgres", s("gen_random_uuid()"), s("public.gen_random_uuid()")); p.Empty() {
		t.Error("without the search_path, a qualified call compared equal to an unqualified one")
	}
}
