package model

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestBunUnderscoreMatchesBun checks Bun's column and table naming on
// names where it differs from GORM's; the expectations are what Bun
// v1.3.0's own Tables().Get printed for these names.
func TestBunUnderscoreMatchesBun(t *testing.T) {
	tests := []struct{ in, column, table string }{
		{"UserID", "user_id", "user_ids"},
		{"HTTPServer", "http_server", "http_servers"},
		{"APIKey", "api_key", "api_keys"},
		{"Order2Item", "order2_item", "order2_items"},
		{"ABC", "abc", "abcs"},
		{"OAuthToken", "o_auth_token", "o_auth_tokens"},
		{"ID", "id", ""},
		{"IDs", "i_ds", ""},
		{"URLPath", "url_path", ""},
	}
	for _, tt := range tests {
		if got := bunUnderscore(tt.in); got != tt.column {
			t.Errorf("bunUnderscore(%q) = %q, Bun says %q", tt.in, got, tt.column)
		}
	}
}

// TestParseBunTag checks the tag grammar of Bun's internal/tagparser.
func TestParseBunTag(t *testing.T) {
	tests := []struct {
		tag  string
		name string
		opts map[string][]string
	}{
		{"", "", nil},
		{"id,pk", "id", map[string][]string{"pk": {""}}},
		{",pk,autoincrement", "", map[string][]string{"pk": {""}, "autoincrement": {""}}},
		{"table:users,alias:u", "", map[string][]string{"table": {"users"}, "alias": {"u"}}},
		{"users,alias:u", "users", map[string][]string{"alias": {"u"}}},
		{"type:numeric(10,2),notnull", "", map[string][]string{"type": {"numeric(10,2)"}, "notnull": {""}}},
		{`default:"a,b"`, "", map[string][]string{"default": {"a,b"}}},
		{`unique:"g1,g2"`, "", map[string][]string{"unique": {"g1,g2"}}},
		{"unique:a,unique:b", "", map[string][]string{"unique": {"a", "b"}}},
		{"default:now()", "", map[string][]string{"default": {"now()"}}},
		{"x,y", "x", map[string][]string{"y": {""}}},
	}
	for _, tt := range tests {
		got := parseBunTag(tt.tag)
		if got.Name != tt.name || !cmp.Equal(got.Options, tt.opts) {
			t.Errorf("parseBunTag(%q) = %q %v, want %q %v", tt.tag, got.Name, got.Options, tt.name, tt.opts)
		}
	}
}

// TestPgMakeObjectName checks PostgreSQL's naming of a constraint's index
// (makeObjectName): the longer name is cut first, to 63 bytes in all.
func TestPgMakeObjectName(t *testing.T) {
	long := strings.Repeat("t", 40)
	col := strings.Repeat("c", 40)
	tests := []struct{ table, column, want string }{
		{"users", "email", "users_email_key"},
		{long, "email", strings.Repeat("t", 40) + "_email_key"},
		// 63 - len("_key") - 1 = 58 characters for both names: 29 each.
		{long, col, strings.Repeat("t", 29) + "_" + strings.Repeat("c", 29) + "_key"},
		// A multi-byte character is not split.
		{strings.Repeat("é", 30), "x", strings.Repeat("é", 28) + "_x_key"},
	}
	for _, tt := range tests {
		got := pgMakeObjectName(tt.table, tt.column, "key")
		if got != tt.want || len(got) > 63 {
			t.Errorf("pgMakeObjectName(%q, %q) = %q (%d bytes), want %q", tt.table, tt.column, got, len(got), tt.want)
		}
	}
	if got := pgChooseName("users", "email", "key", []string{"users_email_key"}); got != "users_email_key1" {
		t.Errorf("pgChooseName with the name taken = %q, want users_email_key1", got)
	}
}

// TestJoinTagMatchesGORM checks the tag GORM gives a many2many join
// field (appendSettingFromTag then removeSettingFromTag), cuts inside
// longer keys included.
func TestJoinTagMatchesGORM(t *testing.T) {
	tests := []struct{ in, want string }{
		{``, `gorm:"primaryKey;"`},
		{`gorm:"size:20"`, `gorm:"primaryKey;size:20"`},
		{`gorm:"primaryKey;autoIncrement"`, `gorm:"primaryKey;"`},
		{`gorm:"column:code;size:20;uniqueIndex"`, `gorm:"primaryKey;size:20;"`},
		{`gorm:"type:uuid;default:gen_random_uuid()" json:"id"`, `gorm:"primaryKey;type:uuid;default:gen_random_uuid()"`},
		{`gorm:"primaryKey;index:idx_a" json:"id"`, `gorm:"primaryKey;" json:"id"`},
	}
	for _, tt := range tests {
		got := removeSettingFromTag(appendSettingFromTag(tt.in, "primaryKey"), "column", "autoincrement", "index", "unique", "uniqueindex")
		if got != tt.want {
			t.Errorf("join tag of %s = %s, want %s", tt.in, got, tt.want)
		}
	}
}

// TestTitleWords checks the title-casing GORM gives join field names.
func TestTitleWords(t *testing.T) {
	for in, want := range map[string]string{"owner_ref": "Owner_ref", "ownerRef": "OwnerRef", "ID": "ID", "owner ref": "Owner Ref"} {
		if got := titleWords(in); got != want {
			t.Errorf("titleWords(%q) = %q, want %q", in, got, want)
		}
	}
}
