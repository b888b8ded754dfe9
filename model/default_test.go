package model

import (
	"strings"
	"testing"

	"ariga.io/atlas/sql/schema"
)

func TestGormDefault(t *testing.T) {
	lit := func(v string) schema.Expr { return &schema.Literal{V: v} }
	raw := func(v string) schema.Expr { return &schema.RawExpr{X: v} }
	tests := []struct {
		kind, in string
		want     schema.Expr
		err      string
	}{
		{kindString, "active", lit("'active'"), ""},
		{kindString, "'active'", lit("'active'"), ""},
		{kindString, `"active"`, lit("'active'"), ""},
		{kindString, "it's", lit("'it''s'"), ""},
		{kindString, "''", lit("''"), ""},
		{kindString, "", nil, ""},
		{kindString, "(-)", nil, ""},
		{kindString, "NULL", nil, ""},
		{kindString, "upper('x')", raw("upper('x')"), ""},
		{kindString, "'(x)'", lit("'(x)'"), ""},
		{kindBool, "true", lit("true"), ""},
		{kindBool, "0", lit("false"), ""},
		{kindBool, "yes", nil, `default "yes" is not a boolean`},
		{kindInt, "-1", lit("-1"), ""},
		{kindInt, "0x1F", lit("31"), ""},
		{kindInt, "1.5", nil, `default "1.5" is not an integer`},
		{kindUint, "-1", nil, `default "-1" is not an unsigned integer`},
		{kindFloat, "1.50", lit("1.5"), ""},
		{kindFloat, "2e2", lit("200"), ""},
		{kindFloat, "Inf", nil, `default "Inf" is not a number`},
		{kindTime, "CURRENT_TIMESTAMP", raw("CURRENT_TIMESTAMP"), ""},
		{kindTime, "now()", raw("now()"), ""},
		{kindTime, "2020-1-2", lit("'2020-01-02 00:00:00'"), ""},
		{kindTime, "2020-01-02 03:04:05.678", lit("'2020-01-02 03:04:05.678'"), ""},
		{kindTime, "2020-01-02T03:04:05Z", nil, "is not a date and time gen can read"},
		{kindBytes, "'\\x00'", lit("'\\x00'"), ""},
		{"", "42", lit("42"), ""},
		{"", "nextval('s')", raw("nextval('s')"), ""},
		{"", "CURRENT_DATE", raw("CURRENT_DATE"), ""},
	}
	for _, tt := range tests {
		got, err := gormDefault(tt.kind, tt.in)
		switch {
		case tt.err != "":
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("gormDefault(%s, %q) error = %v, want %q", tt.kind, tt.in, err, tt.err)
			}
		case err != nil:
			t.Errorf("gormDefault(%s, %q): %v", tt.kind, tt.in, err)
		case !exprEqual(got, tt.want):
			t.Errorf("gormDefault(%s, %q) = %#v, want %#v", tt.kind, tt.in, got, tt.want)
		}
	}
}

func exprEqual(a, b schema.Expr) bool {
	switch a := a.(type) {
	case nil:
		return b == nil
	case *schema.Literal:
		b, ok := b.(*schema.Literal)
		return ok && a.V == b.V
	case *schema.RawExpr:
		b, ok := b.(*schema.RawExpr)
		return ok && a.X == b.X
	}
	return false
}
