package main

import (
	"runtime/debug"
	"testing"
)

// TestBuildVersion: the version line and object from a build info, with
// and without a VCS stamp; what the build info does not hold is absent.
func TestBuildVersion(t *testing.T) {
	stamped := &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Path: "github.com/genmigrate/gen", Version: "(devel)"},
		Settings: []debug.BuildSetting{
			{Key: "vcs", Value: "git"},
			{Key: "vcs.revision", Value: "3f9a2c81d0b4e5f60718293a4b5c6d7e8f901234"},
			{Key: "vcs.time", Value: "2026-12-01T16:00:00Z"},
			{Key: "vcs.modified", Value: "false"},
		}}
	dirty := &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "v0.3.0"},
		Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "3f9a2c81d0b4e5f6"}, {Key: "vcs.modified", Value: "true"}}}
	cases := []struct {
		name string
		info *debug.BuildInfo
		ok   bool
		line string
		want versionJSON
	}{
		{"stamped clone", stamped, true, "gen (devel) 3f9a2c81d0b4 2026-12-01T16:00:00Z go1.26.8",
			versionJSON{Version: "(devel)", Revision: "3f9a2c81d0b4", Time: "2026-12-01T16:00:00Z", Go: "go1.26.8"}},
		{"dirty, no time", dirty, true, "gen v0.3.0 3f9a2c81d0b4+dirty go1.26.8",
			versionJSON{Version: "v0.3.0", Revision: "3f9a2c81d0b4", Dirty: true, Go: "go1.26.8"}},
		{"no stamp", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "(devel)"}}, true, "gen (devel) go1.26.8",
			versionJSON{Version: "(devel)", Go: "go1.26.8"}},
	}
	for _, c := range cases {
		got := buildVersion(c.info, c.ok)
		if got != c.want {
			t.Errorf("%s: buildVersion = %+v, want %+v", c.name, got, c.want)
		}
		if got.String() != c.line {
			t.Errorf("%s: the version line is %q, want %q", c.name, got.String(), c.line)
		}
	}
	if got := buildVersion(nil, false); got.Version != "(unknown)" || got.Go == "" || got.Revision != "" {
		t.Errorf("without build info: %+v, want version (unknown) and the running Go version", got)
	}
}
