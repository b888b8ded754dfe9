package migrations

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// This file is the one home of the vocabulary a migration file speaks:
// severities, flags and their live figures, deploy classes. diff raises
// flags, render attaches them to statements, the CLI prints them, and this
// package writes and reads them; all use these types.

// Severity grades a Flag.
type Severity uint8

// Severities, from least to most serious.
const (
	// Info is worth knowing; nothing breaks.
	Info Severity = iota
	// Warning marks a change that locks, rewrites, is probably a rename,
	// or changes behaviour for running code.
	Warning
	// Error marks a change that will fail or lose data. gen check fails
	// while a migration file carries an error-level flag without an ack.
	Error
)

// String returns "info", "warning" or "error".
func (s Severity) String() string {
	switch s {
	case Info:
		return "info"
	case Warning:
		return "warning"
	case Error:
		return "error"
	}
	return "unknown"
}

// ParseSeverity reads "info", "warning" or "error".
func ParseSeverity(s string) (Severity, bool) {
	switch s {
	case "info":
		return Info, true
	case "warning":
		return Warning, true
	case "error":
		return Error, true
	}
	return 0, false
}

// MarshalText writes the severity's name.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText reads a severity's name.
func (s *Severity) UnmarshalText(b []byte) error {
	v, ok := ParseSeverity(string(b))
	if !ok {
		return fmt.Errorf("migrations: unknown severity %q (want info, warning or error)", b)
	}
	*s = v
	return nil
}

// Deploy classifies a revision for deploy order (`-- gen:deploy`).
type Deploy string

// Deploy classes.
const (
	// DeployAdditive changes only add what new code needs and old code
	// ignores: apply before deploying the new code.
	DeployAdditive Deploy = "additive"
	// DeployDestructive changes only remove or tighten what old code may
	// still use: apply after the old code is gone.
	DeployDestructive Deploy = "destructive"
	// DeployExpandContract changes break old and new code alike (renames,
	// type changes) or mix both kinds: split them into an additive
	// revision, a code change, and a destructive revision.
	DeployExpandContract Deploy = "expand-contract"
)

// Advice says in one line when to apply a revision of class d.
func (d Deploy) Advice() string {
	switch d {
	case DeployAdditive:
		return "additive: apply before deploying the code that needs it"
	case DeployDestructive:
		return "destructive: apply only after the code that uses what it removes is retired"
	case DeployExpandContract:
		return "expand-contract: old and new code cannot both run against it; split it into an additive revision, a code deploy, and a destructive revision"
	}
	return ""
}

// A Pos is where the models declare what a flag is about.
type Pos struct {
	File string `json:"file"`
	Line int    `json:"line"`
	Col  int    `json:"col,omitempty"`
}

// String returns "file:line:col".
func (p Pos) String() string {
	if p.Col > 0 {
		return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
	}
	return fmt.Sprintf("%s:%d", p.File, p.Line)
}

// A Flag is a risk finding about one operation of a migration. In a file
// it is one header line:
//
//	-- gen:flag <Severity> <Code> <Object>: <Message> | live: <Live> | fix: <Fix>
type Flag struct {
	// Code is stable and documented in docs/flags.md, e.g. "GEN101".
	Code     string
	Severity Severity
	// Object is "table", "table.column" or "table.index_name".
	Object string
	// Pos is where the models declare the object; nil for what the models
	// no longer declare, and for flags read back from a file.
	Pos *Pos
	// Message says what will happen, in one line.
	Message string
	// Live is the figure the live database gave behind the flag; nil for a
	// flag that no figure can inform.
	Live *Figure
	// Fix is the safe alternative, in one line.
	Fix string
	// FileLine is the 1-based line of the "-- gen:flag" line in the file
	// Parse read the flag from; 0 for a flag built in memory. It is not
	// part of the flag's JSON (Pos is where the models declare it).
	FileLine int
}

// Aliases returns the ids the other tools give the hazard behind the
// flag's code ("squawk:adding-required-field", "atlas:MF103"), from the
// catalog of codes (codes.go, docs/flags.md).
func (f Flag) Aliases() []string {
	if c, ok := LookupCode(f.Code); ok {
		return c.Aliases
	}
	return nil
}

