package render

import (
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
