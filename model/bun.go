package model

import (
	"fmt"
	"go/token"
	"go/types"
	"reflect"
	"sort"
	"strings"

	"ariga.io/atlas/sql/schema"

	"github.com/genmigrate/gen/attr"
)

// This file reads Bun models as github.com/uptrace/bun v1.3.0 does
// (schema/table.go processFields and newField, schema/sqltype.go,
// dialect/pgdialect and dialect/sqlitedialect sqltype.go, and
// query_table_create.go for what CREATE TABLE writes).

// bunTag is a parsed bun tag (internal/tagparser): the name before the
// first comma, then key or key:value options; a value may be
// double-quoted to hold commas, and parentheses keep theirs.
type bunTag struct {
	Name    string
	Options map[string][]string
	keys    []string
}

func (t bunTag) has(name string) bool { _, ok := t.Options[name]; return ok }

// option returns the last value of an option.
func (t bunTag) option(name string) (string, bool) {
	if vs, ok := t.Options[name]; ok {
		return vs[len(vs)-1], true
	}
	return "", false
}

func (t bunTag) isZero() bool { return t.Name == "" && t.Options == nil }

// parseBunTag is Bun's tagparser.Parse.
func parseBunTag(s string) bunTag {
	var t bunTag
	if s == "" {
		return t
	}
	p := bunParser{s: s}
	p.parse()
	return p.tag
}

type bunParser struct {
	s        string
	i        int
	tag      bunTag
	seenName bool
}

func (p *bunParser) setName(name string) {
	if p.seenName {
		p.addOption(name, "")
	} else {
		p.seenName = true
		p.tag.Name = name
	}
}

func (p *bunParser) addOption(key, value string) {
	p.seenName = true
	if key == "" {
		return
	}
	if p.tag.Options == nil {
		p.tag.Options = map[string][]string{}
	}
	if _, ok := p.tag.Options[key]; !ok {
		p.tag.keys = append(p.tag.keys, key)
	}
	p.tag.Options[key] = append(p.tag.Options[key], value)
}

func (p *bunParser) parse() {
	for p.valid() {
		p.parseKeyValue()
		if p.peek() == ',' {
			p.i++
		}
	}
}

func (p *bunParser) parseKeyValue() {
	start := p.i
	for p.valid() {
		switch c := p.read(); c {
		case ',':
			p.setName(p.s[start : p.i-1])
			return
		case ':':
			key := p.s[start : p.i-1]
			p.addOption(key, p.parseValue())
			return
		case '"':
			p.setName(p.parseQuotedValue())
			return
		}
	}
	p.setName(p.s[start:p.i])
}

func (p *bunParser) parseValue() string {
	start := p.i
	for p.valid() {
		switch c := p.read(); c {
		case '"':
			return p.parseQuotedValue()
		case ',':
			return p.s[start : p.i-1]
		case '(':
			p.skipPairs('(', ')')
		}
	}
	if p.i == start {
		return ""
	}
	return p.s[start:p.i]
}

func (p *bunParser) parseQuotedValue() string {
	if i := strings.IndexByte(p.s[p.i:], '"'); i >= 0 && (i == 0 || p.s[p.i+i-1] != '\\') {
		s := p.s[p.i : p.i+i]
		p.i += i + 1
		return s
	}
	b := make([]byte, 0, 16)
	for p.valid() {
		switch c := p.read(); c {
		case '\\':
			b = append(b, p.read())
		case '"':
			return string(b)
		default:
			b = append(b, c)
		}
	}
	return ""
}

func (p *bunParser) skipPairs(start, end byte) {
	var lvl int
	for p.valid() {
		switch c := p.read(); c {
		case '"':
			_ = p.parseQuotedValue()
		case start:
			lvl++
		case end:
			if lvl == 0 {
				return
			}
			lvl--
		}
	}
}

func (p *bunParser) valid() bool { return p.i < len(p.s) }

func (p *bunParser) read() byte {
	if !p.valid() {
		return 0
	}
	c := p.s[p.i]
	p.i++
	return c
}

func (p *bunParser) peek() byte {
	if !p.valid() {
		return 0
	}
	return p.s[p.i]
}

