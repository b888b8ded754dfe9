-- Up

CREATE TABLE "users" (
  "id" bigint NOT NULL,
  "email" character varying(80) NOT NULL,
  "name" text DEFAULT 'anon',
  "active" boolean NOT NULL DEFAULT true,
  "created_at" timestamptz DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY ("id"),
  CONSTRAINT "users_email_key" UNIQUE ("email"),
  CONSTRAINT "users_name_check" CHECK (length(name) > 0)
);

CREATE INDEX "idx_users_name" ON "users" ("name" DESC, "id");

CREATE INDEX "idx_users_lower_name" ON "users" USING hash (lower(name));

CREATE UNIQUE INDEX "idx_users_active_email" ON "users" ("email") WHERE active;

COMMENT ON TABLE "users" IS 'people who sign in';

COMMENT ON COLUMN "users"."name" IS 'display name';

-- Down

DROP TABLE "users";

