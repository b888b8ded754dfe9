package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/genmigrate/gen/internal/docschema"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// An outputCase is a project whose plan raises flags of every severity,
// some on a model field and some on what no field declares any more: the
// scenario behind the --format github golden files and the JSON schema
// checks.
type outputCase struct {
	name, dialect string
	setup         string
	models        string
	// fields maps the title of an annotation ("GEN202 users.nickname") to
	// a text of the models line that declares its field: the annotation
	// must point at that line of models/models.go.
	fields map[string]string
	// noField are the titles of flags no field is behind: gen migrate
	// annotates them on the migration file, at their `-- gen:flag` line.
	noField []string
	// levels are the annotation levels the output must hold.
	levels []string
}

var outputCases = []outputCase{
	{
		name:    "postgres",
		dialect: "postgres",
		setup: `CREATE TABLE users (id integer PRIMARY KEY, email text, nickname text, legacy text);
CREATE TABLE old_logs (id integer PRIMARY KEY, msg text);
INSERT INTO users (id, email, nickname) VALUES (1, 'a@x', 'a'), (2, 'b@x', NULL), (3, 'c@x', NULL), (4, NULL, 'd');
INSERT INTO old_logs VALUES (1, 'm'), (2, 'm'), (3, 'm')`,
		models: `type User struct {
	ID       int32
	Email    *string ` + "`gorm:\"uniqueIndex\"`" + `
	Nickname string  ` + "`gorm:\"not null\"`" + `
}
`,
		fields: map[string]string{
			"GEN202 users.nickname":        "Nickname string",
			"GEN210 users.nickname":        "Nickname string",
			"GEN302 users.nickname":        "Nickname string",
			"GEN203 users.idx_users_email": "Email    *string",
			"GEN303 users.idx_users_email": "Email    *string",
		},
		noField: []string{"GEN101 old_logs", "GEN102 users.legacy"},
		levels:  []string{"error", "warning", "notice"},
	},
	{
		name:    "sqlite",
		dialect: "sqlite",
		setup: `CREATE TABLE users (id integer PRIMARY KEY AUTOINCREMENT, age integer, nickname text, email text);
CREATE TABLE old_logs (id integer PRIMARY KEY, msg text);
INSERT INTO users VALUES (1, 30, 'a', 'a@x'), (2, 41, NULL, 'b@x'), (3, NULL, NULL, NULL);
INSERT INTO old_logs VALUES (1, 'm'), (2, 'm')`,
		models: `type User struct {
	ID       int32
	Age      *string
	Nickname string ` + "`gorm:\"not null\"`" + `
	Email    *string ` + "`gorm:\"uniqueIndex\"`" + `
}
`,
		fields: map[string]string{
			"GEN202 users.nickname":        "Nickname string",
			"GEN210 users.nickname":        "Nickname string",
			"GEN312 users":                 "type User struct",
			"GEN203 users.idx_users_email": "Email    *string",
		},
		noField: []string{"GEN101 old_logs"},
		levels:  []string{"error", "warning", "notice"},
	},
}

// An annotation is a parsed GitHub workflow command.
type annotation struct {
	level   string
	props   map[string]string // unescaped
	message string            // unescaped
}

var (
	// annotationRE is `::level props::message`, props being optional.
	annotationRE = regexp.MustCompile(`^::(error|warning|notice)(?: ([^:]*))?::(.*)$`)
	propKeyRE    = regexp.MustCompile(`^(file|line|endLine|col|endColumn|title)$`)
	// escapes are the only uses of % GitHub decodes.
	messageEscapeRE  = regexp.MustCompile(`%(25|0D|0A)`)
	propertyEscapeRE = regexp.MustCompile(`%(25|0D|0A|3A|2C)`)
)

