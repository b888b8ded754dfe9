-- Up

ALTER TABLE "memberships" DROP CONSTRAINT "memberships_pk";

ALTER TABLE "memberships" ADD PRIMARY KEY ("org", "id");

-- Down

ALTER TABLE "memberships" DROP CONSTRAINT "memberships_pkey";

ALTER TABLE "memberships" ADD CONSTRAINT "memberships_pk" PRIMARY KEY ("id");