// bunUnderscore is Bun's internal.Underscore: snake_case, an upper-case
// letter starting a word when a lower-case letter is next to it.
//
//	UserID → user_id, HTTPServer → http_server, ID → id
func bunUnderscore(s string) string {
	r := make([]byte, 0, len(s)+5)
	isUpper := func(c byte) bool { return c >= 'A' && c <= 'Z' }
	isLower := func(c byte) bool { return c >= 'a' && c <= 'z' }
	for i := 0; i < len(s); i++ {
		c := s[i]
		if isUpper(c) {
			if i > 0 && i+1 < len(s) && (isLower(s[i-1]) || isLower(s[i+1])) {
				r = append(r, '_', c+32)
			} else {
				r = append(r, c+32)
			}
		} else {
			r = append(r, c)
		}
	}
	return string(r)
}

// bunFieldOptions are Bun's isKnownFieldOption; embed is handled before
// it is asked.
var bunFieldOptions = map[string]bool{
	"column": true, "alt": true, "type": true, "array": true, "hstore": true, "composite": true,
	"multirange": true, "json_use_number": true, "msgpack": true, "notnull": true, "nullzero": true,
	"default": true, "unique": true, "soft_delete": true, "scanonly": true, "skipupdate": true,
	"pk": true, "autoincrement": true, "rel": true, "join": true, "join_on": true, "on_update": true,
	"on_delete": true, "m2m": true, "polymorphic": true, "identity": true,
}

// isBunBaseModel reports whether t is bun.BaseModel (an alias of
// schema.BaseModel).
func isBunBaseModel(t types.Type) bool {
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || n.Obj().Pkg() == nil || n.Obj().Name() != "BaseModel" {
		return false
	}
	switch n.Obj().Pkg().Path() {
	case "github.com/uptrace/bun/schema", "github.com/uptrace/bun":
		return true
	}
	return false
}

// bunField is a Bun schema.Field on its way to a column.
type bunField struct {
	*field
	tag   bunTag
	index []int
	// user is UserSQLType (the type: option); isPK, identity, scanonly
	// and rel are Bun's flags.
	user     string
	isPK     bool
	identity bool
	skip     bool
}

// bunStruct is what Bun's processFields makes of a struct: its fields
// (allFields, in struct order with embedded fields in place), the table
// name its BaseModel tag gives, and the unique constraint groups.
type bunStruct struct {
	name      string
	namePos   token.Position
	typeName  string
	all       []*bunField
	unique    map[string][]*bunField
	uniqueOrd []string
	hasName   bool
}

// bunTable builds the table of Bun model m.
func (l *loader) bunTable(m *model) *schema.Table {
	bs := l.bunStruct(m.obj.Name(), m.st, nil, []*types.Struct{m.st})
	name, what, pos := bs.name, "the bun table: option names", bs.namePos
	if m.table != "" {
		name, what, pos = m.table, l.tableSource(m), m.pos
	}
	name, ok := l.unqualified(name, pos, m.obj.Name(), what, m.obj.Name())
	if !ok {
		return nil
	}
	name = l.dialect.ident(name)
	t := &schema.Table{
		Name:  name,
		Attrs: []schema.Attr{l.pos(m.pos), &attr.GoName{Type: m.obj.Name()}, &attr.Undeclarable{Indexes: true, ForeignKeys: true, Checks: true, Comments: true}},
	}
	if m.renamedFrom != "" {
		t.Attrs = append(t.Attrs, &attr.RenamedFrom{Name: m.renamedFrom})
	}
	var fields, pks []*field
	var bfs []*bunField
	for _, bf := range bs.all {
		if bf.skip {
			continue
		}
		bfs = append(bfs, bf)
		fields = append(fields, bf.field)
		if bf.isPK {
			pks = append(pks, bf.field)
		}
	}
	if len(fields) == 0 {
		l.diag.errorf(m.pos, m.obj.Name(), "struct has no column for table %q; add fields, or mark it //gen:ignore if it is not a table", name)
		return nil
	}
	for _, bf := range bfs {
		l.bunColumnType(bf, len(pks))
	}
	cols := l.addColumns(t, fields, pks, m.obj.Name())
	l.bunUniques(t, bs, cols, pks)
	l.addChecks(t, l.enumChecks(name, fields))
	return t
}