// parseAnnotation checks that line is a well-formed workflow command
// (GitHub's toolkit rules: properties are comma-separated key=value, their
// values escape %, CR, LF, ':' and ','; the message escapes %, CR and LF)
// and returns it unescaped.
func parseAnnotation(line string) (annotation, error) {
	m := annotationRE.FindStringSubmatch(line)
	if m == nil {
		return annotation{}, fmt.Errorf("not `::error|warning|notice [k=v,…]::message`")
	}
	a := annotation{level: m[1], props: map[string]string{}}
	if m[2] != "" {
		for _, kv := range strings.Split(m[2], ",") {
			k, v, ok := strings.Cut(kv, "=")
			if !ok || !propKeyRE.MatchString(k) {
				return a, fmt.Errorf("property %q is not key=value with a key GitHub reads", kv)
			}
			if _, dup := a.props[k]; dup {
				return a, fmt.Errorf("property %s given twice", k)
			}
			if strings.Contains(propertyEscapeRE.ReplaceAllString(v, ""), "%") {
				return a, fmt.Errorf("property %s=%q has a %% that is not an escape", k, v)
			}
			a.props[k] = unescapeProperty(v)
			if (k == "line" || k == "col" || k == "endLine" || k == "endColumn") && !isPositive(v) {
				return a, fmt.Errorf("property %s=%q is not a positive number", k, v)
			}
		}
	}
	if strings.Contains(messageEscapeRE.ReplaceAllString(m[3], ""), "%") {
		return a, fmt.Errorf("message %q has a %% that is not an escape", m[3])
	}
	a.message = strings.NewReplacer("%0D", "\r", "%0A", "\n", "%25", "%").Replace(m[3])
	return a, nil
}

func unescapeProperty(v string) string {
	return strings.NewReplacer("%0D", "\r", "%0A", "\n", "%3A", ":", "%2C", ",", "%25", "%").Replace(v)
}

func isPositive(s string) bool {
	n, err := strconv.Atoi(s)
	return err == nil && n > 0
}

func TestEscapeProperty(t *testing.T) {
	for in, want := range map[string]string{
		"models/user.go":         "models/user.go",
		"models/a,b.go":          "models/a%2Cb.go",
		`C:\src\models\user.go`:  `C%3A\src\models\user.go`,
		"100%":                   "100%25",
		"GEN101 a,b:c\r\n":       "GEN101 a%2Cb%3Ac%0D%0A",
		"%2C is not a comma yet": "%252C is not a comma yet",
	} {
		got := escapeProperty(in)
		if got != want {
			t.Errorf("escapeProperty(%q) = %q, want %q", in, got, want)
		}
		if back := unescapeProperty(got); back != in {
			t.Errorf("escapeProperty(%q) = %q reads back as %q", in, got, back)
		}
	}
	// A flag on an object whose name holds the separators still makes one
	// annotation with the file, line and title GitHub reads.
	line := fmt.Sprintf("::error file=%s,line=3,title=%s::%s", escapeProperty("models/a,b.go"), escapeProperty("GEN101 a,b::c"), escapeAnnotation("50% lost\nhere"))
	a, err := parseAnnotation(line)
	if err != nil {
		t.Fatalf("%s: %v", line, err)
	}
	if a.props["file"] != "models/a,b.go" || a.props["title"] != "GEN101 a,b::c" || a.message != "50% lost\nhere" {
		t.Errorf("%s reads back as %+v", line, a)
	}
}

// normalizer replaces what changes from run to run with fixed tokens:
// the project directory, the PostgreSQL schema, revision ids (REV1, REV2…
// in order of appearance) and the timestamps of migration file names.
type normalizer struct {
	dir    string
	schema string
	tokens map[string]string
	counts map[string]int
}

var (
	revisionRE = regexp.MustCompile(`\b[0-9a-f]{12}\b`)
	fileTSRE   = regexp.MustCompile(`\b20[0-9]{12}_`)
)

func newNormalizer(dir, url string) *normalizer {
	n := &normalizer{dir: dir, tokens: map[string]string{}, counts: map[string]int{}}
	if m := regexp.MustCompile(`search_path=([A-Za-z0-9_]+)`).FindStringSubmatch(url); m != nil {
		n.schema = m[1]
	}
	return n
}

