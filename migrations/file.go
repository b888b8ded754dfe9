package migrations

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"
)

type (
	// A File is one migration file: one revision of the schema.
	File struct {
		// Name is the file's base name, e.g.
		// "20261122063000_add_timezone.sql". Parse and Dir.Write set it.
		Name string
		// Revision is the revision id (12 lower-case hex characters when
		// made by NewRevisionID).
		Revision string
		// Parents are the revisions this one follows: none for the first,
		// one normally, several for a merge revision.
		Parents []string
		// Message is the one-line description given to `gen migrate -m`.
		Message string
		// Created is when the revision was made (UTC).
		Created time.Time
		// Dialect is the SQL dialect the statements are written in,
		// DialectPostgres or DialectSQLite ("-- gen:dialect"); empty in a
		// file written before gen recorded it, which every driver runs.
		// The Migrator refuses to run a file on a driver of another
		// dialect.
		Dialect string
		// Deploy is DeployAdditive, DeployDestructive, DeployExpandContract
		// or empty.
		Deploy Deploy
		// NoTransaction is set when a statement cannot run in a
		// transaction block; the runner then runs the statements one by one.
		NoTransaction bool
		// Flags are the risks found when the revision was made.
		Flags []Flag
		// Acks are the reviewers' acceptances of error-level flags.
		Acks []Ack
		// Up and Down are the upgrade and downgrade statements.
		Up, Down []Stmt
		// Sum is the file's checksum, Sum of its bytes (which leaves out
		// the ack lines); set by Parse and by Dir.Write.
		Sum string

		// dialectLine is the line of "-- gen:dialect", for messages.
		dialectLine int
	}

	// A Stmt is one SQL statement of a migration file.
	Stmt struct {
		// SQL is the statement without its trailing ';'. It may span
		// several lines.
		SQL string
		// Comments are the "-- " comment lines directly above the
		// statement, without the "-- ".
		Comments []string
		// Line is the 1-based line of the file where the statement starts
		// (0 for a statement built in memory).
		Line int
	}
)

// Path returns the path of f in dir.
func (f *File) Path(dir *Dir) string { return filepath.Join(dir.Path(), f.Name) }

// Sum returns the checksum gen records for a migration file's bytes, in
// the version table when the file is applied and in gen.sum:
// "h1:" + base64(sha256(data without its ack lines)).
//
// An ack line is a line of the header (above the first "-- +gen" marker)
// that Parse reads as "-- gen:ack …", whatever the spacing after "--" and
// around the line; it is left out whole, with its line break. Adding or
// removing an ack therefore changes neither the recorded checksum nor
// gen.sum: acknowledging a flag of a file that a database already ran is
// not an edit, and needs no `gen hash`. Every other byte counts: a
// statement, a flag line, a comment, a blank line, line endings.
//
// Before acks were left out, the sum was over every byte of the file;
// version rows and gen.sum entries written then for a file with ack lines
// do not match this sum (no release recorded them).
func Sum(data []byte) string {
	h := sha256.New()
	header := true
	for rest := data; len(rest) > 0; {
		line := rest
		if i := bytes.IndexByte(rest, '\n'); i >= 0 {
			line, rest = rest[:i+1], rest[i+1:]
		} else {
			rest = nil
		}
		if header {
			text := strings.TrimSpace(string(line))
			if _, ok := markerOf(text); ok {
				header = false
			} else if isAckLine(text) {
				continue
			}
		}
		h.Write(line)
	}
	return "h1:" + base64.StdEncoding.EncodeToString(h.Sum(nil))
}

// isAckLine reports whether a trimmed header line is a "-- gen:ack" line.
func isAckLine(trimmed string) bool {
	m := headerRE.FindStringSubmatch(trimmed)
	return m != nil && m[1] == "ack"
}

