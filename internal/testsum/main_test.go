package main

import (
	"strings"
	"testing"
)

// A go test -json stream: a package with a skipped test, one with a
// skipped subtest group, a failing test and a test failing in a subtest,
// and a package without tests.
const stream = `{"Action":"start","Package":"x/a"}
{"Action":"run","Package":"x/a","Test":"TestPG"}
{"Action":"output","Package":"x/a","Test":"TestPG","Output":"=== RUN   TestPG\n"}
{"Action":"output","Package":"x/a","Test":"TestPG","Output":"    testdb.go:31: GEN_TEST_POSTGRES_URL is not set: skipping PostgreSQL tests\n"}
{"Action":"output","Package":"x/a","Test":"TestPG","Output":"--- SKIP: TestPG (0.00s)\n"}
{"Action":"skip","Package":"x/a","Test":"TestPG"}
{"Action":"output","Package":"x/a","Output":"PASS\n"}
{"Action":"output","Package":"x/a","Output":"ok  \tx/a\t0.01s\n"}
{"Action":"pass","Package":"x/a"}
{"Action":"run","Package":"x/b","Test":"TestScripts/postgres"}
{"Action":"output","Package":"x/b","Test":"TestScripts/postgres","Output":"    script_test.go:40: GEN_TEST_POSTGRES_URL is not set: skipping PostgreSQL tests\n"}
{"Action":"skip","Package":"x/b","Test":"TestScripts/postgres"}
{"Action":"output","Package":"x/b","Test":"TestScripts/postgres/walk","Output":"    x.go:1: never printed\n"}
{"Action":"skip","Package":"x/b","Test":"TestScripts/postgres/walk"}
{"Action":"output","Package":"x/b","Test":"TestBroken","Output":"    b_test.go:9: got 1, want 2\n"}
{"Action":"output","Package":"x/b","Test":"TestBroken","Output":"--- FAIL: TestBroken (0.00s)\n"}
{"Action":"fail","Package":"x/b","Test":"TestBroken"}
{"Action":"output","Package":"x/b","Test":"TestGolden","Output":"--- FAIL: TestGolden (0.00s)\n"}
{"Action":"output","Package":"x/b","Test":"TestGolden/case","Output":"    golden_test.go:5: want.json mismatch\n"}
{"Action":"output","Package":"x/b","Test":"TestGolden/case","Output":"    --- FAIL: TestGolden/case (0.01s)\n"}
{"Action":"fail","Package":"x/b","Test":"TestGolden/case"}
{"Action":"fail","Package":"x/b","Test":"TestGolden"}
{"Action":"output","Package":"x/b","Output":"FAIL\n"}
{"Action":"output","Package":"x/b","Output":"FAIL\tx/b\t0.02s\n"}
{"Action":"fail","Package":"x/b"}
{"Action":"output","Package":"x/c","Output":"?   \tx/c\t[no test files]\n"}
{"Action":"skip","Package":"x/c"}
`

func TestSummarize(t *testing.T) {
	var b strings.Builder
	failed := summarize(strings.NewReader(stream), &b)
	if !failed {
		t.Error("summarize reported no failure for a stream with a failing test")
	}
	want := "ok  \tx/a\t0.01s\n" +
		"    b_test.go:9: got 1, want 2\n" +
		"--- FAIL: TestBroken (0.00s)\n" +
		// A failing subtest's message is shown with its parent.
		"--- FAIL: TestGolden (0.00s)\n" +
		"    golden_test.go:5: want.json mismatch\n" +
		"    --- FAIL: TestGolden/case (0.01s)\n" +
		"FAIL\tx/b\t0.02s\n" +
		"?   \tx/c\t[no test files]\n" +
		"\n" +
		"skipped 2 test(s): GEN_TEST_POSTGRES_URL is not set: skipping PostgreSQL tests\n" +
		"    x/a: TestPG\n" +
		"    x/b: TestScripts/postgres\n"
	if got := b.String(); got != want {
		t.Errorf("summary:\n%s\nwant:\n%s", got, want)
	}
}

func TestSummarizePassing(t *testing.T) {
	var b strings.Builder
	if summarize(strings.NewReader(`{"Action":"output","Package":"x/a","Output":"ok  \tx/a\t0.01s\n"}`+"\n"), &b) {
		t.Error("a passing stream was reported as failed")
	}
	if strings.Contains(b.String(), "skipped") {
		t.Errorf("no skips, but the summary says %q", b.String())
	}
}

func TestGroupByPackageKeepsLinesShort(t *testing.T) {
	got := groupByPackage([]string{"p TestE", "p TestD", "p TestC", "p TestB", "p TestA", "q TestZ"})
	want := []string{"p: TestA, TestB, TestC, and 2 more", "q: TestZ"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("groupByPackage = %q, want %q", got, want)
	}
}