// bunStruct is Bun's Table.processFields over st (owner names it in
// messages; index is the path of st's fields within the model).
func (l *loader) bunStruct(owner string, st *types.Struct, index []int, stack []*types.Struct) *bunStruct {
	bs := &bunStruct{typeName: owner}
	type embeddedField struct {
		prefix   string
		sub      *bunField
		embedder goField
	}
	var embedded []embeddedField
	names := map[string]int{}
	tagged := map[string]int{}
	top := map[string]bool{}
	for i := 0; i < st.NumFields(); i++ {
		v := st.Field(i)
		gf := l.fieldOf(st, i)
		idx := append(append([]int(nil), index...), i)
		tagstr := reflect.StructTag(gf.tag).Get("bun")
		if tagstr == "-" {
			names[v.Name()], tagged[v.Name()], top[v.Name()] = 1, 1, true
			continue
		}
		tag := parseBunTag(tagstr)
		if !v.Exported() && !v.Anonymous() {
			continue
		}
		if v.Anonymous() {
			if v.Name() == "BaseModel" && isBunBaseModel(v.Type()) {
				l.bunBaseModel(bs, owner, gf, tag)
				continue
			}
			sub, ok := l.bunSub(owner, gf, idx, stack)
			if !ok {
				continue
			}
			for _, sf := range sub.all {
				embedded = append(embedded, embeddedField{sub: sf, embedder: gf})
			}
			if tag.has("inherit") || tag.has("extend") {
				bs.name, bs.namePos, bs.hasName = sub.name, sub.namePos, sub.hasName
			}
			continue
		}
		if prefix, ok := tag.option("embed"); ok {
			sub, ok := l.bunSub(owner, gf, idx, stack)
			if !ok {
				l.diag.errorf(gf.pos, owner+"."+gf.name, "embed needs a struct type, and %s is not one (Bun panics on it); remove the embed option", types.TypeString(gf.typ, types.RelativeTo(gf.pkg)))
				continue
			}
			for _, sf := range sub.all {
				embedded = append(embedded, embeddedField{prefix: prefix, sub: sf, embedder: gf})
			}
			continue
		}
		bf := l.bunField(owner, gf, tag, idx)
		bs.add(bf)
		names[bf.DBName], tagged[bf.DBName], top[bf.DBName] = 1, 1, true
	}
	for _, e := range embedded {
		names[e.prefix+e.sub.DBName]++
		if !e.sub.tag.isZero() {
			tagged[e.prefix+e.sub.DBName]++
		}
	}
	for _, e := range embedded {
		n := e.prefix + e.sub.DBName
		if names[n] > 1 && !(!e.sub.tag.isZero() && tagged[n] == 1) {
			if !e.sub.skip && !top[n] {
				l.diag.warnf(e.sub.Pos, e.sub.object(), "column %q is also declared by another field of %s, so Bun drops this one; rename one of them with column:", n, owner)
			}
			continue
		}
		sub := *e.sub
		sf := *e.sub.field
		sub.field = &sf
		sf.DBName = n
		sf.Path = e.embedder.name + "." + sf.Path
		bs.add(&sub)
		if v, ok := sub.tag.Options["unique"]; ok {
			bs.addUnique(&sub, e.prefix, v)
		}
	}
	sort.SliceStable(bs.all, func(i, j int) bool {
		a, b := bs.all[i].index, bs.all[j].index
		for k := 0; k < len(a) && k < len(b); k++ {
			if a[k] != b[k] {
				return a[k] < b[k]
			}
		}
		return len(a) < len(b)
	})
	if !bs.hasName {
		bs.name = plural(bunUnderscore(owner))
	}
	return bs
}

// bunSub reads the struct a field embeds (anonymously or with embed:),
// as Bun's InProgress table of it.
func (l *loader) bunSub(owner string, gf goField, idx []int, stack []*types.Struct) (*bunStruct, bool) {
	t := gf.typ
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	st, ok := t.Underlying().(*types.Struct)
	if !ok {
		return nil, false
	}
	for _, s := range stack {
		if s == st {
			l.diag.errorf(gf.pos, owner+"."+gf.name, "embeds a struct that embeds it again; Bun cannot read it, so embed it through a field that is not embedded")
			return nil, false
		}
	}
	name := owner + "." + gf.name
	if n := namedOf(t); n != nil {
		name = n.Name()
	}
	sub := l.bunStruct(name, st, nil, append(stack, st))
	for _, sf := range sub.all {
		sf.index = append(append([]int(nil), idx...), sf.index...)
	}
	return sub, true
}

