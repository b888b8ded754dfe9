// Package docschema compiles docs/flags.schema.json, the JSON Schema of
// everything gen prints with --format json (docs/JSON.md), for the tests
// that check output against it.
package docschema

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// Path is the schema document's path in the checkout.
func Path() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "docs", "flags.schema.json")
}

// Compile compiles the schema document's $defs entry def, or the document
// itself (its root is a flag) when def is "". It fails t on any error.
func Compile(t testing.TB, def string) *jsonschema.Schema {
	t.Helper()
	path := Path()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	if err := c.AddResource("flags.schema.json", doc); err != nil {
		t.Fatal(err)
	}
	ref := "flags.schema.json"
	if def != "" {
		ref += "#/$defs/" + def
	}
	sch, err := c.Compile(ref)
	if err != nil {
		t.Fatalf("compiling %s: %v", ref, err)
	}
	return sch
}

// Validate reports whether b, one JSON value, is valid against sch.
func Validate(sch *jsonschema.Schema, b []byte) error {
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		return err
	}
	return sch.Validate(v)
}
