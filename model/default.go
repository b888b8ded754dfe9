package model

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"

	"ariga.io/atlas/sql/schema"
)

// gormDefault turns the value of a `default:` key into the expression GORM
// writes after DEFAULT (schema/field.go ParseField and migrator.go
// FullDataTypeOf): values holding "(" and ")" are written raw, as are
// "null" and ""; otherwise the value is parsed by the field's Go kind —
// booleans, integers and floats are parsed and printed back, strings are
// stripped of quotes and quoted again — and a value that does not parse is
// an error. `default:(-)` means the column has a default GORM must not
// write: gen writes none. A nil expression means no DEFAULT clause.
//
// goKind is the abstract kind of the field's Go type (not of its `type:`
// key), because that is what GORM parses the value by.
func gormDefault(goKind, v string) (schema.Expr, error) {
	v = strings.TrimSpace(v)
	switch {
	case v == "", v == "(-)", strings.EqualFold(v, "null"):
		return nil, nil
	case strings.Contains(v, "(") && strings.Contains(v, ")"):
		return rawDefault(v), nil
	}
	switch goKind {
	case kindBool:
		b, err := strconv.ParseBool(v)
		if err != nil {
			return nil, fmt.Errorf("default %q is not a boolean; write true or false, or an SQL expression in parentheses", v)
		}
		return &schema.Literal{V: strconv.FormatBool(b)}, nil
	case kindInt:
		i, err := strconv.ParseInt(v, 0, 64)
		if err != nil {
			return nil, fmt.Errorf("default %q is not an integer; write a number such as 0, or an SQL expression in parentheses", v)
		}
		return &schema.Literal{V: strconv.FormatInt(i, 10)}, nil
	case kindUint:
		u, err := strconv.ParseUint(v, 0, 64)
		if err != nil {
			return nil, fmt.Errorf("default %q is not an unsigned integer; write a number such as 0, or an SQL expression in parentheses", v)
		}
		return &schema.Literal{V: strconv.FormatUint(u, 10)}, nil
	case kindFloat:
		f, err := strconv.ParseFloat(v, 64)
		if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
			return nil, fmt.Errorf("default %q is not a number; write one such as 1.5, or an SQL expression in parentheses", v)
		}
		return &schema.Literal{V: strconv.FormatFloat(f, 'f', -1, 64)}, nil
	case kindString:
		s := strings.Trim(strings.Trim(v, "'"), `"`)
		return &schema.Literal{V: quote(s)}, nil
	case kindTime:
		// GORM parses the value with jinzhu/now and, when it parses,
		// writes it back as '2006-01-02 15:04:05.999'.
		for _, layout := range timeLayouts {
			if t, err := time.Parse(layout, v); err == nil {
				return &schema.Literal{V: quote(t.Format("2006-01-02 15:04:05.999"))}, nil
			}
		}
		if v[0] >= '0' && v[0] <= '9' {
			return nil, fmt.Errorf("default %q is not a date and time gen can read; write it as 2006-01-02 15:04:05, quoted, or as an SQL expression such as CURRENT_TIMESTAMP", v)
		}
	}
	return rawDefault(v), nil
}

// timeLayouts are the date forms of jinzhu/now.Parse that gen reads.
var timeLayouts = []string{
	"2006-1-2",
	"2006-1-2 15:4",
	"2006-1-2 15:4:5",
	"2006-1-2 15:4:5.999999999",
}

var (
	numberRE = regexp.MustCompile(`^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$`)
	stringRE = regexp.MustCompile(`^'([^']|'')*'$`)
)

// rawDefault classifies SQL text written verbatim as a default: a number,
// a quoted string or a boolean is a Literal, anything else a RawExpr.
func rawDefault(v string) schema.Expr {
	switch {
	case numberRE.MatchString(v), stringRE.MatchString(v),
		strings.EqualFold(v, "true"), strings.EqualFold(v, "false"):
		return &schema.Literal{V: v}
	}
	return &schema.RawExpr{X: v}
}

// quote writes s as an SQL string literal.
func quote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}