func (bs *bunStruct) add(bf *bunField) {
	bs.all = append(bs.all, bf)
	if bf.skip {
		return
	}
	if v, ok := bf.tag.Options["unique"]; ok && bf.index != nil && len(bf.index) == 1 {
		bs.addUnique(bf, "", v)
	}
}

// addUnique is Bun's Table.addUnique: a unique option names the groups
// the field belongs to ("" for a constraint of its own); one value holds
// them comma-separated.
func (bs *bunStruct) addUnique(bf *bunField, prefix string, values []string) {
	names := values
	if len(values) == 1 {
		names = strings.Split(values[0], ",")
	}
	if bs.unique == nil {
		bs.unique = map[string][]*bunField{}
	}
	for _, n := range names {
		if n != "" && prefix != "" {
			n = prefix + n
		}
		if _, ok := bs.unique[n]; !ok {
			bs.uniqueOrd = append(bs.uniqueOrd, n)
		}
		bs.unique[n] = append(bs.unique[n], bf)
	}
}

// bunBaseModel is Bun's processBaseModelField: the table name from the
// tag's name or table: option (alias: and select: change no DDL).
func (l *loader) bunBaseModel(bs *bunStruct, owner string, gf goField, tag bunTag) {
	obj := owner + "." + gf.name
	switch tag.Name {
	case "table", "alias", "select":
		l.diag.warnf(gf.pos, obj, "bun tag name %q is also an option name, is it a mistake? Try table:%s", tag.Name, tag.Name)
	}
	for _, k := range tag.keys {
		switch k {
		case "table", "alias", "select":
		default:
			l.diag.warnf(gf.pos, obj, "unknown bun table option %q, which Bun ignores; Bun knows table:, alias: and select:", k)
		}
	}
	if tag.Name != "" {
		bs.name, bs.namePos, bs.hasName = tag.Name, gf.pos, true
	}
	if s, ok := tag.option("table"); ok {
		bs.name, bs.namePos, bs.hasName = s, gf.pos, true
	}
}

// bunField is Bun's Table.newField.
func (l *loader) bunField(owner string, gf goField, tag bunTag, idx []int) *bunField {
	f := &field{
		Name:      gf.name,
		Path:      gf.name,
		Owner:     owner,
		Pos:       gf.pos,
		Depth:     len(idx),
		Permitted: true,
		GoType:    gf.typ,
		goTag:     gf.tag,
	}
	bf := &bunField{field: f, tag: tag, index: idx}
	sqlName := bunUnderscore(gf.name)
	if tag.Name != "" && tag.Name != sqlName {
		if bunFieldOptions[tag.Name] {
			l.diag.warnf(gf.pos, f.object(), "bun tag name %q is also an option name, is it a mistake? Try column:%s (Bun names the column %q)", tag.Name, tag.Name, tag.Name)
		}
		sqlName = tag.Name
	}
	if s, ok := tag.option("column"); ok {
		sqlName = s
	}
	f.DBName = sqlName
	for _, k := range tag.keys {
		if !bunFieldOptions[k] && k != "embed" {
			l.diag.warnf(gf.pos, f.object(), "unknown bun option %q, which Bun ignores (it warns); remove it or fix its spelling", k)
		}
	}
	if tag.has("rel") || tag.has("m2m") {
		// Relations declare no column; Bun writes foreign keys only from
		// code (WithForeignKeys), which gen does not read.
		bf.skip = true
		l.noHints(f, "a Bun relation field")
		return bf
	}
	if tag.has("join") {
		l.diag.warnf(gf.pos, f.object(), "Bun's join option needs rel: next to it; without it the field is a column %q", sqlName)
	}
	if tag.has("scanonly") {
		bf.skip = true
		l.noHints(f, "a scanonly field")
		return bf
	}
	f.Hint = l.parseHint(f)
	f.NotNull = tag.has("notnull")
	if tag.has("pk") {
		bf.isPK = true
		f.PrimaryKey = true
		f.NotNull = true
	}
	if tag.has("autoincrement") {
		f.AutoIncrement = true
		f.NotNull = true
	}
	f.NotNullSet = f.NotNull
	bf.identity = tag.has("identity")
	if s, ok := tag.option("default"); ok && s != "" {
		f.Default = rawDefault(strings.TrimSpace(s))
	}
	if s, ok := tag.option("type"); ok {
		bf.user = s
	}
	// nullzero writes NULL for the zero value, and a soft_delete column is
	// NULL until the row is deleted: both are nullable whatever the Go
	// type (this matters under nullability: go-types).
	f.GoNullable = bunNullable(gf.typ) || tag.has("nullzero") || tag.has("soft_delete")
	if bunKind(derefOnce(gf.typ)) == reflect.String {
		f.Enum = l.enumOf(gf.typ)
	}
	return bf
}

