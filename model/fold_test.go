package model

import (
	"fmt"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"strings"
	"testing"
)

// foldCase is a TableName body on a receiver of type Z (or *Z) and what
// folding it on GORM's zero value gives: want, or an error containing err
// (panics: one saying GORM's call panics).
type foldCase struct {
	name    string
	ptr     bool // pointer receiver
	nilRecv bool // the receiver is a nil *Z (reached through a nil embedded pointer)
	body    string
	want    string
	err     string
	panics  bool
}

// The package every case's method is declared in: Z has a field of each
// kind of zero value.
const foldPkg = `package p

import "fmt"

var _ = fmt.Sprint

type Kind int

const (
	KindA Kind = iota
	KindB
)

type Named string

const prefix = "app_"

var global = "g"

type Inner struct{ s string }

type Z struct {
	s   string
	n   int
	u   uint8
	b   bool
	p   *int
	sl  []string
	m   map[string]int
	i   any
	k   Kind
	nm  Named
	in  Inner
	pin *Inner
	Inner2
}

type Inner2 struct{ deep string }
`

var foldCases = []foldCase{
	{name: "break ends the switch", body: `switch { case z.s == "": if z.n == 0 { break }; return "x" }; return "after"`, want: "after"},
	{name: "fallthrough runs the next clause", body: `switch z.n { case 0: fallthrough; case 1: return "one"; default: return "d" }`, want: "one"},
	{name: "default in the middle", body: `switch z.n { case 1: return "one"; default: return "d"; case 2: return "two" }`, want: "d"},
	{name: "a nil interface is no constant", body: `if z.i == "a" { return "x" }; if z.i == nil { return "nil" }; return "y"`, want: "nil"},
	{name: "nil slice and map", body: `if z.sl == nil && len(z.m) == 0 && len(z.sl) == 0 { return "empty" }; return "x"`, want: "empty"},
	{name: "enum zero value", body: `switch z.k { case KindB: return "b"; case KindA: return "a" }; return "none"`, want: "a"},
	{name: "unsigned and ordering", body: `if z.u >= 1 || z.n < 0 { return "x" }; return "ok"`, want: "ok"},
	{name: "nested struct field", body: `if z.in.s != "" { return z.in.s }; return "inner"`, want: "inner"},
	{name: "promoted field", body: `return "d" + z.deep`, want: "d"},
	{name: "conversion of a named string", body: `return string(z.nm) + "x"`, want: "x"},
	{name: "constants and concatenation", body: `return prefix + "users"`, want: "app_users"},
	{name: "Sprintf of basic constants", body: `return fmt.Sprintf("%s%v_%t_v%03d_%q", prefix, z.b, true, 7, "q")`, want: `app_false_true_v007_"q"`},
	{name: "a non-nil pointer receiver", ptr: true, body: `if z == nil { return "nil" }; return "set"`, want: "set"},
	{name: "a nil pointer receiver that reads nothing", ptr: true, nilRecv: true, body: `if z == nil { return "nil" }; return "set"`, want: "nil"},

	{name: "a field read through a nil receiver", ptr: true, nilRecv: true, body: `return z.s + "x"`, err: "reads z.s through a nil *Z", panics: true},
	{name: "a field read through a nil field", body: `return z.pin.s`, err: "reads z.pin.s through a nil *Inner", panics: true},
	{name: "panic", body: `if z.s == "" { panic("unnamed") }; return z.s`, err: `calls panic("unnamed")`, panics: true},
	{name: "a package variable", body: `return global`, err: "reads package variable global"},
	{name: "a call", body: `return strings(z.s)`, err: "calls strings"},
	{name: "a named type in Sprintf", body: `return fmt.Sprintf("%s", z.nm)`, err: "calls fmt.Sprintf with a verb or an argument"},
	{name: "%T in Sprintf", body: `return fmt.Sprintf("%T", 1)`, err: "calls fmt.Sprintf with a verb or an argument"},
	{name: "a labeled break", body: `L: switch { default: break L }; return "x"`, err: "runs a labeled statement"},
	{name: "an assignment", body: `n := "x"; return n`, err: "runs an assignment to n"},
	{name: "an if with init", body: `if n := z.n; n == 0 { return "x" }; return "y"`, err: "runs an assignment to n before an if condition"},
	{name: "a loop", body: `for range z.sl { return "x" }; return "y"`, err: "runs a loop"},
}

// TestFoldZeroValue folds each case's body as GORM's call on a new zero
// value runs: the constant it returns, or why gen cannot know it.
func TestFoldZeroValue(t *testing.T) {
	var src strings.Builder
	src.WriteString(foldPkg)
	src.WriteString("\nfunc strings(s string) string { return s }\n")
	for i, c := range foldCases {
		recv := "z Z"
		if c.ptr {
			recv = "z *Z"
		}
		fmt.Fprintf(&src, "\ntype T%d struct{}\n\nfunc (%s) M%d() string {\n%s\n}\n", i, recv, i, strings.ReplaceAll(c.body, "; ", "\n"))
	}
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src.String(), parser.SkipObjectResolution)
	if err != nil {
		t.Fatalf("%v\n%s", err, src.String())
	}
	info := &types.Info{Types: map[ast.Expr]types.TypeAndValue{}, Defs: map[*ast.Ident]types.Object{}}
	pkg, err := (&types.Config{Importer: importer.ForCompiler(fset, "source", nil)}).Check("p", fset, []*ast.File{f}, info)
	if err != nil {
		t.Fatalf("%v\n%s", err, src.String())
	}
	decls := map[string]*ast.FuncDecl{}
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv != nil {
			decls[fd.Name.Name] = fd
		}
	}
	for i, c := range foldCases {
		t.Run(c.name, func(t *testing.T) {
			decl := decls[fmt.Sprintf("M%d", i)]
			fn := info.Defs[decl.Name].(*types.Func)
			recvType := fn.Type().(*types.Signature).Recv().Type()
			recv, err := receiverValue(recvType)
			if err != nil {
				t.Fatal(err)
			}
			if c.nilRecv {
				recv = &zval{kind: zNil, t: recvType}
			}
			fo := newFolder(decl, info, pkg)
			fo.recv = recv
			got, done, err := fo.body(decl)
			if c.err == "" {
				if err != nil || !done || got != c.want {
					t.Errorf("%s\nfolds to %q (returned %t, error %v), want %q", c.body, got, done, err, c.want)
				}
				return
			}
			fe, ok := err.(*foldError)
			if !ok || !strings.Contains(err.Error(), c.err) || fe.panics != c.panics {
				t.Errorf("%s\nfolds to %q, error %v; want an error containing %q (panics %t)", c.body, got, err, c.err, c.panics)
			}
		})
	}
}
