-- Up

COMMENT ON COLUMN "orders"."a" IS 'it''s new';

COMMENT ON TABLE "orders" IS 'customer orders';

-- Down

COMMENT ON TABLE "orders" IS NULL;

COMMENT ON COLUMN "orders"."a" IS 'old';

