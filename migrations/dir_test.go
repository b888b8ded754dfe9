package migrations

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func newFile(rev, msg string, parents ...string) *File {
	return &File{
		Revision: rev,
		Parents:  parents,
		Message:  msg,
		Created:  time.Date(2026, 11, 22, 6, 30, 0, 0, time.UTC),
		Deploy:   DeployAdditive,
		Up:       []Stmt{{SQL: "SELECT 1"}},
	}
}

func mustWrite(t *testing.T, d *Dir, f *File) string {
	t.Helper()
	p, err := d.Write(f)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestOpenDirMissing(t *testing.T) {
	p := filepath.Join(t.TempDir(), "nope")
	_, err := OpenDir(p)
	if !errors.Is(err, ErrNoDir) || !strings.Contains(err.Error(), p) || !strings.Contains(err.Error(), "gen init") {
		t.Fatalf("OpenDir(missing) = %v; want ErrNoDir naming the path and `gen init`", err)
	}
}

// A directory that does not exist reads as empty through OpenDirOrEmpty,
// is never created by it, and refuses writes.
func TestOpenDirOrEmptyMissing(t *testing.T) {
	p := filepath.Join(t.TempDir(), "nope")
	d, err := OpenDirOrEmpty(p)
	if err != nil {
		t.Fatal(err)
	}
	g, err := d.Graph()
	if err != nil || len(g.Files()) != 0 || len(g.Heads()) != 0 {
		t.Fatalf("Graph() = %v files, %v; want an empty graph", g, err)
	}
	if err := d.VerifySum(); err != nil {
		t.Errorf("VerifySum() = %v, want nil", err)
	}
	if _, err := d.Write(newFile("aaaaaaaaaaaa", "init")); !errors.Is(err, ErrNoDir) {
		t.Errorf("Write = %v, want ErrNoDir", err)
	}
	if err := d.WriteSum(); !errors.Is(err, ErrNoDir) {
		t.Errorf("WriteSum = %v, want ErrNoDir", err)
	}
	if _, err := os.Stat(p); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the directory was created: %v", err)
	}
	// An existing directory opens as OpenDir opens it.
	created, err := CreateDir(p)
	if err != nil {
		t.Fatal(err)
	}
	mustWrite(t, created, newFile("aaaaaaaaaaaa", "init"))
	d, err = OpenDirOrEmpty(p)
	if err != nil {
		t.Fatal(err)
	}
	if fs, err := d.Files(); err != nil || len(fs) != 1 {
		t.Errorf("Files() = %d files, %v; want 1", len(fs), err)
	}
}

func TestCreateDirTwice(t *testing.T) {
	p := filepath.Join(t.TempDir(), "a", "migrations")
	d, err := CreateDir(p)
	if err != nil {
		t.Fatal(err)
	}
	mustWrite(t, d, newFile("aaaaaaaaaaaa", "init"))
	if _, err := CreateDir(p); err != nil {
		t.Fatalf("CreateDir on an existing directory: %v", err)
	}
	if err := d.VerifySum(); err != nil {
		t.Fatalf("CreateDir again must keep gen.sum: %v", err)
	}
}

