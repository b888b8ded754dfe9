package diff

import "testing"

// TestReadsAny: what a generated column reads decides whether a type
// change drops and re-adds it; a word in a string or a comment is not a
// read, a quoted name keeps its case.
func TestReadsAny(t *testing.T) {
	cols := map[string]bool{"qty": true, "Price": true}
	for _, tc := range []struct {
		expr string
		want bool
	}{
		{"price * qty", true},
		{"(QTY)::numeric", true},
		{`"Price" * 2`, true},
		{"price * 2", false}, // price is not "Price"
		{"'qty' || note", false},
		{"note /* qty */ || '-- qty'", false},
		{"quantity + 1", false},
	} {
		if got := readsAny(tc.expr, cols); got != tc.want {
			t.Errorf("readsAny(%q) = %v, want %v", tc.expr, got, tc.want)
		}
	}
}
