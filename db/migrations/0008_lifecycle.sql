CREATE TABLE `job_runs` (
	`name` text PRIMARY KEY NOT NULL,
	`last_started_at` integer NOT NULL,
	`last_finished_at` integer,
	`last_summary` text,
	`last_error` text
);
--> statement-breakpoint
CREATE TABLE `module_revisions` (
	`module_version_id` integer PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`recertify_by` integer,
	FOREIGN KEY (`module_version_id`) REFERENCES `module_versions`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "module_revisions_kind_check" CHECK("module_revisions"."kind" in ('major', 'minor'))
);
--> statement-breakpoint
CREATE INDEX `module_revisions_deadline_idx` ON `module_revisions` (`recertify_by`);--> statement-breakpoint
CREATE TABLE `notifications` (
	`id` integer PRIMARY KEY NOT NULL,
	`user_id` integer NOT NULL,
	`dedupe_key` text NOT NULL,
	`topic` text NOT NULL,
	`title` text NOT NULL,
	`body` text NOT NULL,
	`link` text,
	`created_at` integer NOT NULL,
	`read_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `notifications_dedupe_key_unique` ON `notifications` (`dedupe_key`);--> statement-breakpoint
CREATE INDEX `notifications_user_idx` ON `notifications` (`user_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `notifications_unread_idx` ON `notifications` (`user_id`,`read_at`);--> statement-breakpoint
CREATE TABLE `outbox` (
	`id` integer PRIMARY KEY NOT NULL,
	`channel` text NOT NULL,
	`topic` text NOT NULL,
	`dedupe_key` text NOT NULL,
	`recipient` text NOT NULL,
	`user_id` integer,
	`subject` text NOT NULL,
	`text_body` text NOT NULL,
	`html_body` text,
	`payload` text,
	`sensitive` integer DEFAULT false NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`claim_token` text,
	`lease_until` integer,
	`last_error` text,
	`created_at` integer NOT NULL,
	`sent_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "outbox_status_check" CHECK("outbox"."status" in ('pending', 'sending', 'sent', 'failed'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_dedupe_key_unique` ON `outbox` (`dedupe_key`);--> statement-breakpoint
CREATE INDEX `outbox_due_idx` ON `outbox` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `outbox_created_idx` ON `outbox` (`created_at`);--> statement-breakpoint
ALTER TABLE `attainments` ADD `superseded_by_version_id` integer REFERENCES module_versions(id);--> statement-breakpoint
CREATE INDEX `attainments_superseded_idx` ON `attainments` (`superseded_by_version_id`,`user_id`);--> statement-breakpoint
ALTER TABLE `certification_programs` ADD `renewal_window_days` integer DEFAULT 90 NOT NULL;--> statement-breakpoint
ALTER TABLE `certification_programs` ADD `grace_days` integer DEFAULT 30 NOT NULL;--> statement-breakpoint
ALTER TABLE `certification_programs` ADD `delta_deadline_days` integer DEFAULT 90 NOT NULL;