// bunColumnType sets the column type of a Bun field as CREATE TABLE
// writes it (CreateTableSQLType), with the identity and SQLite
// AUTOINCREMENT that go with it. pks is the number of primary key fields.
func (l *loader) bunColumnType(bf *bunField, pks int) {
	f := bf.field
	// The dialect's onField (pgdialect's fieldSQLType answers the type:
	// option first; sqlitedialect's maps the discovered type only), then
	// its serial, identity and AUTOINCREMENT rules.
	discovered := l.dialect.bunFieldType(bf)
	create := bf.user
	if create == "" {
		create = discovered
	}
	create = l.dialect.bunAutoIncrement(bf, discovered, create, pks, l.diag)
	if f.Hint.Type != "" {
		create = f.Hint.Type
	}
	if strings.TrimSpace(create) == "" && (f.Enum == nil || f.Hint.Type != "") {
		l.diag.errorf(f.Pos, f.object(), "Bun writes no column type for Go type %s on %s; give one with bun:\"type:…\"", types.TypeString(f.GoType, nil), l.dialectTitle())
		create = "text"
	}
	f.SQLType = create
	f.DataType = create
}

// bunUniques adds Bun's unique constraints: one per field with a bare
// unique option (PostgreSQL names it <table>_<column>_key; SQLite names
// it not at all, so it is the autoindex SQLite makes for it), then one
// per named group, in name order, as CREATE TABLE writes them.
func (l *loader) bunUniques(t *schema.Table, bs *bunStruct, cols map[*field]*schema.Column, pks []*field) {
	var groups []string
	for _, n := range bs.uniqueOrd {
		if n != "" {
			groups = append(groups, n)
		}
	}
	sort.Strings(groups)
	if _, ok := bs.unique[""]; ok {
		groups = append([]string{""}, groups...)
	}
	// SQLite numbers the autoindexes of a table's constraints in CREATE
	// TABLE order, the primary key's first unless it is the rowid.
	auto := 0
	if len(pks) > 0 && !(len(pks) == 1 && strings.EqualFold(pks[0].SQLType, "integer")) {
		auto++
	}
	var taken []string
	for _, idx := range t.Indexes {
		taken = append(taken, idx.Name)
	}
	keys := map[string]string{}
	if t.PrimaryKey != nil {
		keys[partNames(t.PrimaryKey)] = "the primary key"
	}
	add := func(name string, fs []*bunField) {
		idx := &schema.Index{Unique: true, Table: t, Attrs: []schema.Attr{&attr.UniqueConstraint{}, l.pos(fs[0].Pos), &attr.GoName{Type: fs[0].Owner, Field: fs[0].Path}}}
		for _, bf := range fs {
			c := cols[bf.field]
			if c == nil {
				return
			}
			idx.Parts = append(idx.Parts, &schema.IndexPart{SeqNo: len(idx.Parts), C: c})
		}
		// CREATE TABLE keeps one of several constraints over the same
		// columns (PostgreSQL and SQLite alike).
		key := partNames(idx)
		if other, dup := keys[key]; dup {
			what := "the unique constraint of " + fs[0].object()
			if name != "" {
				what = "unique constraint " + name
			}
			l.diag.warnf(fs[0].Pos, fs[0].object(), "%s covers the same columns (%s) as %s, and the database keeps only that one; remove it", what, key, other)
			return
		}
		auto++
		if name != "" {
			keys[key] = "unique constraint " + name
		} else {
			keys[key] = "the unique constraint of " + fs[0].object()
		}
		switch {
		case name != "":
			idx.Name = l.dialect.ident(name)
		default:
			idx.Name = l.dialect.uniqueConstraintName(t.Name, idx.Parts[0].C.Name, auto, taken)
		}
		taken = append(taken, idx.Name)
		t.Indexes = append(t.Indexes, idx)
		for _, p := range idx.Parts {
			p.C.Indexes = append(p.C.Indexes, idx)
		}
	}
	for _, g := range groups {
		if g == "" {
			for _, bf := range bs.unique[""] {
				add("", []*bunField{bf})
			}
			continue
		}
		add(g, bs.unique[g])
	}
}

