package migrations

import (
	"bufio"
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// SumFile is the name of the integrity file in a migrations directory.
const SumFile = "gen.sum"

// A Dir is a migrations directory: one *.sql file per revision and gen.sum.
// A Dir from OpenDir, OpenDirOrEmpty or CreateDir is a directory on disk
// that gen reads and writes; one from OpenFS is read through an fs.FS (an
// embed.FS in an application) and refuses to be written.
type Dir struct {
	path string
	// fsys, when set (OpenFS), is what the Dir reads; it is never written.
	fsys fs.FS
	// absent: opened by OpenDirOrEmpty where nothing exists; read as
	// empty, never written.
	absent bool
	// rename is os.Rename; tests replace it to make a write fail halfway.
	rename func(oldpath, newpath string) error
}

// CreateDir creates the directory at path (with its parents) and, when it
// has none, a gen.sum over the migration files it holds (none for a new
// directory). It is fine if the directory exists.
func CreateDir(path string) (*Dir, error) {
	if err := os.MkdirAll(path, 0o755); err != nil {
		return nil, fmt.Errorf("creating migrations directory: %w", err)
	}
	d := &Dir{path: path, rename: os.Rename}
	if _, err := os.Stat(d.sumPath()); errors.Is(err, fs.ErrNotExist) {
		if err := d.WriteSum(); err != nil {
			return nil, err
		}
	} else if err != nil {
		return nil, fmt.Errorf("creating migrations directory: %w", err)
	}
	return d, nil
}

// OpenDir opens an existing migrations directory. It returns an error
// wrapping ErrNoDir when path does not exist.
func OpenDir(path string) (*Dir, error) {
	fi, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, (&Dir{path: path}).errAbsent()
	case err != nil:
		return nil, fmt.Errorf("opening migrations directory: %w", err)
	case !fi.IsDir():
		return nil, fmt.Errorf("%w: %s is a file, not a directory; point --dir at the migrations directory", ErrNoDir, path)
	}
	return &Dir{path: path, rename: os.Rename}, nil
}

// OpenDirOrEmpty opens the migrations directory at path as OpenDir does,
// except that a path that does not exist is an empty directory: no files,
// no gen.sum. It is for commands that only read (gen diff, gen check: a
// project without migrations yet compares the models with the database as
// if the directory were empty). Writing to such a Dir returns an error
// wrapping ErrNoDir.
func OpenDirOrEmpty(path string) (*Dir, error) {
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return &Dir{path: path, rename: os.Rename, absent: true}, nil
	}
	return OpenDir(path)
}

// OpenFS opens the migrations directory at the root of fsys: its *.sql
// files and gen.sum, which VerifySum (and so the Migrator) checks as for a
// directory on disk. Use fs.Sub for a directory below the root, e.g. an
// embed.FS of "migrations/*.sql" and "migrations/gen.sum":
//
//	//go:embed migrations
//	var embedded embed.FS
//	sub, _ := fs.Sub(embedded, "migrations")
//	dir, err := migrations.OpenFS(sub)
//
// Such a Dir only reads: Write, WriteAll and WriteSum return an error
// (gen's CLI writes migrations, on disk). Messages name files by their
// path in fsys. OpenFS returns an error wrapping ErrNoDir when the root of
// fsys cannot be read as a directory.
func OpenFS(fsys fs.FS) (*Dir, error) {
	if fsys == nil {
		return nil, errors.New("migrations: OpenFS(nil): pass the fs.FS that holds the migration files (an embed.FS, os.DirFS, fs.Sub)")
	}
	if _, err := fs.ReadDir(fsys, "."); err != nil {
		return nil, fmt.Errorf("%w: reading the root of the fs.FS: %w; with an embed.FS, pass fs.Sub(fsys, \"migrations\")", ErrNoDir, err)
	}
	return &Dir{fsys: fsys}, nil
}

// errReadOnly is the error of writing to a Dir opened with OpenFS.
func (d *Dir) errReadOnly() error {
	return errors.New("migrations: this migrations directory was opened with OpenFS and is read-only: gen writes migrations with CreateDir or OpenDir on a directory on disk (gen migrate, gen hash)")
}

// readFile reads a file of the directory by base name.
func (d *Dir) readFile(name string) ([]byte, error) {
	if d.fsys != nil {
		return fs.ReadFile(d.fsys, name)
	}
	return os.ReadFile(filepath.Join(d.path, name))
}

// errAbsent is the error of writing to a Dir that does not exist.
func (d *Dir) errAbsent() error {
	return fmt.Errorf("%w: %s does not exist; run `gen init` to create it (or point --dir at it)", ErrNoDir, d.path)
}

