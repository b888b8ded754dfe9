-- Up

ALTER TABLE "posts" ADD CONSTRAINT "fk_posts_user" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE RESTRICT;

-- Down

ALTER TABLE "posts" DROP CONSTRAINT "fk_posts_user";

