package migrations

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/genmigrate/gen/internal/docschema"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// docSections returns the "### " sections of docs/flags.md by heading
// (without the "### "), each with its text up to the next heading.
func docSections(t *testing.T) (map[string]string, []string, string) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "docs", "flags.md"))
	if err != nil {
		t.Fatal(err)
	}
	sections := map[string]string{}
	var order []string
	heading := ""
	var body strings.Builder
	flush := func() {
		if heading != "" {
			sections[heading] = body.String()
			order = append(order, heading)
		}
		heading = ""
		body.Reset()
	}
	for _, line := range strings.Split(string(data), "\n") {
		switch {
		case strings.HasPrefix(line, "### "):
			flush()
			heading = strings.TrimPrefix(line, "### ")
		case strings.HasPrefix(line, "## "), strings.HasPrefix(line, "# "):
			flush()
		default:
			body.WriteString(line + "\n")
		}
	}
	flush()
	return sections, order, string(data)
}

// TestFlagDocCoversCatalog keeps docs/flags.md in step with the catalog:
// one section per code, headed "### <code> — <title>", listing every
// alias and HAZARDS.md row of the code; no section for a code the catalog
// lacks; the advice of every deploy class.
func TestFlagDocCoversCatalog(t *testing.T) {
	sections, order, doc := docSections(t)
	inCatalog := map[string]bool{}
	for _, c := range Codes() {
		inCatalog[c.Code] = true
		heading := c.Code + " — " + c.Title
		body, ok := sections[heading]
		if !ok {
			t.Errorf("docs/flags.md has no section `### %s`", heading)
			continue
		}
		for _, h := range c.Hazards {
			if !strings.Contains(body, "`"+h+"`") {
				t.Errorf("section %s does not list hazard row `%s`", c.Code, h)
			}
		}
		for _, a := range c.Aliases {
			if !strings.Contains(body, "`"+a+"`") {
				t.Errorf("section %s does not list alias `%s`", c.Code, a)
			}
		}
		for _, part := range []string{"**Raised when:**", "**Severity:**", "**Live figure:**", "**Safe alternative:**"} {
			if !strings.Contains(body, part) {
				t.Errorf("section %s has no %s", c.Code, part)
			}
		}
	}
	codeHeading := regexp.MustCompile(`^(GEN\d+)\b`)
	var docCodes []string
	for _, h := range order {
		m := codeHeading.FindStringSubmatch(h)
		if m == nil {
			continue
		}
		docCodes = append(docCodes, m[1])
		if !inCatalog[m[1]] {
			t.Errorf("docs/flags.md documents %s, which is not in the catalog (migrations/codes.go)", h)
		}
	}
	var want []string
	for _, c := range Codes() {
		want = append(want, c.Code)
	}
	if strings.Join(docCodes, " ") != strings.Join(want, " ") {
		t.Errorf("docs/flags.md documents the codes in the order\n%v\nwant the catalog's\n%v", docCodes, want)
	}
	for _, d := range []Deploy{DeployAdditive, DeployDestructive, DeployExpandContract} {
		if !strings.Contains(doc, d.Advice()) {
			t.Errorf("docs/flags.md does not give the advice of deploy class %s: %q", d, d.Advice())
		}
	}
}

func compileFlagSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	return docschema.Compile(t, "")
}

func validateJSON(sch *jsonschema.Schema, b []byte) error { return docschema.Validate(sch, b) }

// TestFlagJSONMatchesSchema checks that what Flag.MarshalJSON writes is
// what docs/flags.schema.json documents, and that the schema rejects what
// gen never writes.
func TestFlagJSONMatchesSchema(t *testing.T) {
	sch := compileFlagSchema(t)
	pos := &Pos{File: "models/account.go", Line: 12, Col: 2}
	figures := map[string]*Figure{
		"no figure":         nil,
		"not checked":       {State: NotChecked},
		"exact count":       Count(3, "row", "of accounts with NULL nickname"),
		"zero":              Count(0, "value", ""),
		"estimate":          Estimate(120000, "row", "of events"),
		"unknown":           {State: Unknown},
		"unknown with note": {State: Unknown, Note: "statement timeout"},
		"stated":            {State: Stated, Note: "Europe/Paris"},
	}
	for name, fig := range figures {
		for _, p := range []*Pos{nil, pos, {File: "models/a.go", Line: 3}} {
			for _, code := range []string{CodeSetNotNull, CodeProbableRename} { // with and without aliases
				f := Flag{Code: code, Severity: Error, Object: "accounts.nickname", Message: "SET NOT NULL fails", Live: fig, Fix: "backfill first", Pos: p, FileLine: 7}
				b, err := json.Marshal(f)
				if err != nil {
					t.Fatal(err)
				}
				if err := validateJSON(sch, b); err != nil {
					t.Errorf("%s: %s does not validate: %v", name, b, err)
				}
			}
		}
	}
	// The bare minimum.
	if err := validateJSON(sch, must(json.Marshal(Flag{Code: "GEN401", Severity: Info, Object: "users.name"}))); err != nil {
		t.Errorf("a flag without message, figure, fix or position: %v", err)
	}

	ok := must(json.Marshal(Flag{Code: CodeDropTable, Severity: Warning, Object: "users", Message: "safe: table is empty", Live: Count(0, "row", "")}))
	broken := map[string]string{
		"severity fatal":        strings.Replace(string(ok), `"severity":"warning"`, `"severity":"fatal"`, 1),
		"no code":               strings.Replace(string(ok), `"code":"GEN101",`, ``, 1),
		"an unknown field":      strings.Replace(string(ok), `{"code"`, `{"line":6,"code"`, 1),
		"a figure state":        strings.Replace(string(ok), `"state":"counted"`, `"state":"guessed"`, 1),
		"a count without n":     strings.Replace(string(ok), `"n":0,`, ``, 1),
		"n on an unknown":       `{"code":"GEN101","severity":"error","object":"users","message":"m","live":{"state":"unknown","n":3,"text":"unknown"}}`,
		"a figure without text": strings.Replace(string(ok), `,"text":"0 rows"`, ``, 1),
		"pos without a line":    `{"code":"GEN101","severity":"error","object":"users","message":"m","pos":{"file":"a.go"}}`,
	}
	for name, b := range broken {
		if b == string(ok) {
			t.Fatalf("%s: the replacement did not apply to %s", name, ok)
		}
		if err := validateJSON(sch, []byte(b)); err == nil {
			t.Errorf("%s: %s validates; the schema must reject it", name, b)
		}
	}
	if err := validateJSON(sch, ok); err != nil {
		t.Errorf("%s does not validate: %v", ok, err)
	}
}