// Path returns the directory's path as given to OpenDir or CreateDir ("" for
// a Dir from OpenFS).
func (d *Dir) Path() string { return d.path }

func (d *Dir) sumPath() string { return filepath.Join(d.path, SumFile) }

// sqlNames returns the names of the migration files, sorted.
func (d *Dir) sqlNames() ([]string, error) {
	if d.absent {
		return nil, nil
	}
	var (
		entries []fs.DirEntry
		err     error
	)
	if d.fsys != nil {
		entries, err = fs.ReadDir(d.fsys, ".")
	} else {
		entries, err = os.ReadDir(d.path)
	}
	if err != nil {
		return nil, fmt.Errorf("reading migrations directory: %w", err)
	}
	var names []string
	for _, e := range entries {
		if e.Type().IsRegular() && strings.HasSuffix(e.Name(), ".sql") {
			names = append(names, e.Name())
		}
	}
	slices.Sort(names)
	return names, nil
}

// Files parses every *.sql file of the directory and returns them sorted by
// name. When files do not parse, the error lists every *ParseError (use
// errors.As to get one).
func (d *Dir) Files() ([]*File, error) {
	names, err := d.sqlNames()
	if err != nil {
		return nil, err
	}
	var (
		files []*File
		errs  []error
	)
	for _, n := range names {
		p := filepath.Join(d.path, n)
		data, err := d.readFile(n)
		if err != nil {
			errs = append(errs, fmt.Errorf("reading migration file: %w", err))
			continue
		}
		f, err := Parse(p, data)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		files = append(files, f)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return files, nil
}

// Graph parses the directory and builds its revision graph.
func (d *Dir) Graph() (*Graph, error) {
	files, err := d.Files()
	if err != nil {
		return nil, err
	}
	return NewGraph(files)
}

// NewRevisionID returns a new random revision id: 12 lower-case hex
// characters.
func NewRevisionID() string {
	b := make([]byte, 6)
	if _, err := rand.Read(b); err != nil {
		panic("migrations: crypto/rand failed: " + err.Error()) // crypto/rand never fails on supported systems
	}
	return hex.EncodeToString(b)
}

var slugRE = regexp.MustCompile(`[^a-z0-9]+`)

// slug turns a message into a file name part: lower case, runs of other
// characters as '_', at most 60 bytes.
func slug(msg string) string {
	s := strings.Trim(slugRE.ReplaceAllString(strings.ToLower(msg), "_"), "_")
	if len(s) > 60 {
		s = strings.TrimRight(s[:60], "_")
	}
	if s == "" {
		s = "migration"
	}
	return s
}

// Write encodes f into a new file named
// "<UTC yyyymmddhhmmss of f.Created>_<slug of f.Message>.sql" (a second
// later than the directory's latest name when that is not earlier, so names
// sort in the order written; "_2", "_3"… when the name is taken) and adds
// it to gen.sum. Both are written to
// temporary files first and renamed into place, so an error leaves neither
// half-written; the other entries of gen.sum are kept as they were, so an
// edit that gen.sum did not allow stays visible. Write sets f.Name and
// f.Sum and returns the new file's path.
func (d *Dir) Write(f *File) (string, error) {
	paths, err := d.WriteAll([]*File{f})
	if err != nil {
		return "", err
	}
	return paths[0], nil
}

// WriteAll writes files as Write does, in order (names sorting in that
// order), with one update of gen.sum: either every file is written and
// gen.sum lists them all, or, on an error, none is kept.
func (d *Dir) WriteAll(files []*File) ([]string, error) {
	if d.absent {
		return nil, d.errAbsent()
	}
	if d.fsys != nil {
		return nil, d.errReadOnly()
	}
	for _, f := range files {
		if !revRE.MatchString(f.Revision) {
			return nil, fmt.Errorf("writing migration: revision id %q is not letters, digits, '-' or '_'; use NewRevisionID", f.Revision)
		}
		if f.Created.IsZero() {
			return nil, fmt.Errorf("writing migration %s: Created is not set; the file name is made from it", f.Revision)
		}
	}
	sum, err := d.readSum()
	if err != nil {
		var se *SumError
		if !errors.As(err, &se) || !errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("writing migration: %w", err)
		}
		sum = sumFile{}
	}
	existing, err := d.sqlNames()
	if err != nil {
		return nil, err
	}
	type pending struct {
		name, tmp string
		sum       string
	}
	var todo []pending
	defer func() {
		for _, p := range todo {
			os.Remove(p.tmp)
		}
	}()
	for _, f := range files {
		base := nameStamp(f.Created, existing).Format(stampLayout) + "_" + slug(f.Message)
		name := base + ".sql"
		for i := 2; slices.Contains(existing, name) || sum.has(name); i++ {
			name = base + "_" + strconv.Itoa(i) + ".sql"
		}
		existing = append(existing, name)
		data := Encode(f)
		fileSum := Sum(data)
		sum.entries = append(sum.entries, sumEntry{name: name, hash: fileSum})
		tmp, err := d.writeTemp(data)
		if err != nil {
			return nil, fmt.Errorf("writing migration: %w", err)
		}
		todo = append(todo, pending{name, tmp, fileSum})
	}
	tmpSum, err := d.writeTemp(sum.encode())
	if err != nil {
		return nil, fmt.Errorf("writing migration: %w", err)
	}
	defer os.Remove(tmpSum)
	var paths []string
	undo := func() {
		for _, p := range paths {
			os.Remove(p)
		}
	}
	for _, p := range todo {
		path := filepath.Join(d.path, p.name)
		if err := d.rename(p.tmp, path); err != nil {
			undo()
			return nil, fmt.Errorf("writing migration: %w", err)
		}
		paths = append(paths, path)
	}
	if err := d.rename(tmpSum, d.sumPath()); err != nil {
		undo()
		return nil, fmt.Errorf("writing migration: updating %s: %w (the new migration was not kept)", SumFile, err)
	}
	for i, f := range files {
		f.Name, f.Sum = todo[i].name, todo[i].sum
	}
	return paths, nil
}

