ALTER TABLE "connectors" DROP CONSTRAINT "connectors_kind_check";--> statement-breakpoint
ALTER TABLE "connectors" DROP CONSTRAINT "connectors_credential_kind_check";--> statement-breakpoint
ALTER TABLE "connectors" ADD CONSTRAINT "connectors_kind_check" CHECK ("connectors"."kind" in ('MICROSOFT_GRAPH', 'EXCHANGE_ONPREM'));--> statement-breakpoint
ALTER TABLE "connectors" ADD CONSTRAINT "connectors_credential_kind_check" CHECK ("connectors"."credential_kind" in ('CLIENT_SECRET', 'CERTIFICATE', 'PASSWORD'));