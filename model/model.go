package model

import (
	"context"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strings"

	"ariga.io/atlas/sql/schema"
	"golang.org/x/tools/go/packages"

	"github.com/genmigrate/gen/attr"
)

// Config says which Go packages hold the models and how to read them.
type Config struct {
	// Dir is where Patterns are resolved and positions made relative
	// ("" is the current directory).
	Dir string
	// Patterns are Go package patterns, e.g. "./models".
	Patterns []string
	// Dialect is "postgres" or "sqlite".
	Dialect string
	// Nullability is "orm" (the default: GORM makes a column NOT NULL only
	// when tagged or a primary key) or "go-types" (fields that are not
	// pointers, slices or sql.Null* types are NOT NULL).
	Nullability string
	// Tables, when set, lists exactly the structs that are tables: "User"
	// or "example.com/app/models.User", optionally followed by "=name" to
	// name the table ("Order=purchase_orders"). It must be set for
	// db-tagged (sqlx) structs.
	Tables []string
	// Naming is GORM's naming strategy. The zero value means "not set":
	// gen then follows a schema.NamingStrategy{…} literal with constant
	// fields in the loaded packages, or GORM's default.
	Naming Naming
	// Schema is the schema the tables live in, the one gen manages: a
	// table name the models qualify with it ("public.kv" from TableName,
	// //gen:table, Tables, a Bun table: or a TablePrefix) is its table
	// "kv"; one qualified with another schema is an error. "" means the
	// connection's default: "public" on PostgreSQL, "main" (the database
	// file) on SQLite.
	Schema string
}

// Result is the desired schema read from the models.
type Result struct {
	// Schema holds one table per model, in declaration order (packages by
	// import path, files by name, structs in source order). Its Name is
	// empty: the caller sets it.
	Schema *schema.Schema
	// Warnings are problems the ORM ignores silently (unknown tag keys,
	// GORM v1 spellings, options gen does not manage), in position order.
	Warnings []*Error
}

// Nullability modes.
const (
	NullabilityORM     = "orm"
	NullabilityGoTypes = "go-types"
)

// dialect is what differs between databases when mapping fields. The
// loader asks it each question whose answer depends on the database, and
// never branches on its name.
type dialect interface {
	// name is the dialect's name as Config.Dialect and a gen
	// type.<dialect> key spell it ("postgres").
	name() string
	// title is the database's name in messages ("PostgreSQL").
	title() string
	// aliases are other names users write for the dialect in a gen
	// type.<dialect> key, which gen corrects to name().
	aliases() []string
	// defaultSchema is the schema a connection uses when the database
	// URL names none.
	defaultSchema() string
	// caselessNames says whether the database compares names (of
	// schemas, tables, columns, indexes) without regard to ASCII case.
	caselessNames() bool
	// attachedSchemas says whether a schema other than the default one
	// is another database file attached to the connection, which gen
	// does not manage, rather than a namespace of the one database that
	// the URL's search_path picks.
	attachedSchemas() bool
	// nameCut is the length in bytes the database cuts identifiers to
	// (see ident); 0 when it keeps them whole.
	nameCut() int
	// tableConstraintNames says whether constraint names (primary key,
	// unique, check, foreign key) are one namespace per table that the
	// database checks.
	tableConstraintNames() bool
	// enumTypes says whether the database has enum types (CREATE TYPE
	// … AS ENUM). Without them a //gen:enum column is text with a CHECK
	// (col IN (…)).
	enumTypes() bool
	// columnComments says whether the database stores column comments.
	columnComments() bool
	// identityNotNull says whether an identity column is NOT NULL
	// whatever the DDL says.
	identityNotNull() bool
	// gormGenerated says whether GORM's driver for the database reads
	// the generated: tag key; the others create a plain column.
	gormGenerated() bool
	// driverTypeColumn is the column type GORM writes for a driver type
	// (pgtype.Numeric…) that maps to none of GORM's kinds.
	driverTypeColumn(d driverType) string
	// bunFieldType is the type Bun's dialect discovers for a field (its
	// onField).
	bunFieldType(bf *bunField) string
	// bunAutoIncrement applies the rules of Bun's dialect for
	// autoincrement and identity to bf, whose CREATE TABLE type is create
	// (discovered is the type Bun's dialect found), and returns the
	// type. pks is the number of primary key fields of the table.
	bunAutoIncrement(bf *bunField, discovered, create string, pks int, d *diagnostics) string
	// uniqueConstraintName is the name the database gives the nth (from
	// 1) unnamed UNIQUE constraint of CREATE TABLE table, on column;
	// taken are the names used so far.
	uniqueConstraintName(table, column string, n int, taken []string) string
	// columnType maps a field to its column type and attributes; the
	// error says what is wrong with the field's type.
	columnType(f *field) (*schema.ColumnType, []schema.Attr, error)
	// checkTable reports what the database cannot create.
	checkTable(tf *tableFields, d *diagnostics)
	// indexMethod says why an index access method cannot be used, or nil.
	indexMethod(m string) error
	// collationName returns the collation a GORM collate: value names, as
	// the catalog stores it, and a warning when the value is likely not
	// what the model means; an error when the database has no such
	// collation for certain.
	collationName(v string) (name, warning string, err error)
	// indexOption reads GORM's option: value (other than CONCURRENTLY)
	// into what the index is (storage parameters, INCLUDE columns, NULLS
	// NOT DISTINCT), with a warning for what gen does not create or
	// compare.
	indexOption(v string) (opts indexOptions, warning string)
	// ident returns the name the database stores for an identifier.
	ident(s string) string
	// identifierMaxLength is the IdentifierMaxLength GORM's driver sets.
	identifierMaxLength() int
	// parseType returns the column type of a type spelling, with Null
	// false. It may be shared with other callers: it must not be changed.
	parseType(sqlType string) (*schema.ColumnType, error)
}

