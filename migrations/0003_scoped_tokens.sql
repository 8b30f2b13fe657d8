ALTER TABLE "api_keys" ADD COLUMN "purpose" text DEFAULT 'API' NOT NULL;--> statement-breakpoint
ALTER TABLE "api_keys" ADD COLUMN "mailbox_ids" uuid[];--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_purpose_check" CHECK ("api_keys"."purpose" in ('API', 'DISPLAY', 'FEED'));--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_scope_check" CHECK (("api_keys"."purpose" = 'API') = ("api_keys"."mailbox_ids" is null));