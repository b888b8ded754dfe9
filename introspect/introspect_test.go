package introspect

import "testing"

func TestMatchTable(t *testing.T) {
	for _, c := range []struct {
		entry, name string
		caseless    bool
		want        bool
	}{
		{"gen_migrations", "gen_migrations", false, true},
		{"gen_migrations", "GEN_MIGRATIONS", false, false},
		{"gen_migrations", "GEN_MIGRATIONS", true, true},
		{"legacy_*", "legacy_users", false, true},
		{"legacy_*", "legacy_", false, true},
		{"legacy_*", "Legacy_users", false, false},
		{"legacy_*", "Legacy_users", true, true},
		{"LEGACY_*", "legacy_users", true, true},
		{"legacy_*", "users_legacy", false, false},
		{"tmp_?", "tmp_1", false, true},
		{"tmp_?", "tmp_12", false, false},
		{"audit_[0-9]*", "audit_2024", false, true},
		{"audit_[0-9]*", "audit_x", false, false},
		{`a\*b`, "a*b", false, true},
		{`a\*b`, "axb", false, false},
		// A pattern does not reach into schemas: "*" matches no '/' but
		// table names never hold one; dots are plain characters.
		{"*", "users", false, true},
		{"public.*", "users", false, false},
		// Malformed patterns match nothing.
		{"bad[", "bad[", false, false},
	} {
		if got := MatchTable(c.entry, c.name, c.caseless); got != c.want {
			t.Errorf("MatchTable(%q, %q, caseless=%v) = %v, want %v", c.entry, c.name, c.caseless, got, c.want)
		}
	}
}

func TestValidTablePattern(t *testing.T) {
	for _, ok := range []string{"users", "legacy_*", "tmp_?", "audit_[0-9]*", `a\*b`} {
		if err := ValidTablePattern(ok); err != nil {
			t.Errorf("ValidTablePattern(%q) = %v, want nil", ok, err)
		}
	}
	for _, bad := range []string{"", "bad[", `trailing\`} {
		if err := ValidTablePattern(bad); err == nil {
			t.Errorf("ValidTablePattern(%q) = nil, want an error", bad)
		}
	}
}

func TestOptionsExcludedTells(t *testing.T) {
	var got [][2]string
	o := Options{Exclude: []string{"gen_migrations", "legacy_*"}, Excluded: func(table, entry string) { got = append(got, [2]string{table, entry}) }}
	for _, n := range []string{"users", "legacy_orders", "gen_migrations"} {
		o.excluded(n, false)
	}
	want := [][2]string{{"legacy_orders", "legacy_*"}, {"gen_migrations", "gen_migrations"}}
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("Excluded calls = %v, want %v", got, want)
	}
}
