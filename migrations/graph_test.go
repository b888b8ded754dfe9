package migrations

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// gfile is a file for graph tests: name n, revision rev, parents.
func gfile(name, rev string, parents ...string) *File {
	return &File{Name: name, Revision: rev, Parents: parents}
}

func revs(fs []*File) []string {
	out := []string{}
	for _, f := range fs {
		out = append(out, f.Revision)
	}
	return out
}

func TestGraphOrderHeadsMerge(t *testing.T) {
	// a ← b ← d ← m(merge of d, c)
	//  ↖ c ←───────┘          (c is named before b but depends on a)
	files := []*File{
		gfile("5_m.sql", "m0000", "d0000", "c0000"),
		gfile("4_d.sql", "d0000", "b0000"),
		gfile("2_b.sql", "b0000", "a0000"),
		gfile("1_a.sql", "a0000"),
		gfile("3_c.sql", "c0000", "a0000"),
	}
	g, err := NewGraph(files)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := revs(g.Files()), []string{"a0000", "b0000", "c0000", "d0000", "m0000"}; !cmp.Equal(got, want) {
		t.Errorf("Files() = %v, want %v", got, want)
	}
	if got := revs(g.Heads()); !cmp.Equal(got, []string{"m0000"}) {
		t.Errorf("Heads() = %v, want the merge", got)
	}
	if got, want := revs(g.Ancestors("d0000")), []string{"a0000", "b0000", "d0000"}; !cmp.Equal(got, want) {
		t.Errorf("Ancestors(d) = %v, want %v", got, want)
	}
	if got, want := revs(g.Ancestors("m0000")), []string{"a0000", "b0000", "c0000", "d0000", "m0000"}; !cmp.Equal(got, want) {
		t.Errorf("Ancestors(m) = %v, want %v", got, want)
	}
	if g.Ancestors("zzz") != nil {
		t.Error("Ancestors of an unknown id is not nil")
	}

	// Without the merge there are two heads.
	g2, err := NewGraph(files[1:])
	if err != nil {
		t.Fatal(err)
	}
	if got := revs(g2.Heads()); !cmp.Equal(got, []string{"c0000", "d0000"}) {
		t.Errorf("Heads() = %v, want c and d", got)
	}
}

func TestGraphTiesByName(t *testing.T) {
	// Three roots and children: the ready revision with the smallest name
	// goes first.
	g, err := NewGraph([]*File{
		gfile("c.sql", "c"), gfile("a.sql", "a"), gfile("b.sql", "b"),
		gfile("d.sql", "d", "c"), gfile("aa.sql", "aa", "b"),
	})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := revs(g.Files()), []string{"a", "b", "aa", "c", "d"}; !cmp.Equal(got, want) {
		t.Errorf("Files() = %v, want %v", got, want)
	}
}

func TestResolve(t *testing.T) {
	g, err := NewGraph([]*File{gfile("1.sql", "3f9a2c81d0b4"), gfile("2.sql", "3f9b00000000", "3f9a2c81d0b4"), gfile("3.sql", "3f9", "3f9b00000000")})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		ref, want string
		err       error
	}{
		{"3f9a2c81d0b4", "3f9a2c81d0b4", nil},
		{"3f9a", "3f9a2c81d0b4", nil},
		{"3f9", "3f9", nil}, // an exact id wins over being a prefix of others
		{"3f", "", ErrAmbiguous},
		{"ffff", "", ErrUnknownRevision},
		{"", "", ErrUnknownRevision},
	}
	for _, tt := range tests {
		f, err := g.Resolve(tt.ref)
		if !errors.Is(err, tt.err) {
			t.Errorf("Resolve(%q) error = %v, want %v", tt.ref, err, tt.err)
			continue
		}
		if err == nil && f.Revision != tt.want {
			t.Errorf("Resolve(%q) = %s, want %s", tt.ref, f.Revision, tt.want)
		}
		if errors.Is(err, ErrAmbiguous) && !strings.Contains(err.Error(), "1.sql") {
			t.Errorf("ambiguity error %q does not list the candidates", err)
		}
	}
}

func TestGraphErrors(t *testing.T) {
	tests := []struct {
		name  string
		files []*File
		want  []string
	}{
		{"duplicate ids", []*File{gfile("1_a.sql", "aaaa"), gfile("2_b.sql", "aaaa", "aaaa")},
			[]string{"revision aaaa is in several files: 1_a.sql, 2_b.sql"}},
		{"unknown parent", []*File{gfile("1_a.sql", "aaaa"), gfile("2_b.sql", "bbbb", "cccc")},
			[]string{"2_b.sql: parent cccc is not a revision in the directory"}},
		{"cycle", []*File{gfile("1_a.sql", "aaaa"), gfile("2_b.sql", "bbbb", "aaaa", "dddd"), gfile("3_c.sql", "cccc", "bbbb"), gfile("4_d.sql", "dddd", "cccc")},
			[]string{"cycle: ", "2_b.sql (bbbb)", "3_c.sql (cccc)", "4_d.sql (dddd)"}},
		{"self parent", []*File{gfile("1_a.sql", "aaaa", "aaaa")}, []string{"cycle: 1_a.sql (aaaa) has parent 1_a.sql (aaaa)"}},
		{"all at once", []*File{gfile("1_a.sql", "aaaa", "zzzz"), gfile("2_b.sql", "aaaa"), gfile("3_c.sql", "cccc", "cccc")},
			[]string{"several files", "parent zzzz", "cycle"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := NewGraph(tt.files)
			var ge *GraphError
			if !errors.As(err, &ge) || !errors.Is(err, ErrInvalidGraph) {
				t.Fatalf("NewGraph = %v, want a *GraphError", err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
		})
	}
}
