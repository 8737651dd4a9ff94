DROP INDEX `certifications_user_program_idx`;--> statement-breakpoint
DROP INDEX `certifications_expires_idx`;--> statement-breakpoint
CREATE INDEX `certifications_user_program_idx` ON `certifications` (`user_id`,`program_id`,`expires_at`,`issued_at`,`revoked_at`);--> statement-breakpoint
CREATE INDEX `certifications_expires_idx` ON `certifications` (`expires_at`,`revoked_at`,`issued_at`,`program_id`,`user_id`);--> statement-breakpoint
CREATE INDEX `users_disabled_idx` ON `users` (`disabled_at`) WHERE "users"."disabled_at" is not null;