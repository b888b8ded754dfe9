package diff

import "testing"

// BenchmarkExprEqual compares a model's CHECK with PostgreSQL's print of it,
// as diff does for every CHECK, index expression and predicate.
func BenchmarkExprEqual(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if !exprEqual("status IN ('a', 'b') AND price > 0 AND lower(email) <> ''",
			"(((status)::text = ANY ((ARRAY['a'::character varying, 'b'::character varying])::text[])) AND (price > (0)::numeric) AND (lower((email)::text) <> ''::text))") {
			b.Fatal("not equal")
		}
	}
}
