-- Up

CREATE TABLE "accounts" (
  "id" bigint NOT NULL,
  "user_id" bigint,
  "email" email_address,
  "name" text,
  "tenant" bigint,
  "data" jsonb,
  "token" uuid DEFAULT pg_catalog.gen_random_uuid(),
  PRIMARY KEY ("id"),
  CONSTRAINT "accounts_tenant_email_key" UNIQUE NULLS NOT DISTINCT ("tenant", "email") INCLUDE ("name") DEFERRABLE INITIALLY DEFERRED,
  CONSTRAINT "accounts_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE DEFERRABLE
);

CREATE INDEX "accounts_name_pattern" ON "accounts" ("name" text_pattern_ops) INCLUDE ("tenant", "email");

CREATE INDEX "accounts_data_path" ON "accounts" USING gin (data jsonb_path_ops);

CREATE UNIQUE INDEX "accounts_email_nnd" ON "accounts" ("email") NULLS NOT DISTINCT;

-- Down

DROP TABLE "accounts";

