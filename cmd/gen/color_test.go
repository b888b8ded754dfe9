package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestIsTerminal: a character device is a terminal to gen; a file and a
// buffer are not.
func TestIsTerminal(t *testing.T) {
	null, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		t.Skip(err)
	}
	defer null.Close()
	file, err := os.Create(filepath.Join(t.TempDir(), "out"))
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	if !isTerminal(null) {
		t.Errorf("%s, a character device, is not taken for a terminal", os.DevNull)
	}
	if isTerminal(file) || isTerminal(&bytes.Buffer{}) {
		t.Error("a file or a buffer is taken for a terminal")
	}
}

// TestColorOnlyOnTerminal: gen colours the severity of the flags, the
// "warning:" of the models' warnings and the "gen:" of errors only when
// the output is a terminal, NO_COLOR is unset or empty and TERM is not
// dumb, and only in the text format.
func TestColorOnlyOnTerminal(t *testing.T) {
	dir, url := flagProject(t, "sqlite", map[string]string{"": "CREATE TABLE users (id integer PRIMARY KEY AUTOINCREMENT, nickname text);\nINSERT INTO users (nickname) VALUES ('ann')"},
		"type User struct {\n\tID   int64\n\tName string `gorm:\"sise:40\"`\n}\n")
	run := func(args ...string) (string, string) {
		t.Helper()
		_, out, errOut := genRun(t, append([]string{"-C", dir, "--db", url}, args...)...)
		return out, errOut
	}
	const esc = "\x1b["
	t.Setenv("NO_COLOR", "")
	t.Setenv("TERM", "xterm-256color")

	// Not a terminal (the test's buffers): no colour.
	out, errOut := run("diff")
	if !strings.Contains(out, "  error GEN") || !strings.Contains(errOut, "warning: User.Name") {
		t.Fatalf("gen diff does not print the flag and the warning this test colours:\n%s\n%s", out, errOut)
	}
	if strings.Contains(out+errOut, esc) {
		t.Errorf("gen diff to a buffer prints escape codes:\n%q\n%q", out, errOut)
	}

	// A terminal.
	isTerminal = func(io.Writer) bool { return true }
	t.Cleanup(func() { isTerminal = defaultIsTerminal })
	out, errOut = run("diff")
	if !strings.Contains(out, "  \x1b[31merror\x1b[0m GEN") {
		t.Errorf("gen diff on a terminal does not colour the error flags red:\n%q", out)
	}
	if !strings.Contains(errOut, "\x1b[33mwarning:\x1b[0m User.Name") {
		t.Errorf("gen diff on a terminal does not colour the warning yellow:\n%q", errOut)
	}
	_, _, errOut = genRun(t, "-C", dir, "--db", "postgres://u@127.0.0.1:1/db", "check")
	if !strings.HasPrefix(errOut, "\x1b[31mgen:\x1b[0m connecting to") {
		t.Errorf("an error on a terminal does not start with a red gen: %q", errOut)
	}
	for _, format := range []string{"json", "github"} {
		out, errOut = run("--format", format, "diff")
		_, _, errOut2 := genRun(t, "-C", dir, "--format", format, "--db", "postgres://u@127.0.0.1:1/db", "check")
		if strings.Contains(out+errOut+errOut2, esc) {
			t.Errorf("--format %s on a terminal prints escape codes:\n%q\n%q\n%q", format, out, errOut, errOut2)
		}
	}

	// A terminal, but NO_COLOR or TERM=dumb.
	for _, env := range [][2]string{{"NO_COLOR", "1"}, {"TERM", "dumb"}} {
		t.Run(env[0]+"="+env[1], func(t *testing.T) {
			t.Setenv(env[0], env[1])
			out, errOut := run("diff")
			if !strings.Contains(out, "  error GEN") {
				t.Fatalf("gen diff does not print the flag:\n%s", out)
			}
			if strings.Contains(out+errOut, esc) {
				t.Errorf("gen diff with %s=%s prints escape codes:\n%q\n%q", env[0], env[1], out, errOut)
			}
		})
	}
}
