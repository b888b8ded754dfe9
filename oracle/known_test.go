package oracle

import (
	"bufio"
	"flag"
	"fmt"
	"maps"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
)

// knownFile lists the divergences between gen and the ORMs that are known:
// found by the oracle, and reported for routing to the package of gen they
// belong to. A test fails on a divergence that is not listed, so that a new
// one is noticed; it logs the listed ones.
const knownFile = "testdata/known.txt"

// envStrict, when set, makes every divergence fail, listed or not. A listed
// one that is no longer seen always fails.
const envStrict = "GEN_ORACLE_STRICT"

var updateKnown = flag.Bool("update-known", false, "rewrite "+knownFile+" with the divergences the tests that ran saw")

// known is the content of knownFile: divergence lines by test name.
var known struct {
	sync.Mutex
	list map[string][]string
	seen map[string][]string // what the tests that ran saw, for -update-known
}

// readKnown reads knownFile. Its format: a "[TestName/subtest]" line, then
// that test's divergences, one a line; blank lines and lines starting with
// "#" are comments.
func readKnown() error {
	known.list = map[string][]string{}
	known.seen = map[string][]string{}
	f, err := os.Open(knownFile)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		return err
	}
	defer f.Close()
	var test string
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		switch {
		case strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#"):
		case strings.HasPrefix(line, "[") && strings.HasSuffix(line, "]"):
			test = line[1 : len(line)-1]
		case test == "":
			return fmt.Errorf("%s:%d: a divergence before any [TestName] line", knownFile, n)
		default:
			known.list[test] = append(known.list[test], line)
		}
	}
	return sc.Err()
}

// writeKnown rewrites knownFile: the divergences the tests that ran saw,
// and the listed ones of the tests that did not run.
func writeKnown() error {
	list := maps.Clone(known.list)
	for test, lines := range known.seen {
		if len(lines) == 0 {
			delete(list, test)
		} else {
			list[test] = lines
		}
	}
	var b strings.Builder
	b.WriteString(`# Divergences between gen and the ORMs that the oracle finds and that are
# known: each is reported to the package of gen it belongs to. A test fails
# on a divergence not listed here. Rewrite this file after a change to gen
# with
#   GEN_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/test go test ./... -args -update-known
# and read the diff before committing it.
`)
	for _, test := range slices.Sorted(maps.Keys(list)) {
		fmt.Fprintf(&b, "\n[%s]\n", test)
		lines := slices.Clone(list[test])
		// By what the line is about, then "-" (the ORM's) before "+".
		slices.SortFunc(lines, func(a, b string) int {
			if c := strings.Compare(strings.TrimLeft(a, "-+ "), strings.TrimLeft(b, "-+ ")); c != 0 {
				return c
			}
			return strings.Compare(a, b)
		})
		for _, l := range lines {
			b.WriteString(l + "\n")
		}
	}
	if err := os.MkdirAll("testdata", 0o755); err != nil {
		return err
	}
	return os.WriteFile(knownFile, []byte(b.String()), 0o644)
}

// diverge reports what gen does differently from the ORM in t: divergences,
// one a line (the lines knownFile holds), and detail, the full account. It
// fails t on a divergence knownFile does not list for t (on any, with
// GEN_ORACLE_STRICT set) and logs the listed ones.
func diverge(t *testing.T, divergences []string, detail string) {
	t.Helper()
	known.Lock()
	known.seen[t.Name()] = divergences
	listed := known.list[t.Name()]
	known.Unlock()
	if *updateKnown {
		if len(divergences) > 0 {
			t.Logf("%d divergence(s), written to %s:\n%s", len(divergences), knownFile, detail)
		}
		return
	}
	var unlisted, gone []string
	for _, d := range divergences {
		if !slices.Contains(listed, d) {
			unlisted = append(unlisted, d)
		}
	}
	for _, d := range listed {
		if !slices.Contains(divergences, d) {
			gone = append(gone, d)
		}
	}
	strict := os.Getenv(envStrict) != ""
	switch {
	case len(unlisted) > 0:
		t.Errorf("%s\n%d divergence(s) from the ORM that %s does not list (route each to the package of gen it belongs to, then list it with -update-known):\n  %s",
			detail, len(unlisted), knownFile, strings.Join(unlisted, "\n  "))
	case len(divergences) > 0 && strict:
		t.Errorf("%s\n%d known divergence(s) (%s is set)", detail, len(divergences), envStrict)
	case len(divergences) > 0:
		t.Logf("%d known divergence(s), listed in %s:\n%s", len(divergences), knownFile, detail)
	}
	if len(gone) > 0 {
		msg := fmt.Sprintf("%d divergence(s) listed in %s no longer happen; drop them with -update-known:\n  %s",
			len(gone), knownFile, strings.Join(gone, "\n  "))
		t.Error(msg) // a stale list would hide the day a divergence comes back
	}
}