func (n *normalizer) token(kind, v string) string {
	key := kind + "\x00" + v
	if t, ok := n.tokens[key]; ok {
		return t
	}
	n.counts[kind]++
	t := fmt.Sprintf("%s%d", kind, n.counts[kind])
	n.tokens[key] = t
	return t
}

func (n *normalizer) normalize(s string) string {
	s = strings.ReplaceAll(s, n.dir, "$DIR")
	if n.schema != "" {
		s = strings.ReplaceAll(s, n.schema, "$SCHEMA")
	}
	s = fileTSRE.ReplaceAllStringFunc(s, func(v string) string { return n.token("TIME", v[:14]) + "_" })
	return revisionRE.ReplaceAllStringFunc(s, func(v string) string { return n.token("REV", v) })
}

// TestGitHubAnnotations runs gen --format github diff and migrate on the
// output scenarios, checks every annotation is a valid workflow command
// on the right file and line, and compares the output with
// testdata/github/<scenario>_<command>.golden (rewrite them with
// go test ./cmd/gen -run TestGitHub -update).
func TestGitHubAnnotations(t *testing.T) {
	for _, oc := range outputCases {
		t.Run(oc.name, func(t *testing.T) {
			dir, url := flagProject(t, oc.dialect, both(oc.setup), oc.models)
			models := readLines(t, filepath.Join(dir, "models", "models.go"))
			norm := newNormalizer(dir, url)
			base := []string{"-C", dir, "--db", url, "--format", "github"}

			code, diffOut, errOut := genRun(t, append(slices.Clone(base), "diff")...)
			if code != 1 {
				t.Fatalf("gen --format github diff exited %d, want 1\nstdout:\n%s\nstderr:\n%s", code, diffOut, errOut)
			}
			code, migOut, errOut := genRun(t, append(slices.Clone(base), "migrate", "-m", "x")...)
			if code != 0 {
				t.Fatalf("gen --format github migrate exited %d, want 0\nstdout:\n%s\nstderr:\n%s", code, migOut, errOut)
			}
			for _, run := range []struct{ cmd, out string }{{"diff", diffOut}, {"migrate", migOut}} {
				anns := checkAnnotations(t, run.cmd, run.out)
				levels := map[string]bool{}
				titles := map[string]annotation{}
				for _, a := range anns {
					levels[a.level] = true
					titles[a.props["title"]] = a
				}
				for _, l := range oc.levels {
					if !levels[l] {
						t.Errorf("%s: no ::%s annotation:\n%s", run.cmd, l, run.out)
					}
				}
				for title, text := range oc.fields {
					a, ok := titles[title]
					if !ok {
						t.Errorf("%s: no annotation titled %q:\n%s", run.cmd, title, run.out)
						continue
					}
					want := lineOf(models, text)
					if want == 0 {
						t.Fatalf("the models have no line holding %q", text)
					}
					if a.props["file"] != "models/models.go" || a.props["line"] != strconv.Itoa(want) {
						t.Errorf("%s: %s is annotated on %s:%s, want models/models.go:%d (%q)", run.cmd, title, a.props["file"], a.props["line"], want, text)
					}
				}
				for _, title := range oc.noField {
					a, ok := titles[title]
					if !ok {
						t.Errorf("%s: no annotation titled %q:\n%s", run.cmd, title, run.out)
						continue
					}
					if run.cmd == "diff" {
						// Nothing is written: there is no file to point at.
						if a.props["file"] != "" {
							t.Errorf("diff: %s is annotated on %q, want no file", title, a.props["file"])
						}
						continue
					}
					file := a.props["file"]
					if !strings.HasPrefix(file, "migrations/") || !strings.HasSuffix(file, ".sql") {
						t.Errorf("migrate: %s is annotated on %q, want the migration file", title, file)
						continue
					}
					lines := readLines(t, filepath.Join(dir, file))
					n, _ := strconv.Atoi(a.props["line"])
					if n < 1 || n > len(lines) || !strings.HasPrefix(lines[n-1], "-- gen:flag ") || !strings.Contains(lines[n-1], " "+title+": ") {
						t.Errorf("migrate: %s is annotated on %s:%s, which is not its -- gen:flag line:\n%s", title, file, a.props["line"], strings.Join(lines, "\n"))
					}
				}
				compareGolden(t, filepath.Join("testdata", "github", oc.name+"_"+run.cmd+".golden"), norm.normalize(run.out))
			}
		})
	}
}

