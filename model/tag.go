package model

import (
	"strings"
)

// A tagKey is one `key[:value]` part of a tag, in the order written.
type tagKey struct {
	// Key is the key as GORM looks it up: trimmed and upper-cased.
	Key string
	// Raw is the key as written, trimmed, for messages.
	Raw string
	// Value is the text after the first colon, colons kept; for a key
	// written without a value it is Key itself, as in GORM.
	Value string
}

// tagSettings is a parsed tag: the parts in order and GORM's map view of
// them (a repeated key keeps its last value).
type tagSettings struct {
	keys []tagKey
	m    map[string]string
}

// parseTagSettings parses str exactly as GORM's schema.ParseTagSetting:
// parts split on sep, a part ending in a backslash continued by the next
// (the backslash replaced by sep), keys upper-cased and trimmed, values
// re-joined on ":" with `\"` unescaped, and a bare key stored as its own
// value.
func parseTagSettings(str, sep string) tagSettings {
	ts := tagSettings{m: map[string]string{}}
	names := strings.Split(str, sep)
	var parts []string
	for i := 0; i < len(names); i++ {
		s := names[i]
		for strings.HasSuffix(s, `\`) && i+1 < len(names) {
			i++
			s = s[:len(s)-1] + sep + names[i]
		}
		parts = append(parts, s)
	}
	for _, p := range parts {
		values := strings.Split(p, ":")
		raw := strings.TrimSpace(values[0])
		k := strings.ToUpper(raw)
		switch {
		case len(values) >= 2:
			v := strings.ReplaceAll(strings.Join(values[1:], ":"), `\"`, `"`)
			ts.m[k] = v
			ts.keys = append(ts.keys, tagKey{Key: k, Raw: raw, Value: v})
		case k != "":
			ts.m[k] = k
			ts.keys = append(ts.keys, tagKey{Key: k, Raw: raw, Value: k})
		}
	}
	return ts
}

// get returns the value of key (upper case) and whether it is present.
func (ts tagSettings) get(key string) (string, bool) {
	v, ok := ts.m[key]
	return v, ok
}

// has reports whether key (upper case) is present.
func (ts tagSettings) has(key string) bool {
	_, ok := ts.m[key]
	return ok
}

// truth is GORM's utils.CheckTruth over the values of keys: true when any
// present value is neither empty nor "false" (case-insensitive).
func (ts tagSettings) truth(keys ...string) bool {
	for _, k := range keys {
		if v := ts.m[k]; v != "" && !strings.EqualFold(v, "false") {
			return true
		}
	}
	return false
}

// rawIndexTag is one `index` or `uniqueIndex` part of a gorm tag, read as
// GORM's parseFieldIndexes reads it: straight from the tag text split on
// ";" (no escapes), the value being NAME[,option...].
type rawIndexTag struct {
	Unique bool   // the key was uniqueIndex
	Raw    string // the key as written
	Name   string // empty for the default name
	Opts   tagSettings
}

// parseIndexTags returns the index parts of a gorm tag, as GORM's
// schema.parseFieldIndexes does.
func parseIndexTags(tag string) []rawIndexTag {
	var out []rawIndexTag
	for _, value := range strings.Split(tag, ";") {
		if value == "" {
			continue
		}
		v := strings.Split(value, ":")
		k := strings.TrimSpace(strings.ToUpper(v[0]))
		if k != "INDEX" && k != "UNIQUEINDEX" {
			continue
		}
		t := strings.Join(v[1:], ":")
		idx := strings.IndexByte(t, ',')
		opts := strings.Join(strings.Split(t, ",")[1:], ",")
		if idx == -1 {
			idx = len(t)
		}
		out = append(out, rawIndexTag{
			Unique: k == "UNIQUEINDEX",
			Raw:    strings.TrimSpace(v[0]),
			Name:   t[:idx],
			Opts:   tagSettingsOf(opts, ","),
		})
	}
	return out
}
