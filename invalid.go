package gen

import (
	"fmt"

	"ariga.io/atlas/sql/schema"

	"github.com/genmigrate/gen/attr"
)

// An InvalidIndex is an index PostgreSQL holds as INVALID: a CREATE INDEX
// CONCURRENTLY that failed or was killed left it. It enforces nothing
// (a unique one lets duplicates in) and serves no query.
type InvalidIndex struct {
	Table, Index string
}

func (i InvalidIndex) String() string {
	return fmt.Sprintf("index %s on table %s is INVALID (a CREATE INDEX CONCURRENTLY failed or was killed): it enforces nothing and serves no query", i.Index, i.Table)
}

// Fix says how to get rid of it.
func (i InvalidIndex) Fix() string {
	return fmt.Sprintf("drop it with DROP INDEX CONCURRENTLY %q, then run `gen upgrade` (an interrupted revision resumes at its CREATE INDEX) or `gen migrate` to build it again", i.Index)
}

// InvalidIndexes lists the INVALID indexes of an inspected schema.
func InvalidIndexes(s *schema.Schema) []InvalidIndex {
	var out []InvalidIndex
	for _, t := range s.Tables {
		for _, idx := range t.Indexes {
			if attr.Has[*attr.InvalidIndex](idx.Attrs) {
				out = append(out, InvalidIndex{Table: t.Name, Index: idx.Name})
			}
		}
	}
	return out
}