// dialects are the dialects Load reads models for, in the order messages
// list them. A gen type.<dialect> key may name each.
var dialects = []dialect{pgDialect{}, sqliteDialect{}}

// dialectNamed returns the dialect of that name, nil when there is none.
func dialectNamed(name string) dialect {
	for _, d := range dialects {
		if d.name() == name {
			return d
		}
	}
	return nil
}

// Load reads the models in the packages matched by cfg.Patterns and
// returns the schema their ORM would create for them on cfg.Dialect.
//
// The packages are type-checked from source; nothing is compiled or run.
// Every problem in the models is collected: when at least one is an error
// (not a warning), Load returns nil and an ErrorList of all of them.
// Errors in the configuration itself wrap ErrBadConfig or
// ErrUnsupportedDialect.
func Load(ctx context.Context, cfg Config) (*Result, error) {
	d := dialectNamed(cfg.Dialect)
	switch {
	case d != nil:
	case cfg.Dialect == "mysql":
		return nil, fmt.Errorf("%w: MySQL models are not supported yet; use a postgres:// or sqlite: database", ErrUnsupportedDialect)
	default:
		return nil, fmt.Errorf("%w: %q; use %s", ErrUnsupportedDialect, cfg.Dialect, dialectNames("or"))
	}
	switch cfg.Nullability {
	case "", NullabilityORM, NullabilityGoTypes:
	default:
		return nil, fmt.Errorf("%w: nullability %q is neither %q nor %q", ErrBadConfig, cfg.Nullability, NullabilityORM, NullabilityGoTypes)
	}
	if len(cfg.Patterns) == 0 {
		return nil, fmt.Errorf("%w: no package patterns; give the packages holding the models, e.g. ./models", ErrBadConfig)
	}
	if cfg.Naming.IdentifierMaxLength < 0 || (cfg.Naming.IdentifierMaxLength > 0 && cfg.Naming.IdentifierMaxLength < 16) {
		return nil, fmt.Errorf("%w: naming identifier_max_length %d is too short; leave it unset for the driver's default, or give at least 16", ErrBadConfig, cfg.Naming.IdentifierMaxLength)
	}
	if err := prefixSchema(cfg.Naming.TablePrefix, d, cfg.Schema); err != nil {
		return nil, fmt.Errorf("%w: naming table_prefix %v", ErrBadConfig, err)
	}
	dir := cfg.Dir
	if dir == "" {
		wd, err := os.Getwd()
		if err != nil {
			return nil, fmt.Errorf("model: finding the working directory: %w", err)
		}
		dir = wd
	}
	dir, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("model: resolving %s: %w", cfg.Dir, err)
	}
	fset := token.NewFileSet()
	pkgs, err := packages.Load(&packages.Config{
		Context:   ctx,
		Dir:       dir,
		Fset:      fset,
		ParseFile: parseFile,
		Mode: packages.NeedName | packages.NeedFiles | packages.NeedSyntax |
			packages.NeedTypes | packages.NeedTypesInfo | packages.NeedModule,
	}, cfg.Patterns...)
	if cerr := ctx.Err(); cerr != nil {
		return nil, fmt.Errorf("model: loading packages: %w", cerr)
	}
	if err != nil {
		return nil, fmt.Errorf("model: loading packages %s: %w", strings.Join(cfg.Patterns, " "), err)
	}
	l := &loader{
		cfg:         cfg,
		dir:         dir,
		fset:        fset,
		dialect:     d,
		methods:     map[*types.Func]method{},
		gschemas:    map[*types.TypeName]*gormSchema{},
		allModels:   map[*types.TypeName]*model{},
		tableModels: map[*types.TypeName]*model{},
		tableOf:     map[*types.TypeName]*schema.Table{},
		colTypes:    map[colTypeKey]*schema.ColumnType{},
		enums:       map[*types.TypeName]*enumDecl{},
		sources:     map[string]*ast.File{},
	}
	l.diag = &l.root
	s := l.load(pkgs)
	if causes := l.root.causes(); causes != nil {
		return nil, causes
	}
	list := l.root.sorted()
	if l.root.hasErrors() {
		return nil, list
	}
	return &Result{Schema: s, Warnings: list}, nil
}

