CREATE TABLE `sso_identities` (
	`user_id` integer PRIMARY KEY NOT NULL,
	`issuer` text NOT NULL,
	`subject` text NOT NULL,
	`linked_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sso_identities_subject_idx` ON `sso_identities` (`issuer`,`subject`);--> statement-breakpoint
ALTER TABLE `users` ADD `last_sign_in_at` integer;--> statement-breakpoint
ALTER TABLE `users` ADD `break_glass` integer DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX `users_last_sign_in_idx` ON `users` (`last_sign_in_at`);