package main

import (
	"runtime"
	"runtime/debug"
	"strings"
)

// versionJSON is what gen version prints with --format json
// ($defs/version): the fields the build info does not hold are absent.
type versionJSON struct {
	Version  string `json:"version"`
	Revision string `json:"revision,omitempty"`
	Time     string `json:"time,omitempty"`
	Dirty    bool   `json:"dirty,omitempty"`
	Go       string `json:"go"`
}

// buildVersion reads the module version and the VCS stamp of the binary
// from its build info: "(devel)" for a binary built from a clone, a
// version (or pseudo-version) for one go install fetched; the revision cut
// to 12 characters. Without build info, the version is "(unknown)".
func buildVersion(info *debug.BuildInfo, ok bool) versionJSON {
	v := versionJSON{Version: "(unknown)", Go: runtime.Version()}
	if !ok || info == nil {
		return v
	}
	if info.Main.Version != "" {
		v.Version = info.Main.Version
	}
	if info.GoVersion != "" {
		v.Go = info.GoVersion
	}
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			v.Revision = s.Value[:min(len(s.Value), 12)]
		case "vcs.time":
			v.Time = s.Value
		case "vcs.modified":
			v.Dirty = s.Value == "true"
		}
	}
	return v
}

// String is the version line of gen version, e.g.
// "gen (devel) 3f9a2c81d0b4+dirty 2026-12-01T16:00:00Z go1.26.8".
func (v versionJSON) String() string {
	parts := []string{"gen", v.Version}
	if v.Revision != "" {
		rev := v.Revision
		if v.Dirty {
			rev += "+dirty"
		}
		parts = append(parts, rev)
	}
	if v.Time != "" {
		parts = append(parts, v.Time)
	}
	return strings.Join(append(parts, v.Go), " ")
}

func (a *app) printVersion(format string) error {
	v := buildVersion(debug.ReadBuildInfo())
	if format == "json" {
		return a.printJSON(v)
	}
	_, err := a.stdout.Write([]byte(v.String() + "\n"))
	return err
}