// loader holds the state of one Load.
type loader struct {
	cfg     Config
	dir     string
	fset    *token.FileSet
	dialect dialect
	// diag receives problems: root, or a sink while gen reads a struct
	// only to follow a relationship to it.
	diag *diagnostics
	root diagnostics
	// methods maps the methods declared in the loaded packages to their
	// declarations, for constant folding.
	methods map[*types.Func]method
	// sources caches files of other packages parsed to fold a method.
	sources map[string]*ast.File
	// naming is the naming strategy in effect.
	naming namer
	// allModels are the struct types declared in the model packages;
	// tableModels those that are tables.
	allModels, tableModels map[*types.TypeName]*model
	// gschemas are the structs read as GORM reads them.
	gschemas map[*types.TypeName]*gormSchema
	// tableOf is the table built for each model.
	tableOf map[*types.TypeName]*schema.Table
	// colTypes are the column types given so far (sharedColumnType).
	colTypes map[colTypeKey]*schema.ColumnType
	// cols is addColumns' answer, reused from table to table.
	cols map[*field]*schema.Column
	// modelPkgs are the import paths of the model packages.
	modelPkgs map[string]bool
	// enums are the //gen:enum types of the model packages.
	enums     map[*types.TypeName]*enumDecl
	enumOrder []*enumDecl
	// disc is what the registration calls and the ORM evidence say
	// (discover.go).
	disc *discovery
}

type method struct {
	decl *ast.FuncDecl
	info *types.Info
}

// A model is a struct type declared in a model package.
type model struct {
	pkg *packages.Package
	obj *types.TypeName
	st  *types.Struct
	pos token.Position
	// table is the //gen:table name (or the name Config.Tables gives);
	// ignore is //gen:ignore; renamedFrom is //gen:renamed_from.
	table       string
	ignore      bool
	renamedFrom string
	// flavor is the ORM whose tags the struct carries.
	flavor flavor
	// embedded is true when another model embeds the struct;
	// columnValue when another model stores it in a column.
	embedded, columnValue bool
	// extends is true for a Bun model that extends another's table.
	extends bool
	// found says how gen found that the struct is a table
	// (attr.FoundBy).
	found string
}

func (m *model) qualified() string { return m.pkg.PkgPath + "." + m.obj.Name() }

