CREATE TABLE `learning_plans` (
	`id` integer PRIMARY KEY NOT NULL,
	`user_id` integer NOT NULL,
	`program_id` integer NOT NULL,
	`target_territory_id` integer,
	`due_on` integer NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`template_id` integer,
	`nominated_by_id` integer,
	`created_at` integer NOT NULL,
	`cancelled_at` integer,
	`cancelled_by_id` integer,
	`cancel_reason` text,
	`outcome` text,
	`outcome_at` integer,
	`outcome_by_id` integer,
	`assignment_id` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`program_id`) REFERENCES `certification_programs`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`target_territory_id`) REFERENCES `territories`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`template_id`) REFERENCES `plan_templates`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`nominated_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`cancelled_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`outcome_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`assignment_id`) REFERENCES `specialist_assignments`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `learning_plans_open_idx` ON `learning_plans` (`user_id`,`program_id`) WHERE "learning_plans"."cancelled_at" is null and "learning_plans"."outcome" is null;--> statement-breakpoint
CREATE INDEX `learning_plans_user_idx` ON `learning_plans` (`user_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `learning_plans_program_idx` ON `learning_plans` (`program_id`,`due_on`);--> statement-breakpoint
CREATE INDEX `learning_plans_territory_idx` ON `learning_plans` (`target_territory_id`,`program_id`);--> statement-breakpoint
CREATE INDEX `learning_plans_due_idx` ON `learning_plans` (`due_on`);--> statement-breakpoint
CREATE TABLE `plan_templates` (
	`id` integer PRIMARY KEY NOT NULL,
	`program_id` integer NOT NULL,
	`name` text NOT NULL,
	`duration_weeks` integer NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`created_by_id` integer,
	`archived_at` integer,
	FOREIGN KEY (`program_id`) REFERENCES `certification_programs`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `plan_templates_program_idx` ON `plan_templates` (`program_id`);