// Encode returns the text of f as a migration file. Header values are put
// on one line (line breaks become spaces); a statement that would not split
// back to itself on ';' (a trigger body, one ending in a line comment) is
// wrapped in "-- +gen StatementBegin" / "-- +gen StatementEnd". Parse of
// the result gives back f (with Stmt.Line, Flag.FileLine and Sum set).
func Encode(f *File) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "-- gen:revision %s\n", oneLine(f.Revision))
	b.WriteString("-- gen:parents")
	for _, p := range f.Parents {
		b.WriteString(" " + oneLine(p))
	}
	b.WriteString("\n")
	fmt.Fprintf(&b, "-- gen:message %s\n", oneLine(f.Message))
	fmt.Fprintf(&b, "-- gen:created %s\n", f.Created.UTC().Format(time.RFC3339Nano))
	if f.Dialect != "" {
		fmt.Fprintf(&b, "-- gen:dialect %s\n", oneLine(f.Dialect))
	}
	if f.Deploy != "" {
		fmt.Fprintf(&b, "-- gen:deploy %s\n", oneLine(string(f.Deploy)))
	}
	if f.NoTransaction {
		b.WriteString("-- gen:no-transaction\n")
	}
	for _, fl := range f.Flags {
		fmt.Fprintf(&b, "-- gen:flag %s %s %s: %s", fl.Severity, oneLine(fl.Code), oneLine(fl.Object), oneLine(fl.Message))
		if fl.Live != nil {
			b.WriteString(" | live: " + oneLine(fl.Live.String()))
		}
		if fl.Fix != "" {
			b.WriteString(" | fix: " + oneLine(fl.Fix))
		}
		b.WriteString("\n")
	}
	for _, a := range f.Acks {
		fmt.Fprintf(&b, "-- gen:ack %s %s %s\n", oneLine(a.Code), oneLine(a.Object), oneLine(a.Reason))
	}
	b.WriteString("\n-- +gen Up\n")
	encodeStmts(&b, f.Up)
	b.WriteString("\n-- +gen Down\n")
	encodeStmts(&b, f.Down)
	// Trailing spaces of header lines with empty values are noise in a
	// diff and editors strip them; Parse does not need them.
	lines := strings.Split(b.String(), "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, "-- gen:") {
			lines[i] = strings.TrimRight(l, " ")
		}
	}
	return []byte(strings.Join(lines, "\n"))
}

func encodeStmts(b *bytes.Buffer, stmts []Stmt) {
	first := true
	for _, s := range stmts {
		sql := strings.TrimSpace(s.SQL)
		if sql == "" && len(s.Comments) == 0 {
			continue // nothing to run; Parse would not give it back
		}
		// A blank line between statements: a reviewer reads each one alone.
		if !first {
			b.WriteString("\n")
		}
		first = false
		for _, c := range s.Comments {
			for _, l := range strings.Split(strings.ReplaceAll(c, "\r", ""), "\n") {
				if l == "" {
					b.WriteString("--\n")
				} else {
					b.WriteString("-- " + l + "\n")
				}
			}
		}
		if sql == "" {
			// A placeholder: a step for the author to write (a backfill).
			// Its comments stand where the statement goes; Parse reads
			// them as free comments, so the file has no statement there
			// until it is written.
			continue
		}
		if splitsToItself(sql) {
			b.WriteString(sql + ";\n")
		} else {
			b.WriteString("-- +gen StatementBegin\n" + sql + ";\n-- +gen StatementEnd\n")
		}
	}
}

// splitsToItself reports whether "sql;" parses back as the one statement
// sql with no comments.
func splitsToItself(sql string) bool {
	if sql == "" {
		return false
	}
	p := &parser{name: "stmt", section: secUp, f: &File{}}
	for i, l := range strings.Split(sql+";", "\n") {
		if err := p.line(i+1, l); err != nil {
			return false
		}
	}
	if p.finishSection(0) != nil || len(p.f.Up) != 1 {
		return false
	}
	return p.f.Up[0].SQL == sql && len(p.f.Up[0].Comments) == 0
}

// oneLine puts a header value on one line.
func oneLine(s string) string {
	s = strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ").Replace(s)
	return strings.TrimSpace(s)
}

// Parse reads a migration file. name is used for File.Name (its base) and
// in errors, which are *ParseError values naming name:line and saying what
// to fix.
func Parse(name string, data []byte) (*File, error) {
	p := &parser{name: name, f: &File{Name: filepath.Base(name), Sum: Sum(data)}, seen: map[string]int{}}
	text := string(data)
	text = strings.TrimSuffix(text, "\n")
	lines := strings.Split(text, "\n")
	hasUp := false
	for _, l := range lines {
		if m, ok := markerOf(l); ok && m == "Up" {
			hasUp = true
			break
		}
	}
	if !hasUp {
		line := 1
		for i, l := range lines {
			if t := strings.TrimSpace(l); t != "" && !strings.HasPrefix(t, "--") {
				line = i + 1
				break
			}
		}
		return nil, p.errorf(line, "no `-- +gen Up` line: a migration file has its upgrade statements under `-- +gen Up` and its downgrade statements under `-- +gen Down`")
	}
	for i, l := range lines {
		if err := p.line(i+1, l); err != nil {
			return nil, err
		}
	}
	if err := p.finishSection(len(lines)); err != nil {
		return nil, err
	}
	for _, k := range []string{"revision", "parents", "created"} {
		if _, ok := p.seen[k]; !ok {
			return nil, p.errorf(1, "missing header `-- gen:%s`: a migration file starts with -- gen:revision, -- gen:parents (empty for the first revision) and -- gen:created lines", k)
		}
	}
	return p.f, nil
}

