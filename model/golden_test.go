package model_test

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"ariga.io/atlas/sql/schema"
	"github.com/google/go-cmp/cmp"

	"github.com/genmigrate/gen/attr"
	"github.com/genmigrate/gen/internal/schemajson"
	"github.com/genmigrate/gen/model"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/models")

// caseConfig is the optional case.json of a golden case.
type caseConfig struct {
	Patterns    []string     `json:"patterns"`
	Nullability string       `json:"nullability"`
	Tables      []string     `json:"tables"`
	Naming      model.Naming `json:"naming"`
	// Schema is the schema gen manages (Config.Schema).
	Schema string `json:"schema"`
	// Dialects limits the dialects the case runs on.
	Dialects []string `json:"dialects"`
	// Setup holds statements TestRoundTrip runs before the CREATE
	// statements, per dialect (e.g. CREATE TYPE for a type: key).
	Setup map[string][]string `json:"setup"`
	// KnownDiff is, per dialect, the exact summary TestRoundTrip expects
	// where gen does not yet round-trip the case; each entry is a gap to
	// close, not a pass.
	KnownDiff map[string][]string `json:"known_diff"`
}

var dialects = []string{"postgres", "sqlite"}

// TestGolden loads each module under testdata/models and compares the
// schema with want.<dialect>.json, how each table was found with
// want.found.txt, and the errors and warnings with want.errors.txt (or
// want.errors.<dialect>.txt where the dialects differ). Run with -update
// to rewrite them, then read every line.
func TestGolden(t *testing.T) {
	root := filepath.Join("testdata", "models")
	entries, err := os.ReadDir(root)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		dir := filepath.Join(root, e.Name())
		t.Run(e.Name(), func(t *testing.T) {
			t.Parallel()
			// A copy: json.Unmarshal decodes case.json's "dialects" into
			// the slice's backing array, and the cases run in parallel.
			cc := caseConfig{Patterns: []string{"./..."}, Dialects: slices.Clone(dialects)}
			if b, err := os.ReadFile(filepath.Join(dir, "case.json")); err == nil {
				if err := json.Unmarshal(b, &cc); err != nil {
					t.Fatalf("case.json: %v", err)
				}
			}
			diags, found := map[string]string{}, map[string]string{}
			for _, d := range cc.Dialects {
				res, err := model.Load(context.Background(), model.Config{
					Dir:         dir,
					Patterns:    cc.Patterns,
					Dialect:     d,
					Nullability: cc.Nullability,
					Tables:      cc.Tables,
					Naming:      cc.Naming,
					Schema:      cc.Schema,
				})
				jsonFile := filepath.Join(dir, "want."+d+".json")
				var got []byte
				switch {
				case err == nil:
					diags[d] = lines(res.Warnings)
					if got, err = schemajson.Marshal(res.Schema); err != nil {
						t.Fatal(err)
					}
					found[d] = foundBy(res.Schema)
				default:
					var list model.ErrorList
					if !errors.As(err, &list) {
						t.Fatalf("%s: Load returned %v, not an ErrorList", d, err)
					}
					diags[d] = lines(list)
				}
				compare(t, jsonFile, got)
			}
			// How each table was found does not depend on the dialect:
			// one file, from the dialects that load the case.
			var loaded []string
			for _, d := range cc.Dialects {
				if _, ok := found[d]; ok {
					loaded = append(loaded, d)
				}
			}
			for _, d := range loaded {
				if found[d] != found[loaded[0]] {
					t.Errorf("%s finds other tables than %s:\n%s\n%s", d, loaded[0], found[d], found[loaded[0]])
				}
			}
			var foundText []byte
			if len(loaded) > 0 {
				foundText = []byte(found[loaded[0]])
			}
			compare(t, filepath.Join(dir, "want.found.txt"), foundText)
			// One errors file when every dialect reports the same.
			same := true
			for _, d := range cc.Dialects {
				same = same && diags[d] == diags[cc.Dialects[0]]
			}
			shared := filepath.Join(dir, "want.errors.txt")
			if same {
				compare(t, shared, []byte(diags[cc.Dialects[0]]))
				for _, d := range cc.Dialects {
					compare(t, filepath.Join(dir, "want.errors."+d+".txt"), nil)
				}
				return
			}
			compare(t, shared, nil)
			for _, d := range cc.Dialects {
				compare(t, filepath.Join(dir, "want.errors."+d+".txt"), []byte(diags[d]))
			}
		})
	}
}

// foundBy lists each table with how gen found it (attr.FoundBy), as
// gen models prints it.
func foundBy(s *schema.Schema) string {
	var b strings.Builder
	for _, t := range s.Tables {
		how := "(no FoundBy)"
		if f, ok := attr.Get[*attr.FoundBy](t.Attrs); ok {
			how = f.How
		}
		name := t.Name
		if g, ok := attr.Get[*attr.GoName](t.Attrs); ok {
			name += " (" + g.Type + ")"
		}
		fmt.Fprintf(&b, "%s: %s\n", name, how)
	}
	return b.String()
}

func lines[E error](errs []E) string {
	var b strings.Builder
	for _, e := range errs {
		b.WriteString(e.Error())
		b.WriteByte('\n')
	}
	return b.String()
}

// compare checks got against the golden file; an empty got means the file
// must not exist. With -update it writes (or removes) the file instead.
func compare(t *testing.T, file string, got []byte) {
	t.Helper()
	if *update {
		if len(got) == 0 {
			if err := os.Remove(file); err != nil && !errors.Is(err, os.ErrNotExist) {
				t.Fatal(err)
			}
			return
		}
		if err := os.WriteFile(file, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(file)
	if errors.Is(err, os.ErrNotExist) {
		if len(got) > 0 {
			t.Errorf("%s does not exist; got:\n%s\n(run go test ./model -update, then read the file)", file, got)
		}
		return
	}
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s mismatch (-want +got):\n%s", file, diff)
	}
}