// missingDirRE is go list's answer for a pattern naming no directory.
var missingDirRE = regexp.MustCompile(`^stat (.+): directory not found$`)

// listError is the message of a package error: the compiler's as it is,
// go list's for a missing directory in gen's terms.
func (l *loader) listError(e packages.Error) error {
	if m := missingDirRE.FindStringSubmatch(e.Msg); m != nil && e.Kind == packages.ListError {
		dir := m[1]
		if rel, err := filepath.Rel(l.dir, dir); err == nil && !strings.HasPrefix(rel, "..") {
			dir = "./" + filepath.ToSlash(rel)
		}
		return fmt.Errorf("the models directory %s does not exist; point --models (or models: in gen.yaml) at the package that declares the models, e.g. ./models", dir)
	}
	return fmt.Errorf("%s", e.Msg)
}

func (l *loader) load(pkgs []*packages.Package) *schema.Schema {
	sort.Slice(pkgs, func(i, j int) bool { return pkgs[i].PkgPath < pkgs[j].PkgPath })
	if len(pkgs) == 0 {
		l.diag.errorf(token.Position{}, "", "the patterns %s match no Go package; give the directory of the models, e.g. ./models", strings.Join(l.cfg.Patterns, " "))
		return nil
	}
	broken := false
	for _, p := range pkgs {
		// When the package does not compile, go list repeats the
		// compiler's messages as one list error: report the type and
		// parse errors, which carry positions, instead.
		typed := false
		for _, e := range p.Errors {
			typed = typed || e.Kind != packages.ListError
		}
		for _, e := range p.Errors {
			if typed && e.Kind == packages.ListError {
				continue
			}
			broken = true
			l.diag.add(&Error{Pos: l.parsePos(e.Pos), Err: l.listError(e)})
		}
	}
	if broken {
		return nil
	}
	if std := standardPackages(pkgs); len(std) > 0 {
		l.diag.errorf(token.Position{}, "", "the patterns %s match %d package(s) of the Go standard library (%s), which declare no models; give the packages of your module that do, e.g. ./models or ./...", strings.Join(l.cfg.Patterns, " "), len(std), shortList(std, 3))
		return nil
	}
	l.modelPkgs = map[string]bool{}
	for _, p := range pkgs {
		l.modelPkgs[p.PkgPath] = true
	}
	var models []*model
	for _, p := range pkgs {
		models = append(models, l.models(p)...)
	}
	for _, m := range models {
		l.allModels[m.obj] = m
	}
	l.naming = newNamer(l.namingStrategy(pkgs), l.dialect.identifierMaxLength())
	for _, m := range models {
		m.flavor = l.flavorOf(m.st)
	}
	l.findRegistrations(pkgs)
	selected := l.tables(models)
	for _, m := range selected {
		l.tableModels[m.obj] = m
	}
	l.checkSQLX(models, selected)
	l.releaseSyntax(pkgs)

	s := &schema.Schema{}
	if l.dialect.enumTypes() {
		for _, e := range l.enumOrder {
			e.obj.Schema = s
			s.Objects = append(s.Objects, e.obj)
		}
	}
	selected = l.gormTables(selected)
	joins := l.resolveJoins(selected)

	owner := map[string]string{}
	add := func(t *schema.Table, what string, pos token.Position) {
		if t == nil {
			return
		}
		// GORM's name for the table may be qualified with the schema
		// ("public.kv"), and so are the index names it derives; the table
		// itself is "kv" of that schema.
		name, ok := l.unqualified(t.Name, pos, what, "table name", "")
		if !ok {
			return
		}
		t.Name = name
		if o, ok := owner[t.Name]; ok {
			l.diag.errorf(pos, what, "table %q is also the table of %s; give one of them another name with //gen:table NAME", t.Name, o)
			return
		}
		p, _ := attr.Get[*schema.Pos](t.Attrs)
		owner[t.Name] = fmt.Sprintf("%s (%s:%d:%d)", what, p.Filename, p.Start.Line, p.Start.Column)
		t.Schema = s
		s.Tables = append(s.Tables, t)
	}
	var gormTables []*gormSchema
	for _, m := range selected {
		var t *schema.Table
		switch m.flavor {
		case flavorGORM:
			gs := l.gschemas[m.obj]
			if !gs.isTable {
				continue
			}
			t = l.gormTable(gs, m)
			if t != nil {
				gormTables = append(gormTables, gs)
			}
			gs.release()
		case flavorBun:
			t = l.bunTable(m)
		case flavorSQLX:
			t = l.sqlxTable(m)
		}
		if t == nil {
			continue
		}
		l.tableOf[m.obj] = t
		t.Attrs = append(t.Attrs, &attr.FoundBy{How: m.found})
		add(t, m.obj.Name(), m.pos)
		if m.flavor != flavorGORM {
			continue
		}
		for _, js := range joins[m.obj] {
			jt := l.gormTable(js, nil)
			js.release()
			if jt == nil {
				continue
			}
			js.out = jt
			jt.Attrs = append(jt.Attrs, &attr.FoundBy{How: "many2many join table of " + js.m2m.field.object()})
			gormTables = append(gormTables, js)
			add(jt, js.m2m.field.object(), js.pos)
		}
	}
	for _, gs := range gormTables {
		l.gormForeignKeys(gs)
	}
	l.checkReferences(s)
	l.checkCollisions(s)
	return s
}

