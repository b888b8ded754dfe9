-- Up

ALTER TABLE "accounts" DROP CONSTRAINT "accounts_user_id_fkey";

ALTER TABLE "accounts" DROP CONSTRAINT "accounts_tenant_name_key";

DROP INDEX "accounts_name_pattern";

DROP INDEX "accounts_data_path";

-- Down

CREATE INDEX "accounts_data_path" ON "accounts" USING gin ("data" jsonb_path_ops);

CREATE INDEX "accounts_name_pattern" ON "accounts" ("name" text_pattern_ops) INCLUDE ("tenant");

ALTER TABLE "accounts" ADD CONSTRAINT "accounts_tenant_name_key" UNIQUE NULLS NOT DISTINCT ("tenant", "name") INCLUDE ("data") DEFERRABLE;

ALTER TABLE "accounts" ADD CONSTRAINT "accounts_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users" ("id") DEFERRABLE INITIALLY DEFERRED;