const (
	secHeader = iota
	secUp
	secDown
)

var (
	markerRE = regexp.MustCompile(`^--\s*\+gen(?:\s+(.*))?$`)
	headerRE = regexp.MustCompile(`^--\s*gen:(\S*)(?:\s+(.*))?$`)
	revRE    = regexp.MustCompile(`^[A-Za-z0-9_-]+$`)
)

// markerOf returns the word after "-- +gen" on a line, if it is a marker.
func markerOf(line string) (string, bool) {
	m := markerRE.FindStringSubmatch(strings.TrimSpace(line))
	if m == nil {
		return "", false
	}
	return strings.TrimSpace(m[1]), true
}

// parser reads a migration file line by line.
type parser struct {
	name    string
	f       *File
	seen    map[string]int
	section int

	out     []Stmt   // statements of the current section
	pending []string // comment lines not yet attached

	// The statement being read.
	started  bool
	code     bool // it has more than comments
	start    int
	comments []string
	buf      strings.Builder
	lx       lexer

	// A -- +gen StatementBegin block.
	inBlock    bool
	blockStart int
	blockLines []string
	blockCmts  []string
}

func (p *parser) errorf(line int, format string, args ...any) error {
	return &ParseError{File: p.name, Line: line, Msg: fmt.Sprintf(format, args...)}
}

func (p *parser) line(n int, raw string) error {
	line := strings.TrimSuffix(raw, "\r")
	marker, isMarker := markerOf(line)
	if p.inBlock {
		if isMarker {
			switch marker {
			case "StatementEnd":
				p.endBlock()
				return nil
			case "Up", "Down", "StatementBegin":
				return p.errorf(p.blockStart, "`-- +gen StatementBegin` has no `-- +gen StatementEnd` before line %d: add `-- +gen StatementEnd` after the statement", n)
			}
		}
		p.blockLines = append(p.blockLines, line)
		return nil
	}
	if p.lx.inside() {
		if isMarker {
			return p.errorf(p.lx.openLine, "unterminated %s (it is still open at `-- +gen %s` on line %d): close it with %s", p.lx.what(), marker, n, p.lx.closer())
		}
		return p.feed(n, line)
	}
	trimmed := strings.TrimSpace(line)
	if isMarker {
		if err := p.finishPending(n, "`-- +gen "+marker+"`"); err != nil {
			return err
		}
		switch marker {
		case "Up":
			if p.section != secHeader {
				return p.errorf(n, "a second `-- +gen Up`: a file has one Up section, followed by one Down section")
			}
			p.section = secUp
		case "Down":
			switch p.section {
			case secHeader:
				return p.errorf(n, "`-- +gen Down` before `-- +gen Up`: put the upgrade statements under `-- +gen Up` first")
			case secDown:
				return p.errorf(n, "a second `-- +gen Down`: a file has one Down section")
			}
			if err := p.finishSection(n); err != nil {
				return err
			}
			p.section = secDown
		case "StatementBegin":
			if p.section == secHeader {
				return p.errorf(n, "`-- +gen StatementBegin` before `-- +gen Up`: statements go under `-- +gen Up` or `-- +gen Down`")
			}
			p.inBlock, p.blockStart, p.blockLines = true, n, nil
			p.blockCmts, p.pending = p.pending, nil
		case "StatementEnd":
			return p.errorf(n, "`-- +gen StatementEnd` without a `-- +gen StatementBegin` above it")
		default:
			return p.errorf(n, "unknown marker `-- +gen %s`: the markers are `-- +gen Up`, `-- +gen Down`, `-- +gen StatementBegin` and `-- +gen StatementEnd`", marker)
		}
		return nil
	}
	if p.section == secHeader {
		switch {
		case trimmed == "":
			return nil
		case headerRE.MatchString(trimmed):
			return p.header(n, trimmed)
		case strings.HasPrefix(trimmed, "--"):
			return nil // a free comment in the header
		}
		return p.errorf(n, "SQL above `-- +gen Up`: move it under `-- +gen Up` (upgrade) or `-- +gen Down` (downgrade)")
	}
	if !p.started {
		switch {
		case trimmed == "":
			p.pending = nil
			return nil
		case isKnownHeader(trimmed):
			return p.errorf(n, "header line %q below `-- +gen Up`: `-- gen:` lines belong in the header at the top of the file", trimmed)
		case strings.HasPrefix(trimmed, "--"):
			p.pending = append(p.pending, commentText(trimmed))
			return nil
		}
		p.begin(n)
	}
	return p.feed(n, line)
}

