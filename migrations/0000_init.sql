CREATE TABLE "tenants" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tenants_slug_key" UNIQUE("slug")
);
--> statement-breakpoint
CREATE TABLE "api_keys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid,
	"name" text NOT NULL,
	"role" text NOT NULL,
	"prefix" text NOT NULL,
	"secret_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "api_keys_prefix_key" UNIQUE("prefix"),
	CONSTRAINT "api_keys_role_check" CHECK ("api_keys"."role" in ('PLATFORM_ADMIN', 'ADMIN', 'READER'))
);
--> statement-breakpoint
CREATE TABLE "connectors" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"kind" text DEFAULT 'MICROSOFT_GRAPH' NOT NULL,
	"cloud" text DEFAULT 'GLOBAL' NOT NULL,
	"azure_tenant_id" text NOT NULL,
	"client_id" text NOT NULL,
	"credential_kind" text NOT NULL,
	"credential_ciphertext" text NOT NULL,
	"credential_version" integer DEFAULT 1 NOT NULL,
	"credential_hint" text NOT NULL,
	"credential_expires_at" timestamp with time zone,
	"sync_past_days" integer DEFAULT 7 NOT NULL,
	"sync_future_days" integer DEFAULT 180 NOT NULL,
	"sync_interval_seconds" integer DEFAULT 900 NOT NULL,
	"mask_private_events" boolean DEFAULT true NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"status" text DEFAULT 'PENDING' NOT NULL,
	"status_detail" text,
	"last_checked_at" timestamp with time zone,
	"last_diagnostics" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "connectors_pkey" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "connectors_kind_check" CHECK ("connectors"."kind" in ('MICROSOFT_GRAPH')),
	CONSTRAINT "connectors_cloud_check" CHECK ("connectors"."cloud" in ('GLOBAL', 'US_GOV', 'US_GOV_DOD', 'CHINA')),
	CONSTRAINT "connectors_credential_kind_check" CHECK ("connectors"."credential_kind" in ('CLIENT_SECRET', 'CERTIFICATE')),
	CONSTRAINT "connectors_status_check" CHECK ("connectors"."status" in ('PENDING', 'HEALTHY', 'DEGRADED', 'AUTH_FAILED', 'CONSENT_REQUIRED', 'DISABLED'))
);
--> statement-breakpoint
CREATE TABLE "mailboxes" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"connector_id" uuid NOT NULL,
	"address" text NOT NULL,
	"display_name" text,
	"kind" text DEFAULT 'UNKNOWN' NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"sync_status" text DEFAULT 'NEVER_SYNCED' NOT NULL,
	"last_synced_at" timestamp with time zone,
	"last_error" text,
	"delta_link" text,
	"delta_window_start" timestamp with time zone,
	"delta_window_end" timestamp with time zone,
	"resume_link" text,
	"resume_kind" text,
	"generation" integer DEFAULT 0 NOT NULL,
	"notification_subscription_id" text,
	"notification_expires_at" timestamp with time zone,
	"notification_client_state" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "mailboxes_pkey" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "mailboxes_tenant_address_key" UNIQUE("tenant_id","address"),
	CONSTRAINT "mailboxes_address_lower_check" CHECK ("mailboxes"."address" = lower("mailboxes"."address")),
	CONSTRAINT "mailboxes_kind_check" CHECK ("mailboxes"."kind" in ('ROOM', 'EQUIPMENT', 'USER', 'UNKNOWN')),
	CONSTRAINT "mailboxes_sync_status_check" CHECK ("mailboxes"."sync_status" in ('NEVER_SYNCED', 'SYNCING', 'OK', 'ERROR')),
	CONSTRAINT "mailboxes_resume_kind_check" CHECK ("mailboxes"."resume_kind" in ('FULL', 'DELTA'))
);
--> statement-breakpoint
CREATE TABLE "series_masters" (
	"tenant_id" uuid NOT NULL,
	"mailbox_id" uuid NOT NULL,
	"graph_id" text NOT NULL,
	"change_key" text,
	"data" jsonb NOT NULL,
	"fetched_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "series_masters_pkey" PRIMARY KEY("tenant_id","mailbox_id","graph_id")
);
--> statement-breakpoint
CREATE TABLE "events" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"mailbox_id" uuid NOT NULL,
	"graph_id" text NOT NULL,
	"ical_uid" text,
	"type" text NOT NULL,
	"series_master_id" text,
	"subject" text,
	"start_at" timestamp with time zone NOT NULL,
	"end_at" timestamp with time zone NOT NULL,
	"is_all_day" boolean DEFAULT false NOT NULL,
	"time_zone" text,
	"show_as" text DEFAULT 'BUSY' NOT NULL,
	"sensitivity" text DEFAULT 'NORMAL' NOT NULL,
	"is_cancelled" boolean DEFAULT false NOT NULL,
	"organizer" jsonb,
	"attendees" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"location" text,
	"locations" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"online_meeting" jsonb,
	"categories" text[] DEFAULT '{}'::text[] NOT NULL,
	"change_key" text,
	"last_modified_at" timestamp with time zone,
	"synced_at" timestamp with time zone DEFAULT now() NOT NULL,
	"generation" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "events_pkey" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "events_tenant_mailbox_graph_key" UNIQUE("tenant_id","mailbox_id","graph_id"),
	CONSTRAINT "events_type_check" CHECK ("events"."type" in ('SINGLE_INSTANCE', 'OCCURRENCE', 'EXCEPTION', 'SERIES_MASTER')),
	CONSTRAINT "events_show_as_check" CHECK ("events"."show_as" in ('FREE', 'TENTATIVE', 'BUSY', 'OOF', 'WORKING_ELSEWHERE', 'UNKNOWN')),
	CONSTRAINT "events_sensitivity_check" CHECK ("events"."sensitivity" in ('NORMAL', 'PERSONAL', 'PRIVATE', 'CONFIDENTIAL'))
);
--> statement-breakpoint
CREATE TABLE "sync_runs" (
	"tenant_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"connector_id" uuid NOT NULL,
	"mailbox_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"trigger" text NOT NULL,
	"status" text DEFAULT 'QUEUED' NOT NULL,
	"queued_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"pages" integer DEFAULT 0 NOT NULL,
	"upserted" integer DEFAULT 0 NOT NULL,
	"deleted" integer DEFAULT 0 NOT NULL,
	"graph_requests" integer DEFAULT 0 NOT NULL,
	"throttled" integer DEFAULT 0 NOT NULL,
	"error_code" text,
	"error_message" text,
	CONSTRAINT "sync_runs_pkey" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "sync_runs_kind_check" CHECK ("sync_runs"."kind" in ('FULL', 'DELTA')),
	CONSTRAINT "sync_runs_trigger_check" CHECK ("sync_runs"."trigger" in ('SCHEDULE', 'MANUAL', 'NOTIFICATION', 'RECOVERY')),
	CONSTRAINT "sync_runs_status_check" CHECK ("sync_runs"."status" in ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED'))
);
--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "connectors" ADD CONSTRAINT "connectors_tenant_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mailboxes" ADD CONSTRAINT "mailboxes_connector_fk" FOREIGN KEY ("tenant_id","connector_id") REFERENCES "public"."connectors"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "series_masters" ADD CONSTRAINT "series_masters_mailbox_fk" FOREIGN KEY ("tenant_id","mailbox_id") REFERENCES "public"."mailboxes"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "events" ADD CONSTRAINT "events_mailbox_fk" FOREIGN KEY ("tenant_id","mailbox_id") REFERENCES "public"."mailboxes"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sync_runs" ADD CONSTRAINT "sync_runs_connector_fk" FOREIGN KEY ("tenant_id","connector_id") REFERENCES "public"."connectors"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sync_runs" ADD CONSTRAINT "sync_runs_mailbox_fk" FOREIGN KEY ("tenant_id","mailbox_id") REFERENCES "public"."mailboxes"("tenant_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "api_keys_tenant_created_idx" ON "api_keys" USING btree ("tenant_id","created_at","id");--> statement-breakpoint
CREATE INDEX "connectors_tenant_created_idx" ON "connectors" USING btree ("tenant_id","created_at","id");--> statement-breakpoint
CREATE INDEX "mailboxes_tenant_connector_idx" ON "mailboxes" USING btree ("tenant_id","connector_id");--> statement-breakpoint
CREATE INDEX "events_tenant_mailbox_start_end_idx" ON "events" USING btree ("tenant_id","mailbox_id","start_at","end_at");--> statement-breakpoint
CREATE INDEX "events_tenant_start_idx" ON "events" USING btree ("tenant_id","start_at","id");--> statement-breakpoint
CREATE INDEX "sync_runs_tenant_mailbox_started_idx" ON "sync_runs" USING btree ("tenant_id","mailbox_id","started_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "sync_runs_tenant_connector_started_idx" ON "sync_runs" USING btree ("tenant_id","connector_id","started_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "sync_runs_tenant_queued_idx" ON "sync_runs" USING btree ("tenant_id","queued_at" DESC NULLS LAST,"id");