func TestWriteNamesAndSum(t *testing.T) {
	d, err := CreateDir(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if err := d.VerifySum(); err != nil {
		t.Fatalf("empty directory: %v", err)
	}
	f1 := newFile("aaaaaaaaaaaa", "Add time-zone to Users!")
	p1 := mustWrite(t, d, f1)
	f2 := newFile("bbbbbbbbbbbb", "Add time-zone to Users!", "aaaaaaaaaaaa")
	p2 := mustWrite(t, d, f2)
	f3 := newFile("cccccccccccc", "", "bbbbbbbbbbbb")
	mustWrite(t, d, f3)
	// Written in the same second: each name takes the next second, so the
	// names sort in the order written.
	want := []string{"20261122063000_add_time_zone_to_users.sql", "20261122063001_add_time_zone_to_users.sql", "20261122063002_migration.sql"}
	if got := []string{f1.Name, f2.Name, f3.Name}; !cmp.Equal(got, want) {
		t.Fatalf("names = %q, want %q", got, want)
	}
	if p1 != filepath.Join(d.Path(), f1.Name) || p2 != filepath.Join(d.Path(), f2.Name) {
		t.Errorf("paths = %q, %q", p1, p2)
	}
	data, err := os.ReadFile(p1)
	if err != nil {
		t.Fatal(err)
	}
	if f1.Sum != Sum(data) {
		t.Errorf("f.Sum = %q, want the sum of the file written, %q", f1.Sum, Sum(data))
	}
	if err := d.VerifySum(); err != nil {
		t.Fatalf("after Write: %v", err)
	}
	sum, err := os.ReadFile(filepath.Join(d.Path(), SumFile))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(sum)), "\n")
	if len(lines) != 4 || !strings.HasPrefix(lines[0], "h1:") || lines[1] != f1.Name+" "+f1.Sum {
		t.Fatalf("gen.sum =\n%s", sum)
	}
	files, err := d.Files()
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 3 || files[0].Name != f1.Name || files[2].Name != f3.Name {
		t.Fatalf("Files() = %v", files)
	}
	// Nothing but the migrations and gen.sum is left behind.
	entries, _ := os.ReadDir(d.Path())
	if len(entries) != 4 {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("directory holds %q, want 3 migrations and gen.sum", names)
	}
}

func TestVerifySumReportsChanges(t *testing.T) {
	d, err := CreateDir(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	a := mustWrite(t, d, newFile("aaaaaaaaaaaa", "one"))
	b := mustWrite(t, d, newFile("bbbbbbbbbbbb", "two", "aaaaaaaaaaaa"))

	// Edit one file, delete another, add a stray one.
	if err := os.WriteFile(a, append(must(os.ReadFile(a)), "-- reviewed\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(b); err != nil {
		t.Fatal(err)
	}
	stray := filepath.Join(d.Path(), "20300101000000_stray.sql")
	if err := os.WriteFile(stray, Encode(newFile("cccccccccccc", "stray")), 0o644); err != nil {
		t.Fatal(err)
	}
	// A README is not a migration.
	if err := os.WriteFile(filepath.Join(d.Path(), "README.md"), []byte("hi"), 0o644); err != nil {
		t.Fatal(err)
	}
	err = d.VerifySum()
	var se *SumError
	if !errors.As(err, &se) || !errors.Is(err, ErrChecksum) {
		t.Fatalf("VerifySum = %v, want a *SumError", err)
	}
	want := &SumError{
		Path:    filepath.Join(d.Path(), SumFile),
		Edited:  []string{filepath.Base(a)},
		Removed: []string{filepath.Base(b)},
		Added:   []string{filepath.Base(stray)},
	}
	if diff := cmp.Diff(want, se); diff != "" {
		t.Fatalf("SumError (-want +got):\n%s", diff)
	}
	for _, name := range []string{filepath.Base(a), filepath.Base(b), filepath.Base(stray), "gen hash"} {
		if !strings.Contains(err.Error(), name) {
			t.Errorf("message %q does not name %q", err, name)
		}
	}
	// Writing a new migration keeps reporting the edit: Write does not
	// rehash the other files.
	mustWrite(t, d, newFile("dddddddddddd", "four", "aaaaaaaaaaaa"))
	if err := d.VerifySum(); !errors.As(err, &se) || len(se.Edited) != 1 {
		t.Fatalf("after another Write, VerifySum = %v; want the edit still reported", err)
	}
	// gen hash accepts the directory as it is.
	if err := d.WriteSum(); err != nil {
		t.Fatal(err)
	}
	if err := d.VerifySum(); err != nil {
		t.Fatalf("after WriteSum: %v", err)
	}
}

func TestVerifySumBadSumFile(t *testing.T) {
	tests := []struct {
		name, content, want string
	}{
		{"conflict", "<<<<<<< HEAD\nh1:x\n=======\nh1:y\n>>>>>>> b\n", "merge conflict"},
		{"hand-edited total", "h1:AAAA\n", "does not match the lines below it"},
		{"garbage line", "h1:x\nnot a line\n", "line 2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := CreateDir(t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(d.Path(), SumFile), []byte(tt.content), 0o644); err != nil {
				t.Fatal(err)
			}
			err = d.VerifySum()
			if !errors.Is(err, ErrChecksum) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("VerifySum = %v; want ErrChecksum saying %q", err, tt.want)
			}
			if _, err := d.Write(newFile("aaaaaaaaaaaa", "x")); !errors.Is(err, ErrChecksum) {
				t.Fatalf("Write over a broken gen.sum = %v; want ErrChecksum", err)
			}
		})
	}
	t.Run("missing", func(t *testing.T) {
		d, err := CreateDir(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		mustWrite(t, d, newFile("aaaaaaaaaaaa", "x"))
		os.Remove(filepath.Join(d.Path(), SumFile))
		var se *SumError
		if err := d.VerifySum(); !errors.As(err, &se) || !strings.Contains(err.Error(), "gen.sum is missing") || len(se.Added) != 1 {
			t.Fatalf("VerifySum without gen.sum = %v", err)
		}
	})
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// snapshot returns the directory's files and contents.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		out[e.Name()] = string(must(os.ReadFile(filepath.Join(dir, e.Name()))))
	}
	return out
}