// Line returns the flag as it is printed on a terminal:
// "error GEN101 users.email: … (live: …); fix: …".
func (f Flag) Line() string {
	s := fmt.Sprintf("%s %s %s: %s", f.Severity, f.Code, f.Object, f.Message)
	if f.Live != nil {
		s += " (live: " + f.Live.String() + ")"
	}
	if f.Fix != "" {
		s += "; fix: " + f.Fix
	}
	return s
}

// flagJSON is the documented JSON shape of a flag (docs/flags.schema.json).
type flagJSON struct {
	Code     string   `json:"code"`
	Severity Severity `json:"severity"`
	Object   string   `json:"object"`
	Message  string   `json:"message"`
	Live     *Figure  `json:"live,omitempty"`
	Fix      string   `json:"fix,omitempty"`
	Pos      *Pos     `json:"pos,omitempty"`
	Aliases  []string `json:"aliases,omitempty"`
}

// MarshalJSON writes the flag in the shape docs/flags.schema.json documents.
func (f Flag) MarshalJSON() ([]byte, error) {
	return json.Marshal(flagJSON{f.Code, f.Severity, f.Object, f.Message, f.Live, f.Fix, f.Pos, f.Aliases()})
}

// UnmarshalJSON reads what MarshalJSON writes.
func (f *Flag) UnmarshalJSON(b []byte) error {
	var j flagJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	*f = Flag{Code: j.Code, Severity: j.Severity, Object: j.Object, Message: j.Message, Live: j.Live, Fix: j.Fix, Pos: j.Pos}
	return nil
}

// FigureState says whether the live database was asked.
type FigureState uint8

const (
	// NotChecked: the live checks did not run (--no-live-checks).
	NotChecked FigureState = iota
	// Counted: N is a count (exact or estimated) of Unit.
	Counted
	// Unknown: the database could not say (a statement timeout, a
	// permission); Note says why.
	Unknown
	// Stated: the database stated a fact that is not a count (the
	// server's TimeZone); Note holds it.
	Stated
)

// A Figure is the live database's answer behind a flag: a number of
// something, exact or estimated from the catalog, or why there is none.
type Figure struct {
	State FigureState
	// N is the count, for Counted.
	N int64
	// Exact is false when N is the planner's estimate (pg_class.reltuples,
	// pg_stats), as for tables above the exact-count threshold.
	Exact bool
	// Unit is what N counts, singular: "row", "value", "group", "byte",
	// "scan".
	Unit string
	// Of completes the phrase: N Unit(s) Of, e.g. "of accounts with NULL
	// nickname".
	Of string
	// Note says why the figure is Unknown, or is the Stated fact.
	Note string
}

// Count returns an exact count of unit.
func Count(n int64, unit, of string) *Figure {
	return &Figure{State: Counted, N: n, Exact: true, Unit: unit, Of: of}
}

// Estimate returns an estimated count of unit.
func Estimate(n int64, unit, of string) *Figure {
	return &Figure{State: Counted, N: n, Unit: unit, Of: of}
}

// Zero reports whether the figure is an exact count of none.
func (f *Figure) Zero() bool { return f != nil && f.State == Counted && f.Exact && f.N == 0 }

// Some reports whether the figure counts at least one (exact or estimated).
func (f *Figure) Some() bool { return f != nil && f.State == Counted && f.N > 0 }

var unitPlurals = map[string]string{"row": "rows", "value": "values", "group": "groups", "byte": "bytes", "scan": "scans"}

// String returns the figure as the file header and the terminal show it:
// "3 rows of accounts with NULL nickname", "~120000 rows of events
// (estimate)", "not checked", "unknown: statement timeout".
func (f *Figure) String() string {
	if f == nil {
		return ""
	}
	switch f.State {
	case NotChecked:
		return "not checked"
	case Unknown:
		if f.Note == "" {
			return "unknown"
		}
		return "unknown: " + f.Note
	case Stated:
		return f.Note
	}
	unit := f.Unit
	if f.N != 1 {
		if p, ok := unitPlurals[unit]; ok {
			unit = p
		} else {
			unit += "s"
		}
	}
	s := strconv.FormatInt(f.N, 10) + " " + unit
	if !f.Exact {
		s = "~" + s
	}
	if f.Of != "" {
		s += " " + f.Of
	}
	if !f.Exact {
		s += " (estimate)"
	}
	return s
}

var figureRE = regexp.MustCompile(`^(~?)(\d+) (\S+)(?: (.*?))?( \(estimate\))?$`)