// column builds the column of field f of model structName.
func (l *loader) column(f *field, structName string) *schema.Column {
	ct, attrs, err := l.columnType(f)
	if err != nil {
		l.diag.errorf(f.Pos, f.object(), "%v", err)
		return nil
	}
	notNull := f.NotNull
	if l.cfg.Nullability == NullabilityGoTypes && !f.NotNullSet {
		notNull = !f.GoNullable
	}
	// A serial or identity column is NOT NULL in PostgreSQL whatever the
	// DDL says.
	ct = l.sharedColumnType(ct, !(f.PrimaryKey || notNull || isSerial(ct) || f.Identity != "" && l.dialect.identityNotNull()))
	// The attributes are allocated at their final length: a column's are
	// a fifth of the desired schema's memory on wide models.
	n := 2 + len(attrs)
	if f.Unmanaged {
		n++
	}
	if f.Hint.RenamedFrom != "" {
		n++
	}
	c := &schema.Column{
		Name:  l.dialect.ident(f.DBName),
		Type:  ct,
		Attrs: append(make([]schema.Attr, 0, n), l.pos(f.Pos), &attr.GoName{Type: structName, Field: f.Path}),
	}
	c.Attrs = append(c.Attrs, attrs...)
	if f.Unmanaged {
		c.Attrs = append(c.Attrs, &attr.Unmanaged{})
	}
	if f.Hint.RenamedFrom != "" {
		if f.Hint.RenamedFrom == c.Name {
			l.diag.errorf(f.Pos, f.object(), "gen renamed_from=%s names the column's own name; write the name it had before, or remove the hint once the rename is applied", f.Hint.RenamedFrom)
		} else {
			c.Attrs = append(c.Attrs, &attr.RenamedFrom{Name: f.Hint.RenamedFrom})
		}
	}
	if f.Default != nil && !isSerial(ct) && f.Identity == "" && f.Generated == "" {
		c.Default = f.Default
	}
	return c
}

// colTypeKey identifies a column type whose atlas type is a pointer.
type colTypeKey struct {
	t    schema.Type
	raw  string
	null bool
}

// sharedColumnType returns ct with Null set to null: the column type an
// earlier column got for the same atlas type, Raw and nullability, or a
// new one, so that the columns of one type share one (the dialects'
// parseType share the atlas types): 4.8 MB of the desired schema on
// 100,000 columns. ct itself is never changed (parseType's answers are
// shared). Nothing changes a column's type in place; diff and the
// inspector set a new one. A type that is not a pointer is not compared.
func (l *loader) sharedColumnType(ct *schema.ColumnType, null bool) *schema.ColumnType {
	if ct.Type == nil || reflect.TypeOf(ct.Type).Kind() != reflect.Pointer {
		c := *ct
		c.Null = null
		return &c
	}
	k := colTypeKey{ct.Type, ct.Raw, null}
	if s, ok := l.colTypes[k]; ok {
		return s
	}
	s := &schema.ColumnType{Type: ct.Type, Raw: ct.Raw, Null: null}
	l.colTypes[k] = s
	return s
}

