package model

import (
	"errors"
	"fmt"
	"go/token"
	"sort"
	"strings"
)

// Sentinel errors returned by Load before any package is read.
var (
	// ErrUnsupportedDialect is returned by Load when Config.Dialect is
	// not "postgres" or "sqlite" (MySQL models are not read yet).
	ErrUnsupportedDialect = errors.New("model: dialect not supported")
	// ErrBadConfig is returned by Load when a Config field holds a value
	// it does not accept, or when no package pattern is given.
	ErrBadConfig = errors.New("model: bad configuration")
)

// An Error is one problem found in the models, at the position of the
// struct, field or method that causes it. Warnings are problems GORM
// itself ignores silently (an unknown tag key, a GORM v1 spelling); they
// do not stop Load.
type Error struct {
	// Pos is where the problem is; Filename is relative to Config.Dir
	// when the file is under it. It is zero for configuration problems
	// that have no place in the source (an unknown Config.Tables entry).
	Pos token.Position
	// Object names the Go declaration: "User" or "User.Email". Empty for
	// errors of the Go compiler.
	Object string
	// Err says what is wrong and what to do.
	Err error
	// Warning is true for a problem that does not stop Load.
	Warning bool
	// Cause is true for an error that explains the others (a package of
	// db-tagged structs with no tables: list, whose structs then fail one
	// by one). When there is one, Load returns the causes alone: the rest
	// is noise until they are fixed.
	Cause bool
}

// Error prints the problem in compiler form:
//
//	models/user.go:14:2: User.Email: unknown gorm tag key "uniqe"; …
//
// with "warning: " before the object for a warning.
func (e *Error) Error() string {
	var b strings.Builder
	if e.Pos.IsValid() || e.Pos.Filename != "" {
		b.WriteString(e.Pos.String())
		b.WriteString(": ")
	}
	if e.Warning {
		b.WriteString("warning: ")
	}
	if e.Object != "" {
		b.WriteString(e.Object)
		b.WriteString(": ")
	}
	b.WriteString(e.Err.Error())
	return b.String()
}

// Unwrap returns the underlying error.
func (e *Error) Unwrap() error { return e.Err }

// ErrorList is every problem Load found, errors and warnings, in file,
// line and column order. Load returns it as its error when at least one
// problem is not a warning.
type ErrorList []*Error

// Error prints one problem per line.
func (l ErrorList) Error() string {
	lines := make([]string, len(l))
	for i, e := range l {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// Unwrap returns the problems, so that errors.As finds an *Error.
func (l ErrorList) Unwrap() []error {
	errs := make([]error, len(l))
	for i, e := range l {
		errs[i] = e
	}
	return errs
}

// diagnostics collects problems while loading, without duplicates (a
// struct embedded in two models reports its problems once).
type diagnostics struct {
	list ErrorList
	seen map[string]bool
}

func (d *diagnostics) add(e *Error) {
	k := e.Error()
	if d.seen == nil {
		d.seen = map[string]bool{}
	}
	if d.seen[k] {
		return
	}
	d.seen[k] = true
	d.list = append(d.list, e)
}

// errorf records an error at pos about obj.
func (d *diagnostics) errorf(pos token.Position, obj, format string, args ...any) {
	d.add(&Error{Pos: pos, Object: obj, Err: fmt.Errorf(format, args...)})
}

// warnf records a warning at pos about obj.
func (d *diagnostics) warnf(pos token.Position, obj, format string, args ...any) {
	d.add(&Error{Pos: pos, Object: obj, Err: fmt.Errorf(format, args...), Warning: true})
}

// causef records an error at pos about obj that explains the others
// (Error.Cause).
func (d *diagnostics) causef(pos token.Position, obj, format string, args ...any) {
	d.add(&Error{Pos: pos, Object: obj, Err: fmt.Errorf(format, args...), Cause: true})
}

// causes returns the Cause errors, nil when there is none.
func (d *diagnostics) causes() ErrorList {
	var out ErrorList
	for _, e := range d.list {
		if e.Cause {
			out = append(out, e)
		}
	}
	return out
}

// hasErrors reports whether a problem that is not a warning was found.
func (d *diagnostics) hasErrors() bool {
	for _, e := range d.list {
		if !e.Warning {
			return true
		}
	}
	return false
}

// sorted returns the problems in file, line, column order; problems
// without a position come first, in the order found.
func (d *diagnostics) sorted() ErrorList {
	l := append(ErrorList(nil), d.list...)
	sort.SliceStable(l, func(i, j int) bool {
		a, b := l[i].Pos, l[j].Pos
		if a.Filename != b.Filename {
			return a.Filename < b.Filename
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Column < b.Column
	})
	return l
}
