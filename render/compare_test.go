package render

import (
	"slices"
	"testing"

	"ariga.io/atlas/sql/schema"
	"github.com/google/go-cmp/cmp"

	"github.com/genmigrate/gen/attr"
	"github.com/genmigrate/gen/diff"
)

func realm(ts ...*schema.Table) *schema.Schema {
	s := &schema.Schema{Name: "main", Tables: ts}
	for _, t := range ts {
		t.Schema = s
	}
	return s
}

// TestComparedPlansApply renders plans that diff.Compare makes, for
// changes that touch several tables at once, and checks on a real
// database that Up gives the schema a fresh CREATE of the desired models
// gives, and that Down gives back the current one.
func TestComparedPlansApply(t *testing.T) {
	current := func(d string) *schema.Schema {
		users := table(d, "users").col("id", "bigint").col("email", "text").col("name", "text").pk("id").build()
		posts := table(d, "posts").col("id", "bigint").col("user_id", "bigint").col("body", "text").col("legacy", "integer").pk("id").
			idx("idx_posts_user_id", "user_id").
			fk("fk_posts_user", []string{"user_id"}, users, []string{"id"}, "").build()
		tags := table(d, "tags").col("id", "bigint").col("label", "text").pk("id").build()
		return realm(users, posts, tags)
	}
	desired := func(d string) *schema.Schema {
		users := table(d, "users").col("id", "bigint").
			col("email", "character varying(80)", notNull, def("''")).
			col("full_name", "text").
			col("created_at", "timestamptz", defExpr("CURRENT_TIMESTAMP")).
			pk("id").unique("uni_users_email", "email").build()
		colOf(users, "full_name").Attrs = append(colOf(users, "full_name").Attrs, &attr.RenamedFrom{Name: "name"})
		posts := table(d, "posts").col("id", "bigint").col("user_id", "bigint", notNull, def("0")).col("body", "text").pk("id").
			idx("idx_posts_user_id", "user_id").
			fk("fk_posts_user", []string{"user_id"}, users, []string{"id"}, schema.Cascade).build()
		comments := table(d, "comments").col("id", "bigint").col("post_id", "bigint", notNull).pk("id").
			fk("fk_comments_post", []string{"post_id"}, posts, []string{"id"}, schema.Cascade).build()
		return realm(users, posts, comments)
	}
	for _, d := range both {
		t.Run(d, func(t *testing.T) {
			t.Parallel()
			newExec := func() executor {
				if d == "postgres" {
					return newPGExec(t)
				}
				return newSQLiteExec(t)
			}
			apply := func(ex executor, from, to *schema.Schema) *diff.Plan {
				t.Helper()
				p, err := diff.Compare(from, to, diff.Options{Dialect: d})
				if err != nil {
					t.Fatal(err)
				}
				s, err := Render(p)
				if err != nil {
					t.Fatal(err)
				}
				if err := ex.run(t, s); err != nil {
					t.Fatalf("applying:\n%s\n%v", formatScript(s), err)
				}
				return p
			}

			fresh := newExec()
			apply(fresh, nil, desired(d))
			want := fresh.snapshot(t)

			ex := newExec()
			apply(ex, nil, current(d))
			before := ex.snapshot(t)
			p := apply(ex, current(d), desired(d))
			if diff := cmp.Diff(want, ex.snapshot(t)); diff != "" {
				t.Errorf("Up gave another schema than creating the models afresh (-fresh +upgraded):\n%s", diff)
			}
			down, err := Render(p.Reverse())
			if err != nil {
				t.Fatal(err)
			}
			if err := ex.run(t, down); err != nil {
				t.Fatalf("running Down:\n%s\n%v", formatScript(down), err)
			}
			if diff := cmp.Diff(before, ex.snapshot(t)); diff != "" {
				t.Errorf("Down did not restore the schema (-before +after Down):\n%s", diff)
			}
		})
	}
}

// TestStagedPlansApply applies the same plan as TestComparedPlansApply the
// way gen migrate writes it when the rows were not counted: split into
// stages (diff.Plan.Stages), with PostgreSQL's online forms (NOT VALID and
// VALIDATE, CONCURRENTLY, USING INDEX, NOT NULL through a CHECK) and the
// backfills. Applied in order they must give the schema the models
// declare; their Downs, in reverse order, the schema before.
func TestStagedPlansApply(t *testing.T) {
	current := func(d string) *schema.Schema {
		users := table(d, "users").col("id", "bigint").col("email", "text").col("nick", "text").col("age", "bigint").pk("id").build()
		posts := table(d, "posts").col("id", "bigint").col("user_id", "bigint").col("body", "text").pk("id").
			idx("idx_posts_body", "body").build()
		return realm(users, posts)
	}
	desired := func(d string) *schema.Schema {
		users := table(d, "users").col("id", "bigint").col("email", "text", notNull, def("''")).
			col("nick", "text", notNull).col("age", "bigint").col("tz", "text", notNull).
			pk("id").unique("uni_users_email", "email").idx("idx_users_age", "age").build()
		users.Attrs = append(users.Attrs, &schema.Check{Name: "chk_users_age", Expr: "age > 0"})
		posts := table(d, "posts").col("id", "bigint").col("user_id", "bigint").col("body", "text").pk("id").
			fk("fk_posts_user", []string{"user_id"}, users, []string{"id"}, "").build()
		return realm(users, posts)
	}
	for _, d := range both {
		t.Run(d, func(t *testing.T) {
			t.Parallel()
			newExec := func() executor {
				if d == "postgres" {
					return newPGExec(t)
				}
				return newSQLiteExec(t)
			}
			run := func(ex executor, p *diff.Plan) {
				t.Helper()
				s, err := Render(p)
				if err != nil {
					t.Fatal(err)
				}
				if err := ex.run(t, s); err != nil {
					t.Fatalf("applying:\n%s\n%v", formatScript(s), err)
				}
			}
			fresh := newExec()
			create, err := diff.Compare(nil, desired(d), diff.Options{Dialect: d})
			if err != nil {
				t.Fatal(err)
			}
			run(fresh, create)
			want := fresh.snapshot(t)

			ex := newExec()
			base, err := diff.Compare(nil, current(d), diff.Options{Dialect: d})
			if err != nil {
				t.Fatal(err)
			}
			run(ex, base)
			before := ex.snapshot(t)
			p, err := diff.Compare(current(d), desired(d), diff.Options{Dialect: d})
			if err != nil {
				t.Fatal(err)
			}
			stages := p.Stages()
			kinds := make([]string, len(stages))
			for i, st := range stages {
				kinds[i] = st.Kind
				run(ex, st.Plan)
			}
			wantKinds := map[string][]string{"postgres": {diff.StageMain, diff.StageBackfill, diff.StageOnline}, "sqlite": {diff.StageMain, diff.StageBackfill, diff.StageEnforce}}[d]
			if !slices.Equal(kinds, wantKinds) {
				t.Errorf("stages %q, want %q", kinds, wantKinds)
			}
			if diff := cmp.Diff(want, ex.snapshot(t)); diff != "" {
				t.Errorf("the stages gave another schema than creating the models afresh (-fresh +staged):\n%s", diff)
			}
			for i := len(stages) - 1; i >= 0; i-- {
				run(ex, stages[i].Plan.Reverse())
			}
			if diff := cmp.Diff(before, ex.snapshot(t)); diff != "" {
				t.Errorf("the Downs did not restore the schema (-before +after):\n%s", diff)
			}
		})
	}
}
