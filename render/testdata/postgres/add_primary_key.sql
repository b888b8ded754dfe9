-- Up

ALTER TABLE "tags" ADD PRIMARY KEY ("id");

-- Down

ALTER TABLE "tags" DROP CONSTRAINT "tags_pkey";

