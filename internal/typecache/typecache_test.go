package typecache

import (
	"reflect"
	"testing"

	"ariga.io/atlas/sql/postgres"
	"ariga.io/atlas/sql/schema"
)

// TestParsePGSameAsAtlas: the remembered result is ParseType's, on the
// first call and the later ones, errors included.
func TestParsePGSameAsAtlas(t *testing.T) {
	for _, s := range []string{
		"integer", "bigint", "character varying(120)", "varchar(40)", "numeric(12,2)", "boolean",
		"text", "jsonb", "timestamp with time zone", "timestamptz(3)", "integer[]", "character varying(10)[]",
		"interval hour to minute", "bit varying(5)", "uuid", "my_enum", "double precision", "",
	} {
		want, wantErr := postgres.ParseType(s)
		for i := range 3 {
			got, err := ParsePG(s)
			if (err == nil) != (wantErr == nil) || err != nil && err.Error() != wantErr.Error() {
				t.Fatalf("ParsePG(%q) call %d: error %v, ParseType says %v", s, i+1, err, wantErr)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("ParsePG(%q) call %d = %#v, ParseType says %#v", s, i+1, got, want)
			}
		}
	}
}

// TestParsePGCopies: a caller changing the type it got (or an array's
// element type) changes no other caller's.
func TestParsePGCopies(t *testing.T) {
	a, _ := ParsePG("character varying(120)")
	a.(*schema.StringType).Size = 7
	b, _ := ParsePG("character varying(120)")
	if got := b.(*schema.StringType).Size; got != 120 {
		t.Errorf("after one caller set its size to 7, the next one gets size %d, want 120", got)
	}
	arr, _ := ParsePG("character varying(10)[]")
	arr.(*postgres.ArrayType).Type.(*schema.StringType).Size = 3
	arr2, _ := ParsePG("character varying(10)[]")
	if got := arr2.(*postgres.ArrayType).Type.(*schema.StringType).Size; got != 10 {
		t.Errorf("after one caller changed its array's element, the next one's element has size %d, want 10", got)
	}
	ts, _ := ParsePG("timestamp(3) with time zone")
	*ts.(*schema.TimeType).Precision = 1
	ts2, _ := ParsePG("timestamp(3) with time zone")
	if got := *ts2.(*schema.TimeType).Precision; got != 3 {
		t.Errorf("after one caller changed its timestamp's precision, the next one's is %d, want 3", got)
	}
	bt, _ := ParsePG("bit varying(5)")
	bt.(*postgres.BitType).Len = 2
	bt2, _ := ParsePG("bit varying(5)")
	if got := bt2.(*postgres.BitType).Len; got != 5 {
		t.Errorf("after one caller changed its bit type's length, the next one's is %d, want 5", got)
	}
}

// TestFormatPG is FormatType of ParseType, and not ok when ParseType
// fails.
func TestFormatPG(t *testing.T) {
	for _, s := range []string{"varchar(40)", "character varying(40)", "timestamptz", "integer[]", "numeric(12,2)", "bit varying(5)"} {
		pt, err := postgres.ParseType(s)
		if err != nil {
			t.Fatal(err)
		}
		want, err := postgres.FormatType(pt)
		if err != nil {
			t.Fatal(err)
		}
		for i := range 2 {
			if got, ok := FormatPG(s); !ok || got != want {
				t.Errorf("FormatPG(%q) call %d = %q, %v; want %q", s, i+1, got, ok, want)
			}
		}
	}
	if got, ok := FormatPG(""); ok {
		t.Errorf("FormatPG(\"\") = %q, true; want not ok (ParseType fails)", got)
	}
}

// TestParsePGDoesNotPanic: atlas's ParseType panics on "(" (FuzzGenHint
// found it from gen:"type.postgres=("); ParsePG and FormatPG answer with
// an error instead, every time.
func TestParsePGDoesNotPanic(t *testing.T) {
	for range 2 { // the second call reads the remembered answer
		if typ, err := ParsePG("("); err == nil || typ != nil {
			t.Fatalf(`ParsePG("(") = %v, %v; want an error`, typ, err)
		}
		if f, ok := FormatPG("("); ok {
			t.Fatalf(`FormatPG("(") = %q, true; want false`, f)
		}
	}
}