// ParseFigure reads what Figure.String writes.
func ParseFigure(s string) *Figure {
	s = strings.TrimSpace(s)
	switch {
	case s == "":
		return nil
	case s == "not checked":
		return &Figure{State: NotChecked}
	case s == "unknown":
		return &Figure{State: Unknown}
	case strings.HasPrefix(s, "unknown: "):
		return &Figure{State: Unknown, Note: strings.TrimPrefix(s, "unknown: ")}
	}
	if m := figureRE.FindStringSubmatch(s); m != nil {
		n, err := strconv.ParseInt(m[2], 10, 64)
		unit, known := m[3], false
		for one, many := range unitPlurals {
			if unit == one || unit == many {
				unit, known = one, true
			}
		}
		if err == nil && known {
			return &Figure{State: Counted, N: n, Exact: m[1] == "" && m[5] == "", Unit: unit, Of: m[4]}
		}
	}
	return &Figure{State: Stated, Note: s}
}

// figureJSON is the documented JSON shape of a figure.
type figureJSON struct {
	State string `json:"state"`
	N     *int64 `json:"n,omitempty"`
	Exact bool   `json:"exact,omitempty"`
	Unit  string `json:"unit,omitempty"`
	Of    string `json:"of,omitempty"`
	Note  string `json:"note,omitempty"`
	Text  string `json:"text"`
}

var figureStates = []string{"not-checked", "counted", "unknown", "stated"}

// MarshalJSON writes the figure with its parts and its text.
func (f *Figure) MarshalJSON() ([]byte, error) {
	j := figureJSON{State: figureStates[f.State], Exact: f.Exact, Unit: f.Unit, Of: f.Of, Note: f.Note, Text: f.String()}
	if f.State == Counted {
		j.N = &f.N
	}
	return json.Marshal(j)
}

// UnmarshalJSON reads what MarshalJSON writes.
func (f *Figure) UnmarshalJSON(b []byte) error {
	var j figureJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	*f = Figure{Exact: j.Exact, Unit: j.Unit, Of: j.Of, Note: j.Note}
	for i, s := range figureStates {
		if s == j.State {
			f.State = FigureState(i)
		}
	}
	if j.N != nil {
		f.N = *j.N
	}
	return nil
}

// An Ack is a reviewer's acceptance of an error-level flag:
//
//	-- gen:ack <Code> <Object> <Reason>
type Ack struct {
	Code, Object, Reason string
}

// Unacked returns the error-level flags of f that are not resolved: those
// that no ack of f accepts (same code, same object).
//
// One flag is also resolved by the file itself: a CodeBackfill flag (the
// backfill the author must write before NOT NULL is enforced) is resolved
// once f's Up section holds a statement of the author's, that is, once the
// UPDATE is written in place of the placeholder comments. gen's own
// statements (the guard, BackfillGuard, and the SET lock_timeout /
// statement_timeout at the top) do not count.
func (f *File) Unacked() []Flag {
	var out []Flag
	written := false
	for _, s := range f.Up {
		if !IsBackfillGuard(s) && !timeoutRE.MatchString(s.SQL) {
			written = true
		}
	}
	for _, fl := range f.Flags {
		if fl.Severity != Error {
			continue
		}
		if fl.Code == CodeBackfill && written {
			continue
		}
		acked := false
		for _, a := range f.Acks {
			if a.Code == fl.Code && a.Object == fl.Object {
				acked = true
				break
			}
		}
		if !acked {
			out = append(out, fl)
		}
	}
	return out
}

// BackfillGuard starts the first comment of the statements gen writes in a
// backfill revision to make it fail while rows still lack a value: applied
// before the author wrote the UPDATE, the revision would be recorded as
// done and could not run again once written.
const BackfillGuard = "BACKFILL GUARD"

// IsBackfillGuard reports whether s is one of gen's backfill guard
// statements.
func IsBackfillGuard(s Stmt) bool {
	return len(s.Comments) > 0 && strings.HasPrefix(s.Comments[0], BackfillGuard)
}

// timeoutRE matches the SET lock_timeout / statement_timeout statements gen
// puts at the top of a PostgreSQL migration.
var timeoutRE = regexp.MustCompile(`^SET (LOCAL )?(lock_timeout|statement_timeout) = '[^']*'$`)
