package migrations

// A Code describes one flag code of the catalog (docs/flags.md).
type Code struct {
	// Code is the stable id, e.g. "GEN101".
	Code string
	// Title names the hazard in a few words.
	Title string
	// Hazards are the rows of ../shared/HAZARDS.md the code covers
	// ("#17", "L2").
	Hazards []string
	// Aliases are the ids other tools give the hazard
	// ("squawk:adding-required-field", "atlas:MF103").
	Aliases []string
}

// codes is the catalog, in code order.
var codes []Code

// Codes returns the catalog of flag codes, in code order.
func Codes() []Code { return append([]Code(nil), codes...) }

// LookupCode returns the catalog entry of a code.
func LookupCode(code string) (Code, bool) {
	for _, c := range codes {
		if c.Code == code {
			return c, true
		}
	}
	return Code{}, false
}
