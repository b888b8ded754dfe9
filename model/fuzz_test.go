package model

import (
	"go/token"
	"strings"
	"testing"
	"unicode/utf8"
)

// Seeds shared by the tag fuzzers: tags as the golden cases and
// testdata/bad/tags.txtar write them, and the edges of the grammars
// (escapes, quotes, parentheses, empty parts).
var tagSeeds = []string{
	"", ";", ":", ",", `\`, `"`, "(", ")",
	"primaryKey", "column:name;type:varchar(100);not null",
	"size:abc", "size:-1", "precision:10;scale:2", `default:'a;b'`,
	`default:a\;b`, `check:name <> ''`, "index:idx_name,unique,sort:desc",
	"uniqueIndex:idx_a,priority:2;index", "index:,class:FULLTEXT,option:WITH PARSER ngram",
	"foreignKey:UserID;references:ID;constraint:OnUpdate:CASCADE,OnDelete:SET NULL",
	"many2many:user_languages;joinForeignKey:UserID", "embedded;embeddedPrefix:p_",
	"serializer:json", "autoIncrement;autoIncrementIncrement:10", "-", "-:all", "->;<-:create",
	"id,pk,autoincrement", "name,notnull,unique:group", `x,default:"a,b"`, "x,type:varchar(10,2)",
	"table:users,alias:u", "m2m:order_items,join:Order=Item", "rel:belongs-to,join:user_id=id",
	`,nullzero,scanonly`, `"quoted"`, `a,b:"unterminated`, "a,b:(unclosed", "a,b:c)",
	"renamed_from=old", "type=varchar(100)", "type.postgres=jsonb;type.sqlite=text",
	"type.mysql=int", "type.Postgres=int", "type.=int", "type=", "renamed_from=a b", "type=int not null",
	"type.postgres=varchar(", "renamedFrom=x", "type=int;type=int",
}

func addSeeds(f *testing.F) {
	for _, s := range tagSeeds {
		f.Add(s)
	}
}

// FuzzGormTag: GORM's tag grammar (parseTagSettings, parseIndexTags)
// never panics, keeps every key it reports trimmed and upper-cased, and
// in its map view.
func FuzzGormTag(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, s string) {
		for _, sep := range []string{";", ","} {
			ts := parseTagSettings(s, sep)
			for _, k := range ts.keys {
				if k.Key != strings.ToUpper(k.Raw) || k.Raw != strings.TrimSpace(k.Raw) {
					t.Fatalf("parseTagSettings(%q, %q): key %q is not the upper case of %q trimmed", s, sep, k.Key, k.Raw)
				}
				if _, ok := ts.get(k.Key); !ok {
					t.Fatalf("parseTagSettings(%q, %q): key %q is in the list but not the map", s, sep, k.Key)
				}
			}
		}
		for _, it := range parseIndexTags(s) {
			if !strings.Contains(s, it.Name) {
				t.Fatalf("parseIndexTags(%q): index name %q is not in the tag", s, it.Name)
			}
		}
	})
}

// FuzzBunTag: Bun's tag grammar (parseBunTag) never panics or loops, and
// every option it reports was written in the tag.
func FuzzBunTag(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, s string) {
		tag := parseBunTag(s)
		if s == "" && !tag.isZero() {
			t.Fatalf("parseBunTag(\"\") = %+v, want the zero tag", tag)
		}
		if len(tag.keys) != len(tag.Options) {
			t.Fatalf("parseBunTag(%q): %d keys in order but %d options", s, len(tag.keys), len(tag.Options))
		}
		// Bun's parser reads quotes and backslash escapes, so a key is in
		// the tag once both are left out of each ("""0\"" has key 0").
		plain := strings.NewReplacer(`\`, "", `"`, "")
		for _, k := range tag.keys {
			if !strings.Contains(plain.Replace(s), plain.Replace(k)) {
				t.Fatalf("parseBunTag(%q): option %q is not in the tag", s, k)
			}
			if _, ok := tag.option(k); !ok {
				t.Fatalf("parseBunTag(%q): option %q has no value", s, k)
			}
		}
	})
}

// FuzzGenHint: the gen tag (parseHint) never panics, and every problem it
// reports is an error at the field's position with a message; a hint it
// accepts holds a type or an old name only when the tag wrote one.
func FuzzGenHint(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) || strings.ContainsAny(s, "\"`\\") {
			// Go source cannot carry these inside gen:"…" unescaped;
			// the struct tag would not parse as a gen tag at all.
			return
		}
		for _, d := range dialects {
			l := &loader{dialect: d}
			l.diag = &l.root
			pos := token.Position{Filename: "models/models.go", Line: 5, Column: 2}
			fld := &field{Name: "Name", Owner: "User", Path: "Name", Pos: pos, goTag: `gen:"` + s + `"`}
			h := l.parseHint(fld)
			for _, e := range l.root.sorted() {
				if e.Pos != pos || e.Err == nil || e.Err.Error() == "" || e.Warning {
					t.Fatalf("parseHint(%q) on %s: problem %+v is not an error at the field with a message", s, d.name(), e)
				}
			}
			if h.Type != "" && !strings.Contains(s, h.Type) || h.RenamedFrom != "" && !strings.Contains(s, h.RenamedFrom) {
				t.Fatalf("parseHint(%q) on %s = %+v, which the tag does not hold", s, d.name(), h)
			}
		}
	})
}
