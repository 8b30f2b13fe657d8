-- Provider-neutral names (issue 9), carrying every row over: no resync is needed afterwards.
-- Hand-edited from drizzle-kit's output to RENAME and UPDATE instead of drop + add.
ALTER TABLE "events" RENAME COLUMN "graph_id" TO "source_id";--> statement-breakpoint
ALTER TABLE "events" RENAME CONSTRAINT "events_tenant_mailbox_graph_key" TO "events_tenant_mailbox_source_key";--> statement-breakpoint
ALTER TABLE "series_masters" RENAME COLUMN "graph_id" TO "source_id";--> statement-breakpoint
ALTER TABLE "mailboxes" RENAME COLUMN "delta_link" TO "cursor";--> statement-breakpoint
ALTER TABLE "mailboxes" RENAME COLUMN "resume_link" TO "resume_cursor";--> statement-breakpoint
ALTER TABLE "mailboxes" RENAME COLUMN "delta_window_start" TO "cursor_window_start";--> statement-breakpoint
ALTER TABLE "mailboxes" RENAME COLUMN "delta_window_end" TO "cursor_window_end";--> statement-breakpoint
ALTER TABLE "connectors" ADD COLUMN "settings" jsonb;--> statement-breakpoint
UPDATE "connectors" SET "settings" = jsonb_build_object('cloud', "cloud", 'azureTenantId', "azure_tenant_id", 'clientId', "client_id");--> statement-breakpoint
ALTER TABLE "connectors" ALTER COLUMN "settings" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "connectors" DROP CONSTRAINT "connectors_cloud_check";--> statement-breakpoint
ALTER TABLE "connectors" DROP COLUMN "cloud";--> statement-breakpoint
ALTER TABLE "connectors" DROP COLUMN "azure_tenant_id";--> statement-breakpoint
ALTER TABLE "connectors" DROP COLUMN "client_id";