// isKnownHeader reports whether a line is a "-- gen:" header line with a
// known key (below the header it is a misplaced header line, while a
// comment such as "-- gen: note" is just a comment).
func isKnownHeader(trimmed string) bool {
	m := headerRE.FindStringSubmatch(trimmed)
	return m != nil && slices.Contains(knownKeys, m[1])
}

func commentText(trimmed string) string {
	t := strings.TrimPrefix(trimmed, "--")
	return strings.TrimPrefix(t, " ")
}

func (p *parser) begin(n int) {
	p.started, p.code, p.start = true, false, n
	p.comments, p.pending = p.pending, nil
	p.buf.Reset()
}

// feed runs line through the lexer, ending statements at top-level ';'.
func (p *parser) feed(n int, line string) error {
	rest := line
	for {
		end, code := p.lx.scan(n, rest)
		p.code = p.code || code
		if end < 0 {
			p.buf.WriteString(rest)
			p.buf.WriteString("\n")
			return nil
		}
		p.buf.WriteString(rest[:end])
		if sql := strings.TrimSpace(p.buf.String()); p.code && sql != "" {
			p.out = append(p.out, Stmt{SQL: sql, Comments: p.comments, Line: p.start})
		}
		p.started, p.code, p.comments = false, false, nil
		p.buf.Reset()
		rest = rest[end+1:]
		t := strings.TrimSpace(rest)
		if t == "" || strings.HasPrefix(t, "--") {
			return nil
		}
		p.begin(n)
	}
}

func (p *parser) endBlock() {
	start := p.blockStart + 1
	for _, l := range p.blockLines {
		if strings.TrimSpace(l) != "" {
			break
		}
		start++
	}
	sql := strings.TrimSpace(strings.Join(p.blockLines, "\n"))
	sql = strings.TrimSpace(strings.TrimSuffix(sql, ";"))
	if sql != "" {
		p.out = append(p.out, Stmt{SQL: sql, Comments: p.blockCmts, Line: start})
	}
	p.inBlock, p.blockLines, p.blockCmts = false, nil, nil
}

// finishPending checks that no statement is open before a marker or the
// end of the file (at is what comes next, for the message).
func (p *parser) finishPending(n int, at string) error {
	if p.started && p.code {
		return p.errorf(p.start, "the statement starting here has no terminating ';' before %s (line %d): end it with ';'", at, n)
	}
	p.started, p.code, p.comments = false, false, nil
	p.buf.Reset()
	return nil
}

// finishSection stores the statements read so far in the section being
// left (n is the line of what ends it, 0 for the end of the file).
func (p *parser) finishSection(n int) error {
	if p.inBlock {
		return p.errorf(p.blockStart, "`-- +gen StatementBegin` has no `-- +gen StatementEnd`: add `-- +gen StatementEnd` after the statement")
	}
	if p.lx.inside() {
		return p.errorf(p.lx.openLine, "unterminated %s: close it with %s", p.lx.what(), p.lx.closer())
	}
	if err := p.finishPending(n, "the end of the section"); err != nil {
		return err
	}
	p.pending = nil
	if p.f != nil {
		switch p.section {
		case secUp:
			p.f.Up = p.out
		case secDown:
			p.f.Down = p.out
		}
	}
	p.out = nil
	return nil
}

var knownKeys = []string{"revision", "parents", "message", "created", "deploy", "no-transaction", "flag", "ack", "dialect"}

