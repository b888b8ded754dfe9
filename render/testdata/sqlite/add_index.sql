-- Up

CREATE INDEX "idx_users_name" ON "users" ("name", "id" DESC);

CREATE UNIQUE INDEX "idx_users_email" ON "users" (lower(email));

CREATE INDEX "idx_users_active_name" ON "users" ("name") WHERE active;

-- Down

DROP INDEX "idx_users_active_name";

DROP INDEX "idx_users_email";

DROP INDEX "idx_users_name";

