package sqllex

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// Value returns what a String token denotes: the characters between its
// quotes with doubled quotes undone, backslash escapes read in E'…',
// unicode escapes in U&'…', a dollar-quoted body as it is. For a BitString
// it returns the digits between the quotes; for any other kind, Text. It
// allocates only when there is an escape to undo.
func (t Token) Value() string {
	s := t.Text
	switch t.Kind {
	case String:
	case BitString:
		return body(s[1:], t.Unterminated)
	default:
		return s
	}
	switch s[0] {
	case '$':
		end := strings.IndexByte(s[1:], '$') + 2
		tag := s[:end]
		b := s[end:]
		if !t.Unterminated && len(b) >= len(tag) {
			b = b[:len(b)-len(tag)]
		}
		return b
	case 'e', 'E':
		return backslashes(body(s[1:], t.Unterminated))
	case 'n', 'N':
		return undouble(body(s[1:], t.Unterminated), '\'')
	case 'u', 'U':
		return unicodeEscapes(undouble(body(s[2:], t.Unterminated), '\''))
	}
	return undouble(body(s, t.Unterminated), '\'')
}

// Name returns the identifier a QuotedIdent or Ident token denotes:
// quotes removed and doubled quotes undone ("a""b" is a"b, [a b] is a b).
// A bare word comes back as written: folding its case is the caller's
// dialect rule. For any other kind, Text.
func (t Token) Name() string {
	s := t.Text
	if t.Kind != QuotedIdent {
		return s
	}
	switch s[0] {
	case '[':
		return strings.TrimSuffix(s[1:], "]")
	case 'u', 'U':
		return unicodeEscapes(undouble(body(s[2:], t.Unterminated), '"'))
	}
	return undouble(body(s, t.Unterminated), s[0])
}

// body strips the opening quote at s[0] and, unless the text is
// unterminated, the closing one.
func body(s string, unterminated bool) string {
	if unterminated {
		return s[1:]
	}
	return s[1 : len(s)-1]
}

func undouble(s string, q byte) string {
	qq := string([]byte{q, q})
	if !strings.Contains(s, qq) {
		return s
	}
	return strings.ReplaceAll(s, qq, qq[:1])
}

// backslashes reads PostgreSQL's E'…' escapes: \b \f \n \r \t, \ooo,
// \xhh, \uXXXX, \UXXXXXXXX, any other \c is c; ” is '.
func backslashes(s string) string {
	if !strings.ContainsAny(s, `\'`) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '\'' && i+1 < len(s) && s[i+1] == '\'' {
			b.WriteByte('\'')
			i++
			continue
		}
		if c != '\\' || i+1 >= len(s) {
			b.WriteByte(c)
			continue
		}
		i++
		switch c = s[i]; c {
		case 'b':
			b.WriteByte('\b')
		case 'f':
			b.WriteByte('\f')
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 't':
			b.WriteByte('\t')
		case 'x':
			j := i + 1
			for j < len(s) && j < i+3 && isHex(s[j]) {
				j++
			}
			if j == i+1 {
				b.WriteByte('x')
				continue
			}
			v, _ := strconv.ParseUint(s[i+1:j], 16, 8)
			b.WriteByte(byte(v))
			i = j - 1
		case 'u', 'U':
			n := 4
			if c == 'U' {
				n = 8
			}
			if i+n < len(s) && allHex(s[i+1:i+1+n]) {
				v, _ := strconv.ParseUint(s[i+1:i+1+n], 16, 32)
				b.WriteRune(rune(v))
				i += n
				continue
			}
			b.WriteByte(c)
		default:
			if c >= '0' && c <= '7' {
				j := i
				for j < len(s) && j < i+3 && s[j] >= '0' && s[j] <= '7' {
					j++
				}
				v, _ := strconv.ParseUint(s[i:j], 8, 16)
				b.WriteByte(byte(v))
				i = j - 1
				continue
			}
			b.WriteByte(c)
		}
	}
	return b.String()
}

// unicodeEscapes reads U&'…' escapes with the default escape character:
// \XXXX, \+XXXXXX, \\ (a UESCAPE clause is not read).
func unicodeEscapes(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' || i+1 >= len(s) {
			b.WriteByte(s[i])
			continue
		}
		switch {
		case s[i+1] == '\\':
			b.WriteByte('\\')
			i++
		case s[i+1] == '+' && i+8 <= len(s) && allHex(s[i+2:i+8]):
			v, _ := strconv.ParseUint(s[i+2:i+8], 16, 32)
			writeRune(&b, v)
			i += 7
		case i+5 <= len(s) && allHex(s[i+1:i+5]):
			v, _ := strconv.ParseUint(s[i+1:i+5], 16, 32)
			writeRune(&b, v)
			i += 4
		default:
			b.WriteByte('\\')
		}
	}
	return b.String()
}

func writeRune(b *strings.Builder, v uint64) {
	if v > utf8.MaxRune {
		v = utf8.RuneError
	}
	b.WriteRune(rune(v))
}

func allHex(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isHex(s[i]) {
			return false
		}
	}
	return true
}
