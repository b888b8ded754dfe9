package model

import "testing"

// The want values were printed by gorm.io/gorm v1.31.2's
// schema.NamingStrategy{} (ColumnName, TableName, IndexName, UniqueName).
func TestToDBNameMatchesGORM(t *testing.T) {
	tests := []struct{ in, column, table string }{
		{"UserID", "user_id", "user_ids"},
		{"HTTPServer", "http_server", "http_servers"},
		{"Address2", "address2", "address2"},
		{"APIKey", "api_key", "api_keys"},
		{"UUID", "uuid", "uuids"},
		{"ID", "id", "ids"},
		{"PInt", "p_int", "p_ints"},
		{"IPAddress", "ip_address", "ip_addresses"},
		{"HTMLToURL", "html_to_url", "html_to_urls"},
		{"Utf8Name", "utf8_name", "utf8_names"},
		{"UTF8Name", "utf8_name", "utf8_names"},
		{"MyHTTPSURL", "my_http_s_url", "my_http_s_urls"},
		{"A", "a", "as"},
		{"Ab", "ab", "abs"},
		{"ABc", "a_bc", "a_bcs"},
		{"Person", "person", "people"},
		{"Category", "category", "categories"},
		{"HTTPLog", "http_log", "http_logs"},
		{"Medium", "medium", "media"},
		{"X509Cert", "x509_cert", "x509_certs"},
		{"OAuth2Token", "o_auth2_token", "o_auth2_tokens"},
		{"Data", "data", "data"},
		{"Sheep", "sheep", "sheep"},
		{"Status", "status", "statuses"},
		{"V2API", "v2_api", "v2_apis"},
	}
	for _, tt := range tests {
		if got := toDBName(tt.in); got != tt.column {
			t.Errorf("toDBName(%q) = %q, GORM says %q", tt.in, got, tt.column)
		}
		if got := (Naming{}).tableName(tt.in); got != tt.table {
			t.Errorf("tableName(%q) = %q, GORM says %q", tt.in, got, tt.table)
		}
	}
}

func TestNamingStrategy(t *testing.T) {
	n := Naming{TablePrefix: "app_", SingularTable: true}
	if got := n.tableName("OrderItem"); got != "app_order_item" {
		t.Errorf("singular with prefix: got %q", got)
	}
	if got := (Naming{TablePrefix: "app_"}).tableName("OrderItem"); got != "app_order_items" {
		t.Errorf("plural with prefix: got %q", got)
	}
}

func TestFormatNameMatchesGORM(t *testing.T) {
	const table = "a_very_long_model_name_that_goes_on_and_ons"
	tests := []struct{ got, want string }{
		{newNamer(Naming{}, 64).indexName(table, "AnotherQuiteLongFieldNameForTest"), "idx_a_very_long_model_name_that_goes_on_and_ons_another_0ed52be2"},
		{newNamer(Naming{}, 64).uniqueName(table, "another_quite_long_field_name_for_test"), "uni_a_very_long_model_name_that_goes_on_and_ons_another_d2493f44"},
		// gorm.io/driver/postgres sets IdentifierMaxLength 63; these are the
		// names GORM's AutoMigrate created on PostgreSQL 15.
		{newNamer(Naming{}, 63).indexName(table, "AnotherQuiteLongFieldNameForTest"), "idx_a_very_long_model_name_that_goes_on_and_ons_another0ed52be2"},
		{newNamer(Naming{}, 63).uniqueName(table, "another_quite_long_field_name_for_test"), "uni_a_very_long_model_name_that_goes_on_and_ons_anotherd2493f44"},
		{newNamer(Naming{}, 64).indexName("users", "Email"), "idx_users_email"},
		{newNamer(Naming{}, 64).uniqueName("users", "email"), "uni_users_email"},
		{newNamer(Naming{}, 64).checkName("users", "age"), "chk_users_age"},
		{newNamer(Naming{}, 64).indexName("app.users", "Email"), "idx_app_users_email"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("got %q, GORM says %q", tt.got, tt.want)
		}
	}
}

func TestPostgresIdentifierLimit(t *testing.T) {
	var d pgDialect
	long := "idx_a_very_long_model_name_that_goes_on_and_ons_another_0ed52be2"
	if got := d.ident(long); got != long[:63] {
		t.Errorf("ident cut %q to %q, want its first 63 bytes", long, got)
	}
	// A two-byte character straddling byte 63 is dropped whole.
	s := "idx_" + "ééééééééééééééééééééééééééééééééééééééé"
	got := d.ident(s)
	if len(got) > 63 || got != s[:len(got)] || len(got) < 62 {
		t.Errorf("ident(%q) = %q (%d bytes)", s, got, len(got))
	}
	if got := d.ident("users"); got != "users" {
		t.Errorf("short name changed: %q", got)
	}
}
