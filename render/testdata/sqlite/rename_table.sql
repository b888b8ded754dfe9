-- Up

ALTER TABLE "accounts" RENAME TO "members";

-- Down

ALTER TABLE "members" RENAME TO "accounts";