// columnType is the column type of f on the loader's dialect, in order of
// precedence: the gen type= hint, the //gen:enum type, a type the ORM
// states for the dialect (SQLType), and the ORM's mapping of the field's
// kind.
func (l *loader) columnType(f *field) (*schema.ColumnType, []schema.Attr, error) {
	if f.Enum != nil && f.Hint.Type == "" {
		var attrs []schema.Attr
		if f.Comment != "" && l.dialect.columnComments() {
			attrs = append(attrs, &schema.Comment{Text: f.Comment})
		}
		if l.dialect.enumTypes() {
			return &schema.ColumnType{Type: f.Enum.obj, Raw: f.Enum.obj.T}, attrs, nil
		}
		ct, err := l.dialect.parseType("text")
		return ct, attrs, err
	}
	return l.dialect.columnType(f)
}

// position converts a token.Pos to a position whose file name is relative
// to the loader's directory when the file is under it.
func (l *loader) position(p token.Pos) token.Position {
	pos := l.fset.Position(p)
	pos.Filename = l.rel(pos.Filename)
	pos.Offset = 0
	return pos
}

func (l *loader) rel(name string) string {
	if name == "" || !filepath.IsAbs(name) {
		return name
	}
	if r, err := filepath.Rel(l.dir, name); err == nil && r != ".." && !strings.HasPrefix(r, ".."+string(filepath.Separator)) {
		return filepath.ToSlash(r)
	}
	return name
}

// parsePos parses a go/packages error position, "file:line:col" or
// "file:line" or "", into a relative position.
func (l *loader) parsePos(s string) token.Position {
	var pos token.Position
	if s == "" || s == "-" {
		return pos
	}
	parts := strings.Split(s, ":")
	nums := 0
	for i := len(parts) - 1; i > 0 && nums < 2; i-- {
		if _, err := fmt.Sscanf(parts[i], "%d", new(int)); err != nil {
			break
		}
		nums++
	}
	pos.Filename = l.rel(strings.Join(parts[:len(parts)-nums], ":"))
	if nums >= 1 {
		fmt.Sscanf(parts[len(parts)-nums], "%d", &pos.Line)
	}
	if nums == 2 {
		fmt.Sscanf(parts[len(parts)-1], "%d", &pos.Column)
	}
	return pos
}

// pos is the schema attribute for a position.
func (l *loader) pos(p token.Position) *schema.Pos {
	sp := &schema.Pos{Filename: p.Filename}
	sp.Start.Line, sp.Start.Column = p.Line, p.Column
	return sp
}

// dialectTitle is the dialect's name for messages.
func (l *loader) dialectTitle() string { return l.dialect.title() }

// isModelPkg reports whether obj is declared in a model package (a
// struct literal type, obj nil, counts as one).
func (l *loader) isModelPkg(obj *types.TypeName) bool {
	return obj == nil || obj.Pkg() == nil || l.modelPkgs[obj.Pkg().Path()]
}

func isSerial(ct *schema.ColumnType) bool {
	switch ct.Raw {
	case "smallserial", "serial", "bigserial":
		return true
	}
	return false
}

// reflectTag returns the value of key in a struct tag.
func reflectTag(tag, key string) string {
	return reflect.StructTag(tag).Get(key)
}

// standardPackages returns the import paths of the packages of pkgs that
// belong to the Go standard library: no module, and no dot in the first
// element of the path. A pattern such as "..." or "fmt" matches them, and
// reading their structs as models would only bury the user in errors.
func standardPackages(pkgs []*packages.Package) []string {
	var std []string
	for _, p := range pkgs {
		first, _, _ := strings.Cut(p.PkgPath, "/")
		if p.Module == nil && !strings.Contains(first, ".") {
			std = append(std, p.PkgPath)
		}
	}
	return std
}

// shortList is the first n of list joined by ", ", with "…" when there are
// more.
func shortList(list []string, n int) string {
	if len(list) <= n {
		return strings.Join(list, ", ")
	}
	return strings.Join(list[:n], ", ") + ", …"
}
