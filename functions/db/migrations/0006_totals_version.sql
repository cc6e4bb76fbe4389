CREATE TABLE "totals_version" (
	"id" smallint PRIMARY KEY DEFAULT 1 NOT NULL,
	"version" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "totals_version_one_row_check" CHECK ("totals_version"."id" = 1)
);
