CREATE TABLE "idempotency_keys" (
	"key" text PRIMARY KEY NOT NULL,
	"request_hash" text NOT NULL,
	"offer_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "offer_contacts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"offer_id" uuid NOT NULL,
	"name" text NOT NULL,
	"role" text,
	"email" text,
	"phone" text,
	"wechat" text,
	"whatsapp" text,
	"line" text,
	CONSTRAINT "offer_contacts_reachable_check" CHECK ("offer_contacts"."email" is not null or "offer_contacts"."phone" is not null)
);
--> statement-breakpoint
CREATE TABLE "offer_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "offer_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"offer_id" uuid NOT NULL,
	"status" text NOT NULL,
	"note" text,
	"visible_to_donor" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "offer_goods" (
	"offer_id" uuid NOT NULL,
	"position" smallint NOT NULL,
	"item" text NOT NULL,
	"name" text,
	"quantity" integer NOT NULL,
	"unit" text NOT NULL,
	"standard" text,
	"expires_on" date,
	CONSTRAINT "offer_goods_offer_id_position_pk" PRIMARY KEY("offer_id","position"),
	CONSTRAINT "offer_goods_quantity_check" CHECK ("offer_goods"."quantity" > 0)
);
--> statement-breakpoint
CREATE TABLE "offers" (
	"id" uuid PRIMARY KEY NOT NULL,
	"reference" text NOT NULL,
	"status" text DEFAULT 'submitted' NOT NULL,
	"locale" text NOT NULL,
	"organization_name" text NOT NULL,
	"organization_country" text NOT NULL,
	"organization_city" text,
	"organization_kind" text,
	"recipient" text NOT NULL,
	"available_from" date,
	"location" text,
	"delivery" text NOT NULL,
	"notes" text,
	"cash_amount_minor" bigint,
	"cash_currency" text,
	"consent_data_processing" boolean NOT NULL,
	"consent_thank_publicly" boolean DEFAULT false NOT NULL,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "offers_reference_unique" UNIQUE("reference"),
	CONSTRAINT "offers_status_check" CHECK ("offers"."status" in ('submitted', 'in_review', 'accepted', 'in_transit', 'received', 'declined', 'withdrawn')),
	CONSTRAINT "offers_cash_check" CHECK (("offers"."cash_amount_minor" is null) = ("offers"."cash_currency" is null) and ("offers"."cash_amount_minor" is null or "offers"."cash_amount_minor" > 0)),
	CONSTRAINT "offers_consent_check" CHECK ("offers"."consent_data_processing")
);
--> statement-breakpoint
ALTER TABLE "idempotency_keys" ADD CONSTRAINT "idempotency_keys_offer_id_offers_id_fk" FOREIGN KEY ("offer_id") REFERENCES "public"."offers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "offer_contacts" ADD CONSTRAINT "offer_contacts_offer_id_offers_id_fk" FOREIGN KEY ("offer_id") REFERENCES "public"."offers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "offer_events" ADD CONSTRAINT "offer_events_offer_id_offers_id_fk" FOREIGN KEY ("offer_id") REFERENCES "public"."offers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "offer_goods" ADD CONSTRAINT "offer_goods_offer_id_offers_id_fk" FOREIGN KEY ("offer_id") REFERENCES "public"."offers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "offer_contacts_offer_id_idx" ON "offer_contacts" USING btree ("offer_id");--> statement-breakpoint
CREATE INDEX "offer_events_offer_id_idx" ON "offer_events" USING btree ("offer_id","id");--> statement-breakpoint
CREATE INDEX "offers_status_submitted_at_idx" ON "offers" USING btree ("status","submitted_at");