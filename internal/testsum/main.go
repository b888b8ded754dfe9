// Command testsum runs go test and says which tests were skipped and why.
//
//	go run ./internal/testsum ./...
//
// Plain `go test ./...` prints one line per package and hides the skip
// messages of passing packages, so nobody notices that the PostgreSQL
// suites did not run. testsum runs `go test -json` with the same arguments,
// prints what go test prints (a line per package, the output of failing
// tests), then lists the skipped tests grouped by reason. Its exit code is
// go test's.
package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strings"
)

func main() {
	args := append([]string{"test", "-json"}, os.Args[1:]...)
	if len(os.Args) == 1 {
		args = append(args, "./...")
	}
	cmd := exec.Command("go", args...)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		fmt.Fprintln(os.Stderr, "testsum:", err)
		os.Exit(2)
	}
	if err := cmd.Start(); err != nil {
		fmt.Fprintln(os.Stderr, "testsum:", err)
		os.Exit(2)
	}
	failed := summarize(out, os.Stdout)
	err = cmd.Wait()
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		os.Exit(ee.ExitCode())
	case err != nil:
		fmt.Fprintln(os.Stderr, "testsum:", err)
		os.Exit(2)
	case failed:
		os.Exit(1)
	}
}

// event is one line of `go test -json` (cmd/test2json).
type event struct {
	Action  string
	Package string
	Test    string
	Output  string
}

// summarize reads go test -json events from r and writes the summary to w.
// It reports whether any test or package failed.
func summarize(r io.Reader, w io.Writer) bool {
	var (
		outputs = make(map[string][]string) // package + test → its output lines
		trees   = make(map[string][]string) // package + top-level test → its and its subtests' lines
		skips   = make(map[string][]string) // reason → "package TestName"
		failed  bool
	)
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1024*1024), 16*1024*1024)
	for sc.Scan() {
		var e event
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			fmt.Fprintln(w, sc.Text()) // not JSON: pass it through
			continue
		}
		key := e.Package + " " + e.Test
		switch e.Action {
		case "build-output":
			fmt.Fprint(w, e.Output)
		case "output":
			if e.Test == "" {
				if o := e.Output; o != "PASS\n" && o != "FAIL\n" && !strings.HasPrefix(o, "testing: warning") {
					fmt.Fprint(w, o)
				}
				continue
			}
			outputs[key] = append(outputs[key], e.Output)
			top, _, _ := strings.Cut(e.Test, "/")
			trees[e.Package+" "+top] = append(trees[e.Package+" "+top], e.Output)
		case "fail":
			if e.Test != "" && !strings.Contains(e.Test, "/") {
				failed = true
				// The subtests' output too: a failing subtest's messages
				// are in its own lines, not its parent's.
				for _, o := range trees[key] {
					fmt.Fprint(w, o)
				}
			} else if e.Test == "" {
				failed = true
			}
		case "skip":
			if e.Test == "" || parentSkipped(skips, e.Package, e.Test) {
				continue
			}
			reason := skipReason(outputs[key])
			skips[reason] = append(skips[reason], e.Package+" "+e.Test)
		}
	}
	if len(skips) > 0 {
		fmt.Fprintln(w)
		reasons := make([]string, 0, len(skips))
		for r := range skips {
			reasons = append(reasons, r)
		}
		slices.Sort(reasons)
		for _, r := range reasons {
			fmt.Fprintf(w, "skipped %d test(s): %s\n", len(skips[r]), r)
			for _, t := range groupByPackage(skips[r]) {
				fmt.Fprintf(w, "    %s\n", t)
			}
		}
	}
	return failed
}

// parentSkipped reports whether a parent of test was already recorded as
// skipped: its subtests never ran, listing them adds nothing.
func parentSkipped(skips map[string][]string, pkg, test string) bool {
	for _, ts := range skips {
		for _, t := range ts {
			if strings.HasPrefix(pkg+" "+test, t+"/") {
				return true
			}
		}
	}
	return false
}

var logPrefix = regexp.MustCompile(`^\s+\S+\.go:\d+: `)

// skipReason returns the message t.Skip printed, without its file:line.
func skipReason(lines []string) string {
	for _, l := range lines {
		if logPrefix.MatchString(l) {
			return strings.TrimSpace(logPrefix.ReplaceAllString(l, ""))
		}
	}
	return "(no reason given)"
}

// groupByPackage turns "pkg Test" entries into one line per package.
func groupByPackage(entries []string) []string {
	byPkg := make(map[string][]string)
	var pkgs []string
	for _, e := range entries {
		pkg, test, _ := strings.Cut(e, " ")
		if _, ok := byPkg[pkg]; !ok {
			pkgs = append(pkgs, pkg)
		}
		byPkg[pkg] = append(byPkg[pkg], test)
	}
	slices.Sort(pkgs)
	out := make([]string, len(pkgs))
	for i, p := range pkgs {
		tests := byPkg[p]
		slices.Sort(tests)
		if len(tests) > 3 {
			tests = append(tests[:3:3], fmt.Sprintf("and %d more", len(tests)-3))
		}
		out[i] = p + ": " + strings.Join(tests, ", ")
	}
	return out
}