// pgChooseName is PostgreSQL's ChooseRelationName for an index of a
// constraint: makeObjectName(table, column, label), with a number after
// the label while the name is taken.
func pgChooseName(table, column, label string, taken []string) string {
	for pass := 0; ; pass++ {
		l := label
		if pass > 0 {
			l = fmt.Sprintf("%s%d", label, pass)
		}
		name := pgMakeObjectName(table, column, l)
		free := true
		for _, t := range taken {
			if t == name {
				free = false
				break
			}
		}
		if free {
			return name
		}
	}
}

// pgMakeObjectName is PostgreSQL's makeObjectName: name1_name2_label cut
// to 63 bytes by shortening the longer of name1 and name2 first, on
// character boundaries.
func pgMakeObjectName(name1, name2, label string) string {
	const max = 63
	overhead := len(label) + 1
	if name2 != "" {
		overhead++
	}
	avail := max - overhead
	n1, n2 := len(name1), len(name2)
	for n1+n2 > avail {
		if n1 > n2 {
			n1--
		} else {
			n2--
		}
	}
	n1 = clipBytes(name1, n1)
	n2 = clipBytes(name2, n2)
	s := name1[:n1]
	if name2 != "" {
		s += "_" + name2[:n2]
	}
	return s + "_" + label
}

// clipBytes is pg_mbcliplen: the longest prefix of s of at most n bytes
// that ends on a character boundary.
func clipBytes(s string, n int) int {
	if n >= len(s) {
		return len(s)
	}
	end := 0
	for i := range s {
		if i > n {
			break
		}
		end = i
	}
	if n == len(s) {
		end = n
	}
	return end
}

// derefOnce is Bun's indirectType: one pointer removed.
func derefOnce(t types.Type) types.Type {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		return p.Elem()
	}
	return t
}

// bunKind is reflect.Kind of a Go type.
func bunKind(t types.Type) reflect.Kind {
	switch u := t.Underlying().(type) {
	case *types.Basic:
		switch u.Kind() {
		case types.Bool:
			return reflect.Bool
		case types.Int:
			return reflect.Int
		case types.Int8:
			return reflect.Int8
		case types.Int16:
			return reflect.Int16
		case types.Int32:
			return reflect.Int32
		case types.Int64:
			return reflect.Int64
		case types.Uint:
			return reflect.Uint
		case types.Uint8:
			return reflect.Uint8
		case types.Uint16:
			return reflect.Uint16
		case types.Uint32:
			return reflect.Uint32
		case types.Uint64:
			return reflect.Uint64
		case types.Uintptr:
			return reflect.Uintptr
		case types.Float32:
			return reflect.Float32
		case types.Float64:
			return reflect.Float64
		case types.Complex64:
			return reflect.Complex64
		case types.Complex128:
			return reflect.Complex128
		case types.String:
			return reflect.String
		case types.UnsafePointer:
			return reflect.UnsafePointer
		}
	case *types.Pointer:
		return reflect.Pointer
	case *types.Slice:
		return reflect.Slice
	case *types.Array:
		return reflect.Array
	case *types.Map:
		return reflect.Map
	case *types.Struct:
		return reflect.Struct
	case *types.Interface:
		return reflect.Interface
	case *types.Chan:
		return reflect.Chan
	case *types.Signature:
		return reflect.Func
	}
	return reflect.Invalid
}

// isType reports whether t is the named type pkg.name.
func isType(t types.Type, pkg, name string) bool {
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == pkg && n.Obj().Name() == name
}

// elemKind is the reflect.Kind of a slice's or array's element.
func elemOf(t types.Type) types.Type {
	switch u := t.Underlying().(type) {
	case *types.Slice:
		return u.Elem()
	case *types.Array:
		return u.Elem()
	}
	return nil
}

