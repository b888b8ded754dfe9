package model

import (
	"slices"
	"sync"

	"ariga.io/atlas/sql/schema"
	"ariga.io/atlas/sql/sqlite"
	"github.com/jinzhu/inflection"
)

// Loading models parses the same few struct tags and pluralises names
// once per field or struct: on 1000 structs, parsing the tags was 14% of
// a no-op diff's CPU and a quarter of its allocations, and
// inflection.Plural (a list of regular expressions tried in turn) 4%.
// Both depend on their arguments alone, so their results are remembered
// here, up to memoLimit arguments each: past it they are computed each
// time, so a long-lived process does not grow without end.

const memoLimit = 8192

type tagMemoKey struct{ str, sep string }

// typeParsed is what a dialect's parser makes of a spelling: the column
// type with Null false, shared by every caller, or the error.
type typeParsed struct {
	ct  *schema.ColumnType
	err error
}

var (
	memoMu  sync.Mutex
	tagMemo = map[tagMemoKey]tagSettings{}
	plurals = map[string]string{}
	pgTypes = map[string]typeParsed{}
	// sqliteTypes holds sqlite.ParseType's answers (Raw is the spelling).
	sqliteTypes = map[string]typeParsed{}
	indexTags   = map[string][]rawIndexTag{}
)

// tagSettingsOf is parseTagSettings(str, sep). The result is shared by
// every caller with the same tag, so it must not be changed; its keys
// slice is clipped, so that an append copies it.
func tagSettingsOf(str, sep string) tagSettings {
	k := tagMemoKey{str, sep}
	memoMu.Lock()
	ts, ok := tagMemo[k]
	memoMu.Unlock()
	if ok {
		return ts
	}
	ts = parseTagSettings(str, sep)
	ts.keys = slices.Clip(ts.keys)
	memoMu.Lock()
	if len(tagMemo) < memoLimit {
		tagMemo[k] = ts
	}
	memoMu.Unlock()
	return ts
}

// pgTypeOf is the column type of parsePGType(sqlType), with Null false.
// It is shared by every caller with the same spelling, so it must not be
// changed (sharedColumnType copies it to set Null); the atlas type in it
// is then shared by every column of that type: nothing changes a column's
// type in place (a change sets a new Type). On 100,000 columns a type of
// their own, parsed twice and formatted once each, was 5 MB of the desired
// schema and 13 MB of garbage.
func pgTypeOf(sqlType string) (*schema.ColumnType, error) {
	memoMu.Lock()
	p, ok := pgTypes[sqlType]
	memoMu.Unlock()
	if ok {
		return p.ct, p.err
	}
	t, raw, err := parsePGType(sqlType)
	if err == nil {
		p.ct = &schema.ColumnType{Type: t, Raw: raw}
	}
	p.err = err
	memoMu.Lock()
	if len(pgTypes) < memoLimit {
		pgTypes[sqlType] = p
	}
	memoMu.Unlock()
	return p.ct, p.err
}

// sqliteTypeOf is the column type of sqlite.ParseType(raw) with that Raw,
// shared as pgTypeOf's are.
func sqliteTypeOf(raw string) (*schema.ColumnType, error) {
	memoMu.Lock()
	p, ok := sqliteTypes[raw]
	memoMu.Unlock()
	if ok {
		return p.ct, p.err
	}
	t, err := sqlite.ParseType(raw)
	if err == nil {
		p.ct = &schema.ColumnType{Type: t, Raw: raw}
	}
	p.err = err
	memoMu.Lock()
	if len(sqliteTypes) < memoLimit {
		sqliteTypes[raw] = p
	}
	memoMu.Unlock()
	return p.ct, p.err
}

// indexTagsOf is parseIndexTags(tag), shared like tagSettingsOf's
// results: it must not be changed. On 10,000 tables with two indexes
// each, parsing every time was 5.5 MB of garbage while the tables are
// built, when the heap is largest.
func indexTagsOf(tag string) []rawIndexTag {
	memoMu.Lock()
	its, ok := indexTags[tag]
	memoMu.Unlock()
	if ok {
		return its
	}
	its = slices.Clip(parseIndexTags(tag))
	memoMu.Lock()
	if len(indexTags) < memoLimit {
		indexTags[tag] = its
	}
	memoMu.Unlock()
	return its
}

// plural is inflection.Plural(s).
func plural(s string) string {
	memoMu.Lock()
	p, ok := plurals[s]
	memoMu.Unlock()
	if ok {
		return p
	}
	p = inflection.Plural(s)
	memoMu.Lock()
	if len(plurals) < memoLimit {
		plurals[s] = p
	}
	memoMu.Unlock()
	return p
}