// stampLayout is the timestamp that starts a migration file's name.
const stampLayout = "20060102150405"

// nameStamp returns the timestamp for a new file's name: created, or one
// second after the latest name in the directory when that is not earlier,
// so that file names sort in the order the files were written (two
// migrations in the same second, a clock behind a colleague's). The file's
// header keeps the true creation time.
func nameStamp(created time.Time, existing []string) time.Time {
	stamp := created.UTC().Truncate(time.Second)
	for _, n := range existing {
		if len(n) < len(stampLayout) {
			continue
		}
		t, err := time.Parse(stampLayout, n[:len(stampLayout)])
		if err == nil && !t.Before(stamp) {
			stamp = t.Add(time.Second)
		}
	}
	return stamp
}

// WriteSum rewrites gen.sum from the files in the directory, after a
// deliberate edit of a migration that is not applied anywhere yet (`gen
// hash`). It refuses when a file does not parse or the files do not form
// a revision graph (duplicate ids, unknown parents, a cycle: a *GraphError),
// so gen.sum never vouches for a directory that cannot run.
func (d *Dir) WriteSum() error {
	if d.absent {
		return d.errAbsent()
	}
	if d.fsys != nil {
		return d.errReadOnly()
	}
	// A graph with duplicate ids, unknown parents or a cycle cannot be
	// run: refuse to bless it.
	if _, err := d.Graph(); err != nil {
		return fmt.Errorf("refusing to rewrite %s: %w", SumFile, err)
	}
	sum, err := d.diskSum()
	if err != nil {
		return err
	}
	tmp, err := d.writeTemp(sum.encode())
	if err != nil {
		return fmt.Errorf("rewriting %s: %w", SumFile, err)
	}
	defer os.Remove(tmp)
	if err := d.rename(tmp, d.sumPath()); err != nil {
		return fmt.Errorf("rewriting %s: %w", SumFile, err)
	}
	return nil
}

// VerifySum compares gen.sum with the migration files. It returns a
// *SumError naming every added, deleted and edited file, or nil.
func (d *Dir) VerifySum() error {
	if d.absent {
		return nil
	}
	want, err := d.readSum()
	if err != nil {
		// A directory with no migration yet needs no gen.sum.
		if names, nerr := d.sqlNames(); nerr == nil && len(names) == 0 && errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		return err
	}
	have, err := d.diskSum()
	if err != nil {
		return err
	}
	se := &SumError{Path: d.sumPath()}
	wantBy := map[string]string{}
	for _, e := range want.entries {
		wantBy[e.name] = e.hash
	}
	haveBy := map[string]string{}
	for _, e := range have.entries {
		haveBy[e.name] = e.hash
		switch h, ok := wantBy[e.name]; {
		case !ok:
			se.Added = append(se.Added, e.name)
		case h != e.hash:
			se.Edited = append(se.Edited, e.name)
		}
	}
	for _, e := range want.entries {
		if _, ok := haveBy[e.name]; !ok {
			se.Removed = append(se.Removed, e.name)
		}
	}
	if len(se.Added)+len(se.Removed)+len(se.Edited) > 0 {
		return se
	}
	return nil
}

