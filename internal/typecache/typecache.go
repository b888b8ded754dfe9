// Package typecache remembers what atlas's postgres.ParseType makes of each
// type spelling. ParseType runs regular expressions on every call (about
// 20% of a no-op diff's CPU on 1000 tables: two or three calls per column
// on each side, for about ten distinct spellings), and its result depends
// on the spelling alone.
package typecache

import (
	"fmt"
	"reflect"
	"sync"

	"ariga.io/atlas/sql/postgres"
	"ariga.io/atlas/sql/schema"
)

// limit bounds the number of spellings remembered, so that a long-lived
// process reading ever new spellings (varchar(1), varchar(2), …) does not
// grow without end; past it, spellings are parsed each time.
const limit = 4096

type entry struct {
	t      schema.Type
	err    error
	format string // postgres.FormatType(t), or "" when it fails
}

var (
	mu     sync.Mutex
	parsed = map[string]entry{}
)

// ParsePG is postgres.ParseType(s). Every call returns a type of its own
// (a copy of the remembered one), so callers may change it as they could
// change ParseType's.
func ParsePG(s string) (schema.Type, error) {
	mu.Lock()
	e, ok := parsed[s]
	mu.Unlock()
	if !ok {
		e = remember(s)
	}
	if e.err != nil {
		return nil, e.err
	}
	return clone(e.t), nil
}

// FormatPG is postgres.FormatType(postgres.ParseType(s)): the canonical
// spelling of s. ok is false when either fails.
func FormatPG(s string) (f string, ok bool) {
	mu.Lock()
	e, ok := parsed[s]
	mu.Unlock()
	if !ok {
		e = remember(s)
	}
	return e.format, e.format != ""
}

// remember parses s and keeps the result, unless limit is reached.
func remember(s string) entry {
	t, err := parse(s)
	e := entry{t: t, err: err}
	if err == nil {
		if f, err := postgres.FormatType(t); err == nil {
			e.format = f
		}
	}
	mu.Lock()
	if len(parsed) < limit {
		parsed[s] = e
	}
	mu.Unlock()
	return e
}

// parse is postgres.ParseType, which panics on some spellings that are
// no type ("(", found by FuzzGenHint from gen:"type.postgres=("): the
// panic becomes the error a bad spelling gets.
func parse(s string) (t schema.Type, err error) {
	defer func() {
		if r := recover(); r != nil {
			t, err = nil, fmt.Errorf("postgres: unexpected type %q", s)
		}
	}()
	return postgres.ParseType(s)
}

var typeOfType = reflect.TypeFor[schema.Type]()

// clone copies t: the struct it points to, and the types it holds (an
// array's element type). The atlas types are pointers to structs of
// plain values otherwise, but for the *int of a precision or size.
func clone(t schema.Type) schema.Type {
	switch t := t.(type) { // the common ones without reflection
	case *schema.IntegerType:
		c := *t
		return &c
	case *schema.StringType:
		c := *t
		return &c
	case *schema.BoolType:
		c := *t
		return &c
	case *schema.DecimalType:
		c := *t
		return &c
	case *schema.FloatType:
		c := *t
		return &c
	case *schema.TimeType:
		c := *t
		c.Precision, c.Scale = cloneInt(t.Precision), cloneInt(t.Scale)
		return &c
	case *schema.JSONType:
		c := *t
		return &c
	}
	v := reflect.ValueOf(t)
	if v.Kind() != reflect.Pointer || v.IsNil() || v.Elem().Kind() != reflect.Struct {
		return t
	}
	c := reflect.New(v.Elem().Type()).Elem()
	c.Set(v.Elem())
	for i := range c.NumField() {
		f := c.Field(i)
		switch {
		case !f.CanSet():
		case f.Type() == typeOfType && !f.IsNil():
			f.Set(reflect.ValueOf(clone(f.Interface().(schema.Type))))
		case f.Type() == typeOfIntPtr:
			f.Set(reflect.ValueOf(cloneInt(f.Interface().(*int))))
		}
	}
	return c.Addr().Interface().(schema.Type)
}

var typeOfIntPtr = reflect.TypeFor[*int]()

func cloneInt(p *int) *int {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}