// bunDiscover is Bun's schema.DiscoverSQLType.
func bunDiscover(t types.Type) string {
	switch {
	case isType(t, "time", "Time"), isType(t, "database/sql", "NullTime"), isType(t, "github.com/uptrace/bun/schema", "NullTime"):
		return "TIMESTAMP"
	case isType(t, "database/sql", "NullBool"):
		return "BOOLEAN"
	case isType(t, "database/sql", "NullFloat64"):
		return "DOUBLE PRECISION"
	case isType(t, "database/sql", "NullInt64"):
		return "BIGINT"
	case isType(t, "database/sql", "NullString"):
		return "VARCHAR"
	case isType(t, "encoding/json", "RawMessage"):
		return "JSON"
	case isType(t, "uuid", "UUID"):
		// Go 1.27's standard library uuid.UUID.
		return "VARCHAR"
	}
	k := bunKind(t)
	if k == reflect.Slice && bunKind(elemOf(t)) == reflect.Uint8 {
		return "BLOB"
	}
	switch k {
	case reflect.Bool:
		return "BOOLEAN"
	case reflect.Int, reflect.Int64, reflect.Uint, reflect.Uint64, reflect.Uintptr:
		return "BIGINT"
	case reflect.Int8, reflect.Int16, reflect.Uint8, reflect.Uint16:
		return "SMALLINT"
	case reflect.Int32, reflect.Uint32:
		return "INTEGER"
	case reflect.Float32:
		return "REAL"
	case reflect.Float64:
		return "DOUBLE PRECISION"
	case reflect.Map, reflect.Slice, reflect.String, reflect.Struct:
		return "VARCHAR"
	}
	return ""
}

// bunPGFieldType is pgdialect's fieldSQLType, before the type: option.
func bunPGFieldType(bf *bunField) string {
	t := derefOnce(bf.GoType)
	if v, ok := bf.tag.option("composite"); ok {
		return v
	}
	if bf.tag.has("hstore") {
		return "HSTORE"
	}
	if bf.tag.has("array") {
		if k := bunKind(t); k == reflect.Slice || k == reflect.Array {
			return bunPGType(elemOf(t)) + "[]"
		}
	}
	if bunDiscover(t) == "BLOB" {
		return "BYTEA"
	}
	return bunPGType(t)
}

// bunPGType is pgdialect's sqlType.
func bunPGType(t types.Type) string {
	t = derefOnce(t)
	switch {
	case isType(t, "database/sql", "NullString"):
		return "VARCHAR"
	case isType(t, "net", "IP"):
		return "INET"
	case isType(t, "net", "IPNet"):
		return "CIDR"
	case isType(t, "encoding/json", "RawMessage"):
		return "JSONB"
	}
	s := bunDiscover(t)
	if s == "TIMESTAMP" {
		s = "TIMESTAMPTZ"
	}
	switch bunKind(t) {
	case reflect.Map, reflect.Struct:
		if s == "VARCHAR" {
			return "JSONB"
		}
		return s
	case reflect.Array, reflect.Slice:
		if isType(t, "uuid", "UUID") {
			return s
		}
		if bunKind(elemOf(t)) == reflect.Uint8 {
			return "BYTEA"
		}
		return "JSONB"
	}
	return s
}

// bunSQLiteFieldType is sqlitedialect's fieldSQLType: every integer is
// an INTEGER.
func bunSQLiteFieldType(bf *bunField) string {
	switch s := bunDiscover(derefOnce(bf.GoType)); s {
	case "SMALLINT", "BIGINT":
		return "INTEGER"
	default:
		return s
	}
}

// bunNullable reports whether a Go value of type t can be NULL: pointers,
// database/sql's Null types, bun.NullTime, slices and maps.
func bunNullable(t types.Type) bool {
	if _, ok := types.Unalias(t).(*types.Pointer); ok {
		return true
	}
	if n, ok := types.Unalias(t).(*types.Named); ok && n.Obj().Pkg() != nil {
		if n.Obj().Pkg().Path() == "database/sql" && strings.HasPrefix(n.Obj().Name(), "Null") {
			return true
		}
		if isType(t, "github.com/uptrace/bun/schema", "NullTime") {
			return true
		}
	}
	switch bunKind(t) {
	case reflect.Slice, reflect.Map, reflect.Interface:
		return true
	}
	return false
}

// partNames lists an index's column names, comma-separated.
func partNames(idx *schema.Index) string {
	names := make([]string, 0, len(idx.Parts))
	for _, p := range idx.Parts {
		if p.C != nil {
			names = append(names, p.C.Name)
		}
	}
	return strings.Join(names, ", ")
}
