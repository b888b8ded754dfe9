package model

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// The want maps are what gorm v1.31.2's schema.ParseTagSetting returns.
func TestParseTagSettingsMatchesGORM(t *testing.T) {
	tests := []struct {
		tag  string
		want map[string]string
	}{
		{"size:80;unique", map[string]string{"SIZE": "80", "UNIQUE": "UNIQUE"}},
		{"primaryKey;PRIMARY_KEY", map[string]string{"PRIMARYKEY": "PRIMARYKEY", "PRIMARY_KEY": "PRIMARY_KEY"}},
		{" not null ; default:now()::text", map[string]string{"NOT NULL": "NOT NULL", "DEFAULT": "now()::text"}},
		{`comment:a\;b;size:10`, map[string]string{"COMMENT": "a;b", "SIZE": "10"}},
		{`default:\"x\"`, map[string]string{"DEFAULT": `"x"`}},
		{"size:10;size:20", map[string]string{"SIZE": "20"}},
		{";;", map[string]string{}},
		{"index:idx_a,priority:2", map[string]string{"INDEX": "idx_a,priority:2"}},
	}
	for _, tt := range tests {
		got := parseTagSettings(tt.tag, ";").m
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("parseTagSettings(%q) (-want +got):\n%s", tt.tag, diff)
		}
	}
}

func TestTruth(t *testing.T) {
	s := parseTagSettings("primaryKey;autoIncrement:false;unique:FALSE;not null:true", ";")
	for key, want := range map[string]bool{"PRIMARYKEY": true, "AUTOINCREMENT": false, "UNIQUE": false, "NOT NULL": true, "MISSING": false} {
		if got := s.truth(key); got != want {
			t.Errorf("truth(%s) = %v, want %v", key, got, want)
		}
	}
}

func TestParseIndexTags(t *testing.T) {
	got := parseIndexTags("size:10;index:idx_name,priority:2,sort:desc;uniqueIndex;INDEX:,composite:scope")
	if len(got) != 3 {
		t.Fatalf("got %d index tags, want 3: %+v", len(got), got)
	}
	if got[0].Name != "idx_name" || got[0].Unique || got[0].Opts.m["PRIORITY"] != "2" || got[0].Opts.m["SORT"] != "desc" {
		t.Errorf("first: %+v", got[0])
	}
	if got[1].Name != "" || !got[1].Unique {
		t.Errorf("second: %+v", got[1])
	}
	if got[2].Name != "" || got[2].Opts.m["COMPOSITE"] != "scope" {
		t.Errorf("third: %+v", got[2])
	}
}