func TestWriteLeavesNothingHalfWritten(t *testing.T) {
	t.Run("read-only directory", func(t *testing.T) {
		if os.Geteuid() == 0 {
			t.Skip("running as root, which writes into read-only directories; the failure-injection case below covers the same path")
		}
		d, err := CreateDir(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		mustWrite(t, d, newFile("aaaaaaaaaaaa", "one"))
		before := snapshot(t, d.Path())
		if err := os.Chmod(d.Path(), 0o555); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.Chmod(d.Path(), 0o755) })
		if _, err := d.Write(newFile("bbbbbbbbbbbb", "two", "aaaaaaaaaaaa")); err == nil {
			t.Fatal("Write into a read-only directory succeeded")
		}
		if diff := cmp.Diff(before, snapshot(t, d.Path())); diff != "" {
			t.Fatalf("directory changed (-before +after):\n%s", diff)
		}
	})
	t.Run("gen.sum cannot be replaced", func(t *testing.T) {
		d, err := CreateDir(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		mustWrite(t, d, newFile("aaaaaaaaaaaa", "one"))
		before := snapshot(t, d.Path())
		d.rename = func(oldpath, newpath string) error {
			if filepath.Base(newpath) == SumFile {
				return &fs.PathError{Op: "rename", Path: newpath, Err: fs.ErrPermission}
			}
			return os.Rename(oldpath, newpath)
		}
		f := newFile("bbbbbbbbbbbb", "two", "aaaaaaaaaaaa")
		if _, err := d.Write(f); !errors.Is(err, fs.ErrPermission) {
			t.Fatalf("Write = %v, want the rename failure", err)
		}
		if diff := cmp.Diff(before, snapshot(t, d.Path())); diff != "" {
			t.Fatalf("directory changed (-before +after):\n%s", diff)
		}
		if f.Name != "" || f.Sum != "" {
			t.Errorf("a failed Write set Name %q, Sum %q", f.Name, f.Sum)
		}
	})
}

func TestFilesReportsAllParseErrors(t *testing.T) {
	d, err := CreateDir(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	mustWrite(t, d, newFile("aaaaaaaaaaaa", "good"))
	os.WriteFile(filepath.Join(d.Path(), "1_bad.sql"), []byte("-- gen:revision b\n-- gen:parents\n-- gen:created 2026-01-01T00:00:00Z\n-- +gen Upp\n-- +gen Up\n"), 0o644)
	os.WriteFile(filepath.Join(d.Path(), "2_bad.sql"), []byte("SELECT 1;\n"), 0o644)
	_, err = d.Files()
	if err == nil {
		t.Fatal("Files() accepted broken files")
	}
	for _, want := range []string{filepath.Join(d.Path(), "1_bad.sql") + ":4:", filepath.Join(d.Path(), "2_bad.sql") + ":1:"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not name %s", err, want)
		}
	}
	var pe *ParseError
	if !errors.As(err, &pe) {
		t.Errorf("errors.As(*ParseError) fails on %v", err)
	}
	if err := d.WriteSum(); err == nil {
		t.Error("WriteSum vouched for unparsable files")
	}
}

