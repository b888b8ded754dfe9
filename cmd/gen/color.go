package main

import (
	"io"
	"os"
	"strings"
)

// isTerminal reports whether w is a terminal: an *os.File on a character
// device. A variable, so that a test can stand in a terminal.
var isTerminal = defaultIsTerminal

func defaultIsTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// useColor reports whether gen colours what it writes to w: only on a
// terminal, and neither with NO_COLOR set (https://no-color.org) nor with
// TERM=dumb. Only the text format is ever coloured.
func useColor(w io.Writer) bool {
	return os.Getenv("NO_COLOR") == "" && os.Getenv("TERM") != "dumb" && isTerminal(w)
}

// ANSI SGR colours.
const (
	red    = "31"
	yellow = "33"
	cyan   = "36"
)

// paint wraps s in colour c when on is set.
func paint(on bool, c, s string) string {
	if !on || s == "" {
		return s
	}
	return "\x1b[" + c + "m" + s + "\x1b[0m"
}

// severityColor is the colour of a flag's severity word.
func severityColor(sev string) string {
	switch sev {
	case "error":
		return red
	case "warning":
		return yellow
	}
	return cyan
}

// paintPrefix colours prefix when line starts with it.
func paintPrefix(on bool, c, prefix, line string) string {
	if rest, ok := strings.CutPrefix(line, prefix); ok {
		return paint(on, c, prefix) + rest
	}
	return line
}
