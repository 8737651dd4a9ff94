CREATE TABLE `credential_status_lists` (
	`id` integer PRIMARY KEY NOT NULL,
	`purpose` text NOT NULL,
	`size` integer NOT NULL,
	`used` integer DEFAULT 0 NOT NULL,
	`bits` blob NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `open_badge_credentials` (
	`certification_id` integer PRIMARY KEY NOT NULL,
	`facts` text NOT NULL,
	`status_list_id` integer NOT NULL,
	`status_index` integer NOT NULL,
	`created_at` integer NOT NULL,
	`signed_json` text,
	`signed_at` integer,
	`issuer_id` text,
	FOREIGN KEY (`certification_id`) REFERENCES `certifications`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`status_list_id`) REFERENCES `credential_status_lists`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `open_badge_credentials_status_idx` ON `open_badge_credentials` (`status_list_id`,`status_index`);--> statement-breakpoint
CREATE INDEX `open_badge_credentials_issuer_idx` ON `open_badge_credentials` (`issuer_id`);