// checkAnnotations checks every line of out that starts with "::" is a
// valid workflow command and returns them.
func checkAnnotations(t *testing.T, cmd, out string) []annotation {
	t.Helper()
	var anns []annotation
	for i, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		if strings.Contains(line, "\r") {
			t.Errorf("%s: line %d holds a carriage return: %q", cmd, i+1, line)
		}
		if !strings.HasPrefix(line, "::") {
			continue
		}
		a, err := parseAnnotation(line)
		if err != nil {
			t.Errorf("%s: line %d: %v\n%s", cmd, i+1, err, line)
			continue
		}
		if a.props["title"] == "" {
			t.Errorf("%s: line %d: annotation without a title: %s", cmd, i+1, line)
		}
		anns = append(anns, a)
	}
	if len(anns) == 0 {
		t.Errorf("%s printed no annotation:\n%s", cmd, out)
	}
	return anns
}

func readLines(t *testing.T, path string) []string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Split(string(data), "\n")
}

// lineOf returns the 1-based line of lines holding text, 0 for none.
func lineOf(lines []string, text string) int {
	for i, l := range lines {
		if strings.Contains(l, text) {
			return i + 1
		}
	}
	return 0
}

// compareGolden compares got with the golden file line by line, or
// rewrites the file with -update.
func compareGolden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (write it with go test ./cmd/gen -run TestGitHub -update)", err)
	}
	want := strings.Split(string(data), "\n")
	have := strings.Split(got, "\n")
	for i := 0; i < max(len(want), len(have)); i++ {
		var w, h string
		if i < len(want) {
			w = want[i]
		}
		if i < len(have) {
			h = have[i]
		}
		if w != h || i >= len(want) || i >= len(have) {
			t.Errorf("%s:%d differs (rewrite with -update if the change is meant)\nwant: %q\ngot:  %q\nfull output:\n%s", path, i+1, w, h, got)
			return
		}
	}
}

// compileOutputSchema returns the schema of one of the $defs of
// docs/flags.schema.json.
func compileOutputSchema(t *testing.T, def string) *jsonschema.Schema {
	t.Helper()
	return docschema.Compile(t, def)
}

func validateOutput(sch *jsonschema.Schema, b []byte) error { return docschema.Validate(sch, b) }