func (p *parser) header(n int, trimmed string) error {
	m := headerRE.FindStringSubmatch(trimmed)
	key, val := m[1], strings.TrimSpace(m[2])
	if !slices.Contains(knownKeys, key) {
		return p.errorf(n, "unknown header `-- gen:%s`: the header keys are %s (a plain comment must not start with `gen:`)", key, strings.Join(knownKeys, ", "))
	}
	if key != "flag" && key != "ack" {
		if first, ok := p.seen[key]; ok {
			return p.errorf(n, "a second `-- gen:%s` (the first is on line %d): keep one", key, first)
		}
	}
	p.seen[key] = n
	f := p.f
	switch key {
	case "revision":
		if !revRE.MatchString(val) {
			return p.errorf(n, "`-- gen:revision` needs one revision id of letters, digits, '-' or '_', got %q", val)
		}
		f.Revision = val
	case "parents":
		f.Parents = nil
		for _, id := range strings.Fields(val) {
			if !revRE.MatchString(id) {
				return p.errorf(n, "`-- gen:parents` lists revision ids separated by spaces; %q is not one", id)
			}
			f.Parents = append(f.Parents, id)
		}
	case "message":
		f.Message = val
	case "created":
		t, err := time.Parse(time.RFC3339Nano, val)
		if err != nil {
			return p.errorf(n, "`-- gen:created` needs an RFC 3339 time such as 2026-11-22T06:30:00Z, got %q", val)
		}
		f.Created = t.UTC()
	case "dialect":
		switch val {
		case DialectPostgres, DialectSQLite:
			f.Dialect, f.dialectLine = val, n
		default:
			return p.errorf(n, "`-- gen:dialect` is %s or %s, got %q: it says which database the statements are written for", DialectPostgres, DialectSQLite, val)
		}
	case "deploy":
		switch d := Deploy(val); d {
		case DeployAdditive, DeployDestructive, DeployExpandContract:
			f.Deploy = d
		default:
			return p.errorf(n, "`-- gen:deploy` is one of %s, %s or %s, got %q", DeployAdditive, DeployDestructive, DeployExpandContract, val)
		}
	case "no-transaction":
		if val != "" {
			return p.errorf(n, "`-- gen:no-transaction` takes no value, got %q", val)
		}
		f.NoTransaction = true
	case "flag":
		fl, ok := parseFlag(val)
		if !ok {
			return p.errorf(n, "`-- gen:flag` needs `<error|warning|info> <code> <object>: <message>` (then optionally ` | live: <figure>` and ` | fix: <what to do>`), got %q", val)
		}
		fl.FileLine = n
		f.Flags = append(f.Flags, fl)
	case "ack":
		parts := strings.SplitN(val, " ", 3)
		if len(parts) < 2 || parts[0] == "" || parts[1] == "" {
			return p.errorf(n, "`-- gen:ack` needs `<code> <object> <reason>`, e.g. `-- gen:ack GEN101 users.email table is empty in production`, got %q", val)
		}
		a := Ack{Code: parts[0], Object: parts[1]}
		if len(parts) == 3 {
			a.Reason = strings.TrimSpace(parts[2])
		}
		f.Acks = append(f.Acks, a)
	}
	return nil
}

func parseFlag(val string) (Flag, bool) {
	sev, rest, ok := strings.Cut(val, " ")
	if !ok {
		return Flag{}, false
	}
	code, rest, ok := strings.Cut(strings.TrimLeft(rest, " "), " ")
	if !ok {
		return Flag{}, false
	}
	severity, ok := ParseSeverity(sev)
	if !ok {
		return Flag{}, false
	}
	fl := Flag{Severity: severity, Code: code}
	rest = strings.TrimLeft(rest, " ")
	switch i := strings.Index(rest, ": "); {
	case i >= 0:
		fl.Object, rest = rest[:i], rest[i+2:]
	case strings.HasSuffix(rest, ":"):
		fl.Object, rest = strings.TrimSuffix(rest, ":"), ""
	default:
		return Flag{}, false
	}
	if i := strings.LastIndex(rest, " | fix: "); i >= 0 {
		fl.Fix, rest = rest[i+len(" | fix: "):], rest[:i]
	} else if strings.HasPrefix(rest, "| fix: ") {
		fl.Fix, rest = rest[len("| fix: "):], ""
	}
	if i := strings.LastIndex(rest, " | live: "); i >= 0 {
		fl.Live, rest = ParseFigure(strings.TrimSpace(rest[i+len(" | live: "):])), rest[:i]
	} else if strings.HasPrefix(rest, "| live: ") {
		fl.Live, rest = ParseFigure(strings.TrimSpace(rest[len("| live: "):])), ""
	}
	// Encode writes each part trimmed (oneLine): spaces around a part are
	// not part of it, so that a file reads the same once re-encoded.
	fl.Object, fl.Message, fl.Fix = strings.TrimSpace(fl.Object), strings.TrimSpace(rest), strings.TrimSpace(fl.Fix)
	return fl, true
}
