// Package models has TableName methods that test the receiver's fields:
// GORM calls TableName on a new zero value of the model, so the fields
// are zero and each method returns the constant that value gets.
package models

import "fmt"

const kvDefault = "kv_store"

// Fallback is hashicorp/boundary's pattern: a name set at run time, else
// the default. Its index is named after the folded table.
type Fallback struct {
	ID    uint
	Key   string `gorm:"uniqueIndex"`
	table string
}

// TableName returns the default: table is empty on a zero Fallback.
func (f *Fallback) TableName() string {
	if f.table != "" {
		return f.table
	}
	return kvDefault
}

// SetTableName is how the application renames it at run time.
func (f *Fallback) SetTableName(n string) { f.table = n }

// Inverted takes the branch the zero value satisfies.
type Inverted struct {
	ID   uint
	name string
}

// TableName returns the default from inside the if.
func (i Inverted) TableName() string {
	if i.name == "" {
		return "inverted_default"
	}
	return i.name
}

// Chain tests strings, booleans, integers and pointers of a zero value.
type Chain struct {
	ID     uint
	prefix string
	on     bool
	n      int
	ptr    *int
	tags   []string
}

// TableName reaches the third branch: the prefix is empty, the pointer
// nil, n zero and tags nil.
func (c Chain) TableName() string {
	if len(c.prefix) > 0 && c.on {
		return c.prefix + "chains"
	} else if c.ptr != nil || !(len(c.tags) == 0) {
		return "never"
	} else if c.n == 0 && c.n < 1 {
		return "chains_" + kvDefault
	}
	return "unreached"
}

// Kind is an iota enum; its zero value is KindA.
type Kind int

// The kinds.
const (
	KindA Kind = iota
	KindB
)

// Switched switches on a field of an enum type.
type Switched struct {
	ID   uint
	kind Kind
}

// TableName picks KindA's case.
func (s Switched) TableName() string {
	switch s.kind {
	case KindB:
		return "b_things"
	case KindA:
		return "a_things"
	}
	return "no_things"
}

// Tagless has a switch without a tag, a nil test of its pointer receiver
// (never nil in GORM's call), fallthrough and fmt.Sprintf.
type Tagless struct {
	ID   uint
	name string
}

// TableName falls through to the default case.
func (t *Tagless) TableName() string {
	switch {
	case t.name != "":
		return t.name
	case t == nil:
		return "nil_receiver"
	case len(t.name) == 0:
		fallthrough
	default:
		return fmt.Sprintf("%s_%s_v%d", "tag", "less", version)
	}
}

const version = 2