// TestJSONOutputSchema validates what gen diff, gen migrate and gen check
// print with --format json on the output scenarios (and on a project with
// nothing to do) against the $defs of docs/flags.schema.json, and checks
// that the schema rejects what gen never prints.
func TestJSONOutputSchema(t *testing.T) {
	draftSchema := compileOutputSchema(t, "draft")
	checkSchema := compileOutputSchema(t, "check")
	var sample []byte // a real draft, for the negative cases
	var sampleCheck []byte
	for _, oc := range outputCases {
		t.Run(oc.name, func(t *testing.T) {
			dir, url := flagProject(t, oc.dialect, both(oc.setup), oc.models)
			base := []string{"-C", dir, "--db", url, "--format", "json"}
			code, out, errOut := genRun(t, append(slices.Clone(base), "diff")...)
			if code != 1 {
				t.Fatalf("gen --format json diff exited %d, want 1\n%s\n%s", code, out, errOut)
			}
			if err := validateOutput(draftSchema, []byte(out)); err != nil {
				t.Errorf("gen diff --format json does not validate against $defs/draft: %v\n%s", err, out)
			}
			var d draftJSON
			if err := json.Unmarshal([]byte(out), &d); err != nil {
				t.Fatal(err)
			}
			for _, f := range d.Files {
				if f.File != "" {
					t.Errorf("gen diff names a file it does not write: %s", f.File)
				}
			}
			if sample == nil {
				sample = []byte(out)
			}

			code, out, errOut = genRun(t, append(slices.Clone(base), "migrate", "-m", "x")...)
			if code != 0 {
				t.Fatalf("gen --format json migrate exited %d\n%s\n%s", code, out, errOut)
			}
			if err := validateOutput(draftSchema, []byte(out)); err != nil {
				t.Errorf("gen migrate --format json does not validate against $defs/draft: %v\n%s", err, out)
			}
			d = draftJSON{}
			if err := json.Unmarshal([]byte(out), &d); err != nil {
				t.Fatal(err)
			}
			if len(d.Files) < 2 {
				t.Errorf("gen migrate wrote %d files, want a staged plan", len(d.Files))
			}
			for _, f := range d.Files {
				if _, err := os.Stat(filepath.Join(dir, f.File)); f.File == "" || err != nil {
					t.Errorf("gen migrate --format json names file %q: %v", f.File, err)
				}
			}

			// Not applied, drifting, and with unacknowledged errors: every
			// kind of finding with and without a position.
			code, out, errOut = genRun(t, append(slices.Clone(base), "check")...)
			if code != 1 {
				t.Fatalf("gen --format json check exited %d, want 1\n%s\n%s", code, out, errOut)
			}
			if err := validateOutput(checkSchema, []byte(out)); err != nil {
				t.Errorf("gen check --format json does not validate against $defs/check: %v\n%s", err, out)
			}
			for _, kind := range []string{`"kind": "pending"`, `"kind": "unacked-flag"`, `"kind": "drift"`} {
				if !strings.Contains(out, kind) {
					t.Errorf("gen check --format json has no %s finding:\n%s", kind, out)
				}
			}
			if sampleCheck == nil {
				sampleCheck = []byte(out)
			}
		})
	}
	for _, dialect := range []string{"postgres", "sqlite"} {
		t.Run(dialect+"_clean", func(t *testing.T) {
			dir, url := flagProject(t, dialect, map[string]string{
				"postgres": "CREATE TABLE users (id integer PRIMARY KEY)",
				// GORM's integer key auto-increments: on SQLite, AUTOINCREMENT.
				"sqlite": "CREATE TABLE users (id integer PRIMARY KEY AUTOINCREMENT)",
			}, "type User struct{ ID int32 }\n")
			base := []string{"-C", dir, "--db", url, "--format", "json"}
			code, out, errOut := genRun(t, append(slices.Clone(base), "diff")...)
			if code != 0 {
				t.Fatalf("gen --format json diff exited %d, want 0 (no changes)\n%s\n%s", code, out, errOut)
			}
			if err := validateOutput(draftSchema, []byte(out)); err != nil {
				t.Errorf("an empty draft does not validate: %v\n%s", err, out)
			}
			// flagProject makes the migrations directory without gen.sum,
			// which gen init would have written.
			if code, out, errOut := genRun(t, "-C", dir, "--db", url, "hash"); code != 0 {
				t.Fatalf("gen hash exited %d\n%s\n%s", code, out, errOut)
			}
			code, out, errOut = genRun(t, append(slices.Clone(base), "check")...)
			if code != 0 {
				t.Fatalf("gen --format json check exited %d, want 0\n%s\n%s", code, out, errOut)
			}
			if err := validateOutput(checkSchema, []byte(out)); err != nil || strings.Join(strings.Fields(out), "") != `{"findings":[]}` {
				t.Errorf("a clean check printed %s (%v), want {\"findings\": []}", out, err)
			}
		})
	}
	if sample == nil || sampleCheck == nil {
		t.Skip("no scenario ran (GEN_TEST_POSTGRES_URL unset and the SQLite scenario failed?)")
	}

	// What gen never prints must not validate.
	mutate := func(doc []byte, edit func(v map[string]any)) []byte {
		var v map[string]any
		if err := json.Unmarshal(doc, &v); err != nil {
			t.Fatal(err)
		}
		edit(v)
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	file0 := func(v map[string]any) map[string]any { return v["files"].([]any)[0].(map[string]any) }
	broken := map[string][]byte{
		"no changes":            mutate(sample, func(v map[string]any) { delete(v, "changes") }),
		"an unknown field":      mutate(sample, func(v map[string]any) { v["warnings"] = []any{} }),
		"a deploy class":        mutate(sample, func(v map[string]any) { v["deploy"] = "sideways" }),
		"deploy without advice": mutate(sample, func(v map[string]any) { delete(v, "advice") }),
		"a file without up":     mutate(sample, func(v map[string]any) { delete(file0(v), "up") }),
		"a revision id":         mutate(sample, func(v map[string]any) { file0(v)["revision"] = "not a revision" }),
		"a statement number":    mutate(sample, func(v map[string]any) { file0(v)["up"] = []any{1} }),
		"a flag severity": mutate(sample, func(v map[string]any) {
			v["flags"].([]any)[0].(map[string]any)["severity"] = "fatal"
		}),
		"a change without summary": mutate(sample, func(v map[string]any) {
			delete(v["changes"].([]any)[0].(map[string]any), "summary")
		}),
	}
	for name, b := range broken {
		if err := validateOutput(draftSchema, b); err == nil {
			t.Errorf("draft with %s: %s validates; the schema must reject it", name, b)
		}
	}
	brokenCheck := map[string][]byte{
		"a finding kind":             mutate(sampleCheck, func(v map[string]any) { v["findings"].([]any)[0].(map[string]any)["kind"] = "opinion" }),
		"a finding without text":     mutate(sampleCheck, func(v map[string]any) { delete(v["findings"].([]any)[0].(map[string]any), "message") }),
		"line 0":                     mutate(sampleCheck, func(v map[string]any) { v["findings"].([]any)[0].(map[string]any)["line"] = 0 }),
		"findings as null":           []byte(`{"findings": null}`),
		"a draft instead of a check": sample,
	}
	for name, b := range brokenCheck {
		if err := validateOutput(checkSchema, b); err == nil {
			t.Errorf("check output with %s: %s validates; the schema must reject it", name, b)
		}
	}
}

// TestJSONModelProblems: with --format json, the models' errors and
// warnings are objects with their file, line and column, on stdout, for a
// command the errors stop ($defs/error) and for one they do not (diff and
// check, $defs/draft and $defs/check); the schema rejects a problem
// without a message.
func TestJSONModelProblems(t *testing.T) {
	errorSchema := compileOutputSchema(t, "error")
	draftSchema := compileOutputSchema(t, "draft")
	checkSchema := compileOutputSchema(t, "check")
	type problem struct {
		File    string `json:"file"`
		Line    int    `json:"line"`
		Col     int    `json:"col"`
		Object  string `json:"object"`
		Message string `json:"message"`
	}
	var got struct {
		Error    string    `json:"error"`
		Errors   []problem `json:"errors"`
		Warnings []problem `json:"warnings"`
	}
	warnField := "\tName string `gorm:\"sise:40\"`\n"
	dir, url := flagProject(t, "sqlite", nil, "type User struct {\n\tID int64\n"+warnField+"\tAttrs map[string]int `gorm:\"column:attrs\"`\n}\n")
	code, out, errOut := genRun(t, "-C", dir, "--db", url, "--format", "json", "diff")
	if code != 2 {
		t.Fatalf("gen --format json diff on models with an error exited %d, want 2\n%s\n%s", code, out, errOut)
	}
	if err := validateOutput(errorSchema, []byte(out)); err != nil {
		t.Errorf("the error output does not validate against $defs/error: %v\n%s", err, out)
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	wantErr := problem{File: "models/models.go", Line: 6, Col: 2, Object: "User.Attrs", Message: "GORM has no column type for Go type map[string]int; or tag the field `gorm:\"-\"` if it is not stored"}
	wantWarn := problem{File: "models/models.go", Line: 5, Col: 2, Object: "User.Name", Message: `unknown gorm key "sise", which GORM ignores; did you mean "size"?`}
	if got.Error != "the models have 1 error and 1 warning; nothing was written" || len(got.Errors) != 1 || got.Errors[0] != wantErr || len(got.Warnings) != 1 || got.Warnings[0] != wantWarn {
		t.Errorf("gen --format json diff printed\n%s\nwant the error %+v and the warning %+v", out, wantErr, wantWarn)
	}
	if !strings.Contains(errOut, "models/models.go:6:2: User.Attrs: GORM has no column type") {
		t.Errorf("stderr lacks the error in compiler form:\n%s", errOut)
	}

	// Only the warning: diff and check run, and carry it.
	dir, url = flagProject(t, "sqlite", nil, "type User struct {\n\tID int64\n"+warnField+"}\n")
	code, out, errOut = genRun(t, "-C", dir, "--db", url, "--format", "json", "diff")
	if code != 1 {
		t.Fatalf("gen --format json diff exited %d, want 1 (a table to create)\n%s\n%s", code, out, errOut)
	}
	if err := validateOutput(draftSchema, []byte(out)); err != nil {
		t.Errorf("gen diff --format json with a warning does not validate against $defs/draft: %v\n%s", err, out)
	}
	got.Warnings = nil
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Warnings) != 1 || got.Warnings[0] != wantWarn {
		t.Errorf("gen diff --format json carries warnings %+v, want [%+v]\n%s", got.Warnings, wantWarn, out)
	}
	code, out, errOut = genRun(t, "-C", dir, "--db", url, "--format", "json", "check")
	if code != 1 {
		t.Fatalf("gen --format json check exited %d, want 1 (drift)\n%s\n%s", code, out, errOut)
	}
	if err := validateOutput(checkSchema, []byte(out)); err != nil {
		t.Errorf("gen check --format json with a warning does not validate against $defs/check: %v\n%s", err, out)
	}
	got.Warnings = nil
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Warnings) != 1 || got.Warnings[0] != wantWarn {
		t.Errorf("gen check --format json carries warnings %+v, want [%+v]\n%s", got.Warnings, wantWarn, out)
	}
	code, _, errOut = genRun(t, "-C", dir, "--db", url, "check")
	if code != 1 || !strings.Contains(errOut, "models/models.go:5:2: warning: User.Name: unknown gorm key") {
		t.Errorf("gen check exited %d; its stderr lacks the model warning:\n%s", code, errOut)
	}

	if err := validateOutput(errorSchema, []byte(`{"error": "x", "errors": [{"file": "a.go", "line": 1}]}`)); err == nil {
		t.Error("$defs/error accepts a problem without a message")
	}
}

// TestJSONCommandError: a command that cannot run prints, with --format
// json, an $defs/error object on stdout whose message keeps the password
// out, beside the same text on stderr.
func TestJSONCommandError(t *testing.T) {
	errorSchema := compileOutputSchema(t, "error")
	dir, _ := flagProject(t, "sqlite", nil, "type User struct{ ID int64 }\n")
	code, out, errOut := genRun(t, "-C", dir, "--format", "json", "--db", "postgres://u:s3cret@127.0.0.1:1/db", "check")
	if code != 2 {
		t.Fatalf("gen --format json check against a closed port exited %d, want 2\n%s\n%s", code, out, errOut)
	}
	if err := validateOutput(errorSchema, []byte(out)); err != nil {
		t.Errorf("the error output does not validate against $defs/error: %v\n%s", err, out)
	}
	var got struct {
		Error string `json:"error"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(got.Error, "connecting to postgres://u:xxxxx@127.0.0.1:1/db") || !strings.Contains(errOut, "gen: connecting to") {
		t.Errorf("error = %q, stderr %q; want the redacted URL in both", got.Error, errOut)
	}
	if strings.Contains(out+errOut, "s3cret") {
		t.Errorf("the password is printed:\n%s\n%s", out, errOut)
	}
}