func TestWriteNamesSortInWriteOrder(t *testing.T) {
	d, err := CreateDir(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	created := time.Date(2026, 11, 22, 6, 30, 0, 0, time.UTC)
	var names []string
	// Three migrations in the same second, messages in reverse order.
	for _, msg := range []string{"zebra", "mango", "apple"} {
		f := &File{Revision: NewRevisionID(), Message: msg, Created: created}
		if _, err := d.Write(f); err != nil {
			t.Fatal(err)
		}
		names = append(names, f.Name)
	}
	want := []string{"20261122063000_zebra.sql", "20261122063001_mango.sql", "20261122063002_apple.sql"}
	if !slices.Equal(names, want) {
		t.Errorf("names %q, want %q", names, want)
	}
	// A file from a clock ahead (a colleague's branch) pushes the next name after it.
	f := &File{Revision: NewRevisionID(), Message: "late", Created: created}
	if err := os.WriteFile(filepath.Join(d.Path(), "20300101000000_ahead.sql"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Write(f); err != nil {
		t.Fatal(err)
	}
	if f.Name != "20300101000001_late.sql" {
		t.Errorf("after a file named 20300101000000_…, the new file is %s", f.Name)
	}
	// The header keeps the true creation time.
	data, err := os.ReadFile(filepath.Join(d.Path(), f.Name))
	if err != nil {
		t.Fatal(err)
	}
	got, err := Parse(f.Name, data)
	if err != nil {
		t.Fatal(err)
	}
	if !got.Created.Equal(created) {
		t.Errorf("header created %v, want %v", got.Created, created)
	}
}

// An empty migrations directory made by hand (not gen init) has no gen.sum,
// and needs none; once it holds a migration, a missing gen.sum is an error.
func TestVerifySumEmptyDirectory(t *testing.T) {
	path := t.TempDir()
	d, err := OpenDir(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := d.VerifySum(); err != nil {
		t.Fatalf("an empty directory: %v", err)
	}
	if err := os.WriteFile(filepath.Join(path, "20260101000000_x.sql"), Encode(&File{Revision: "aaaaaaaaaaaa", Created: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := d.VerifySum(); err == nil {
		t.Fatal("a migration without gen.sum verified")
	}
}

// gen hash must not bless a directory that cannot run: a cycle or two
// files with one revision id leave gen.sum as it was, and say which files.
func TestWriteSumRefusesBadGraph(t *testing.T) {
	tests := []struct {
		name  string
		files []*File
		want  []string
	}{
		{"cycle", []*File{newFile("aaaaaaaaaaaa", "one", "bbbbbbbbbbbb"), newFile("bbbbbbbbbbbb", "two", "aaaaaaaaaaaa")}, []string{"cycle", "aaaaaaaaaaaa", "bbbbbbbbbbbb"}},
		{"duplicate id", []*File{newFile("aaaaaaaaaaaa", "one"), newFile("aaaaaaaaaaaa", "copy")}, []string{"aaaaaaaaaaaa", "_one.sql", "_copy.sql"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := CreateDir(t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			// A good directory hashed first: gen.sum must stay as it is.
			mustWrite(t, d, newFile("cccccccccccc", "good"))
			before := must(os.ReadFile(filepath.Join(d.Path(), SumFile)))
			for i, f := range tt.files {
				name := fmt.Sprintf("2030010100000%d_%s.sql", i, f.Message)
				if err := os.WriteFile(filepath.Join(d.Path(), name), Encode(f), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			err = d.WriteSum()
			if !errors.Is(err, ErrInvalidGraph) {
				t.Fatalf("WriteSum = %v, want ErrInvalidGraph", err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("message %q does not name %q", err, w)
				}
			}
			if after := must(os.ReadFile(filepath.Join(d.Path(), SumFile))); !bytes.Equal(before, after) {
				t.Errorf("gen.sum changed:\n%s", after)
			}
		})
	}
}
