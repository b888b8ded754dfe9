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

// The flag codes. GEN1xx lose data, GEN2xx fail on the data that is
// there (or cannot be generated), GEN3xx lock or rewrite, GEN4xx change
// behaviour for running code. docs/flags.md documents each.
const (
	CodeDropTable        = "GEN101"
	CodeDropColumn       = "GEN102"
	CodeProbableRename   = "GEN103"
	CodeProbableRenameT  = "GEN104"
	CodeEnumValueRemoved = "GEN105"

	CodeRequiredColumn  = "GEN201"
	CodeSetNotNull      = "GEN202"
	CodeUniqueDuplicate = "GEN203"
	CodePrimaryKeyData  = "GEN204"
	CodeForeignKeyData  = "GEN205"
	CodeCheckData       = "GEN206"
	CodeNarrowing       = "GEN207"
	CodeNoCast          = "GEN208"
	CodeManual          = "GEN209"
	CodeBackfill        = "GEN210"
	CodeDependentBroken = "GEN211"

	CodeTypeRewrite     = "GEN301"
	CodeNotNullScan     = "GEN302"
	CodeIndexBuild      = "GEN303"
	CodeIndexDrop       = "GEN304"
	CodeForeignKeyLock  = "GEN305"
	CodeCheckLock       = "GEN306"
	CodeUniqueLock      = "GEN307"
	CodePrimaryKeyLock  = "GEN308"
	CodeVolatileDefault = "GEN309"
	CodeStoredGenerated = "GEN310"
	CodeIdentityAdded   = "GEN311"
	CodeRebuild         = "GEN312"
	CodeTimeZone        = "GEN313"
	CodeEnumRebuild     = "GEN314"

	CodeDropNotNull    = "GEN401"
	CodeDropConstraint = "GEN402"
	CodeRenameColumn   = "GEN403"
	CodeRenameTable    = "GEN404"
	CodeDefaultChange  = "GEN405"
	CodeEnumAppend     = "GEN406"
	CodeInvalidIndex   = "GEN407"
	CodeKeyOverflow    = "GEN408"
	CodeDependents     = "GEN409"
)

