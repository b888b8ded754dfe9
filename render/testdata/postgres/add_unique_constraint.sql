-- Up

ALTER TABLE "users" ADD CONSTRAINT "uni_users_tenant_email" UNIQUE ("tenant", "email");

-- Down

ALTER TABLE "users" DROP CONSTRAINT "uni_users_tenant_email";

