CREATE TABLE "offer_notes" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "offer_notes_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"offer_id" uuid NOT NULL,
	"author_id" uuid NOT NULL,
	"body" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "offers" DROP CONSTRAINT "offers_status_check";--> statement-breakpoint
UPDATE "offers" SET "status" = 'under_review' WHERE "status" = 'in_review';--> statement-breakpoint
UPDATE "offer_events" SET "status" = 'under_review' WHERE "status" = 'in_review';--> statement-breakpoint
ALTER TABLE "offer_events" ADD COLUMN "from_status" text;--> statement-breakpoint
ALTER TABLE "offer_events" ADD COLUMN "reason" text;--> statement-breakpoint
ALTER TABLE "offer_events" ADD COLUMN "actor_id" uuid;--> statement-breakpoint
ALTER TABLE "offer_goods" ADD COLUMN "received_quantity" integer;--> statement-breakpoint
ALTER TABLE "offers" ADD COLUMN "estimated_value_cny_minor" bigint;--> statement-breakpoint
ALTER TABLE "offers" ADD COLUMN "cash_received_minor" bigint;--> statement-breakpoint
ALTER TABLE "offers" ADD COLUMN "exchange_rate_micro" bigint;--> statement-breakpoint
ALTER TABLE "offers" ADD COLUMN "duplicate_of" uuid;--> statement-breakpoint
ALTER TABLE "offers" ADD COLUMN "erased_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "offer_notes" ADD CONSTRAINT "offer_notes_offer_id_offers_id_fk" FOREIGN KEY ("offer_id") REFERENCES "public"."offers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "offer_notes_offer_id_idx" ON "offer_notes" USING btree ("offer_id","id");--> statement-breakpoint
ALTER TABLE "offers" ADD CONSTRAINT "offers_status_check" CHECK ("offers"."status" in ('submitted', 'under_review', 'needs_info', 'accepted', 'in_transit', 'received', 'closed', 'declined', 'withdrawn', 'duplicate'));