// codes is the catalog, in code order.
var codes = []Code{
	{CodeDropTable, "table dropped with its rows", []string{"#1", "L9"}, []string{"squawk:ban-drop-table", "atlas:DS102", "psd:DELETES_DATA"}},
	{CodeDropColumn, "column dropped with its values", []string{"#2", "L9"}, []string{"squawk:ban-drop-column", "atlas:DS103", "strong_migrations:remove_column", "psd:DELETES_DATA"}},
	{CodeProbableRename, "probable column rename seen as drop + add", []string{"#8", "L9"}, nil},
	{CodeProbableRenameT, "probable table rename seen as drop + add", []string{"#8", "L9"}, nil},
	{CodeEnumValueRemoved, "enum value removed while rows hold it", []string{"#15", "L8"}, []string{"atlas:MY110"}},

	{CodeRequiredColumn, "NOT NULL column without a default added to a table with rows", []string{"#17", "L2"}, []string{"squawk:adding-required-field", "atlas:MF103", "atlas:MY101"}},
	{CodeSetNotNull, "NOT NULL set over rows holding NULL", []string{"#19", "L1"}, []string{"atlas:MF104", "atlas:LT101"}},
	{CodeUniqueDuplicate, "unique index or constraint over duplicate values", []string{"#39", "L3"}, []string{"atlas:MF101", "atlas:MF102"}},
	{CodePrimaryKeyData, "primary key over NULLs or duplicates", []string{"#41", "L4"}, []string{"atlas:PG304"}},
	{CodeForeignKeyData, "foreign key over orphan rows", []string{"#44", "L5"}, nil},
	{CodeCheckData, "CHECK over rows that violate it", []string{"#46", "L6"}, nil},
	{CodeNarrowing, "type change that does not fit the values", []string{"#27", "L7"}, nil},
	{CodeNoCast, "type change PostgreSQL cannot cast", []string{"#25", "#27"}, []string{"squawk:changing-column-type"}},
	{CodeManual, "change gen cannot write: a manual step", []string{"#55"}, []string{"psd:IS_USER_GENERATED"}},
	{CodeBackfill, "backfill to write before NOT NULL is enforced", []string{"#17", "#19", "#54", "L1", "L2"}, []string{"strong_migrations:change_column_null"}},
	{CodeDependentBroken, "a view or rule reads what the change drops or renames", []string{"#6", "#2"}, []string{"psd:HAS_UNTRACKABLE_DEPENDENCIES"}},

	{CodeTypeRewrite, "type change rewrites the table under an exclusive lock", []string{"#25", "#28", "L13"}, []string{"squawk:changing-column-type", "atlas:PG301", "strong_migrations:change_column", "psd:ACQUIRES_ACCESS_EXCLUSIVE_LOCK", "psd:IMPACTS_DATABASE_PERFORMANCE"}},
	{CodeNotNullScan, "SET NOT NULL scans the table under an exclusive lock", []string{"#18", "L13"}, []string{"squawk:adding-not-nullable-field", "atlas:PG303", "strong_migrations:change_column_null_postgresql"}},
	{CodeIndexBuild, "index built on a table with rows", []string{"#30", "#32", "#33", "L13"}, []string{"squawk:require-concurrent-index-creation", "squawk:ban-concurrent-index-creation-in-transaction", "atlas:PG101", "atlas:PG103", "strong_migrations:add_index", "psd:ACQUIRES_SHARE_LOCK", "psd:INDEX_BUILD"}},
	{CodeIndexDrop, "index dropped", []string{"#31", "#34", "L15"}, []string{"squawk:require-concurrent-index-deletion", "atlas:PG102", "strong_migrations:remove_index", "psd:INDEX_DROPPED"}},
	{CodeForeignKeyLock, "foreign key added to a table with rows", []string{"#43", "#47", "L13"}, []string{"squawk:adding-foreign-key-constraint", "squawk:constraint-missing-not-valid", "atlas:PG306", "strong_migrations:add_foreign_key", "psd:ACQUIRES_SHARE_ROW_EXCLUSIVE_LOCK"}},
	{CodeCheckLock, "CHECK added to a table with rows", []string{"#45", "#47", "L13"}, []string{"squawk:constraint-missing-not-valid", "atlas:PG305", "strong_migrations:add_check_constraint"}},
	{CodeUniqueLock, "unique constraint built under an exclusive lock", []string{"#38", "L13"}, []string{"squawk:disallowed-unique-constraint", "atlas:PG105", "strong_migrations:add_unique_constraint"}},
	{CodePrimaryKeyLock, "primary key built under an exclusive lock", []string{"#40", "L13"}, []string{"squawk:adding-serial-primary-key-field", "atlas:PG104"}},
	{CodeVolatileDefault, "volatile default rewrites the table", []string{"#20", "L13"}, []string{"squawk:adding-field-with-default", "atlas:PG302", "strong_migrations:add_column_default"}},
	{CodeStoredGenerated, "stored generated column rewrites the table", []string{"#22", "L13"}, []string{"squawk:adding-field-with-default", "atlas:PG309", "strong_migrations:add_column_generated_stored", "psd:ACQUIRES_ACCESS_EXCLUSIVE_LOCK"}},
	{CodeIdentityAdded, "identity or serial column added to a table with rows", []string{"#23", "L13"}, []string{"atlas:PG310", "strong_migrations:add_column_auto_incrementing"}},
	{CodeRebuild, "SQLite table rebuild", []string{"#64", "L12"}, nil},
	{CodeTimeZone, "timestamp ↔ timestamptz depends on the session TimeZone", []string{"#29", "L14"}, []string{"squawk:prefer-timestamptz", "strong_migrations:change_column"}},
	{CodeEnumRebuild, "enum type rebuilt, its columns rewritten", []string{"#14", "#25"}, nil},

	{CodeDropNotNull, "NOT NULL dropped", []string{"#16"}, []string{"squawk:ban-drop-not-null"}},
	{CodeDropConstraint, "constraint dropped", []string{"#42", "#49"}, []string{"atlas:CD101", "atlas:CD102", "atlas:CD103"}},
	{CodeRenameColumn, "column renamed under running code", []string{"#9"}, []string{"squawk:renaming-column", "atlas:BC102", "strong_migrations:rename_column"}},
	{CodeRenameTable, "table renamed under running code", []string{"#10"}, []string{"squawk:renaming-table", "atlas:BC101", "strong_migrations:rename_table"}},
	{CodeDefaultChange, "default changed: existing rows keep the old value", []string{"#73"}, []string{"strong_migrations:change_column_default"}},
	{CodeEnumAppend, "enum value added", []string{"#13"}, []string{"squawk:require-enum-value-ordering"}},
	{CodeInvalidIndex, "INVALID index left by a failed concurrent build", []string{"#35", "L11"}, nil},
	{CodeKeyOverflow, "integer key near overflow", []string{"#66", "L10"}, []string{"squawk:prefer-bigint-over-int", "squawk:prefer-bigint-over-smallint"}},
	{CodeDependents, "views or rules dropped and recreated around a type change", []string{"#6", "#25"}, nil},
}

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