// writeTemp writes data to a new temporary file in the directory (so that
// renaming it into place is atomic) and returns its path.
func (d *Dir) writeTemp(data []byte) (string, error) {
	t, err := os.CreateTemp(d.path, ".gen-*.tmp")
	if err != nil {
		return "", err
	}
	if _, err := t.Write(data); err != nil {
		t.Close()
		os.Remove(t.Name())
		return "", err
	}
	if err := t.Sync(); err != nil {
		t.Close()
		os.Remove(t.Name())
		return "", err
	}
	if err := t.Close(); err != nil {
		os.Remove(t.Name())
		return "", err
	}
	if err := os.Chmod(t.Name(), 0o644); err != nil {
		os.Remove(t.Name())
		return "", err
	}
	return t.Name(), nil
}

type (
	sumEntry struct{ name, hash string }
	// sumFile is gen.sum: a hash over the entries, then one entry per file.
	sumFile struct{ entries []sumEntry }
)

func (s sumFile) has(name string) bool {
	return slices.ContainsFunc(s.entries, func(e sumEntry) bool { return e.name == name })
}

// body returns the per-file lines, sorted by name.
func (s sumFile) body() []byte {
	es := slices.Clone(s.entries)
	slices.SortFunc(es, func(a, b sumEntry) int { return strings.Compare(a.name, b.name) })
	var b bytes.Buffer
	for _, e := range es {
		fmt.Fprintf(&b, "%s %s\n", e.name, e.hash)
	}
	return b.Bytes()
}

func (s sumFile) encode() []byte {
	body := s.body()
	h := sha256.Sum256(body)
	return append([]byte("h1:"+base64.StdEncoding.EncodeToString(h[:])+"\n"), body...)
}

// diskSum hashes the migration files as they are.
func (d *Dir) diskSum() (sumFile, error) {
	names, err := d.sqlNames()
	if err != nil {
		return sumFile{}, err
	}
	var s sumFile
	for _, n := range names {
		data, err := d.readFile(n)
		if err != nil {
			return sumFile{}, fmt.Errorf("hashing migration file: %w", err)
		}
		s.entries = append(s.entries, sumEntry{name: n, hash: Sum(data)})
	}
	return s, nil
}

// readSumError is a *SumError about gen.sum itself that also unwraps to
// the underlying cause (fs.ErrNotExist for a missing gen.sum).
type readSumError struct {
	*SumError
	cause error
}

func (e *readSumError) Unwrap() []error { return []error{e.SumError, e.cause} }

// readSum reads and checks gen.sum. A missing or malformed gen.sum is a
// *SumError.
func (d *Dir) readSum() (sumFile, error) {
	data, err := d.readFile(SumFile)
	if errors.Is(err, fs.ErrNotExist) {
		have, derr := d.diskSum()
		if derr != nil {
			return sumFile{}, derr
		}
		se := &SumError{Path: d.sumPath(), Problem: SumFile + " is missing"}
		for _, e := range have.entries {
			se.Added = append(se.Added, e.name)
		}
		return sumFile{}, &readSumError{se, err}
	}
	if err != nil {
		return sumFile{}, fmt.Errorf("reading %s: %w", SumFile, err)
	}
	bad := func(line int, what string) error {
		return &SumError{Path: d.sumPath(), Problem: fmt.Sprintf("line %d of %s %s", line, SumFile, what)}
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	var (
		s     sumFile
		total string
		n     int
	)
	for sc.Scan() {
		n++
		line := strings.TrimSuffix(sc.Text(), "\r")
		if strings.HasPrefix(line, "<<<<<<<") || strings.HasPrefix(line, "=======") || strings.HasPrefix(line, ">>>>>>>") {
			return sumFile{}, bad(n, "is a merge conflict marker: two branches added migrations; resolve it by keeping both sets of files, then `gen merge` the heads and `gen hash`")
		}
		if n == 1 {
			if !strings.HasPrefix(line, "h1:") || strings.Contains(line, " ") {
				return sumFile{}, bad(n, "is not `h1:<hash>`")
			}
			total = line
			continue
		}
		name, hash, ok := strings.Cut(line, " ")
		if !ok || !strings.HasPrefix(hash, "h1:") || name == "" {
			return sumFile{}, bad(n, "is not `<file> h1:<hash>`")
		}
		s.entries = append(s.entries, sumEntry{name: name, hash: hash})
	}
	if n == 0 {
		return sumFile{}, bad(1, "is missing (the file is empty)")
	}
	if got := strings.SplitN(string(s.encode()), "\n", 2)[0]; got != total {
		return sumFile{}, &SumError{Path: d.sumPath(), Problem: "the first line of " + SumFile + " does not match the lines below it (it was edited by hand)"}
	}
	return s, nil
}
