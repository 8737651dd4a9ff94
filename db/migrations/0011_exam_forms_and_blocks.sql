CREATE TABLE `attempt_questions` (
	`attempt_id` integer NOT NULL,
	`position` integer NOT NULL,
	`question_id` integer NOT NULL,
	`layout` text NOT NULL,
	`response` text,
	`credit` real,
	PRIMARY KEY(`attempt_id`, `position`),
	FOREIGN KEY (`attempt_id`) REFERENCES `attempts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`question_id`) REFERENCES `questions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `attempt_questions_question_idx` ON `attempt_questions` (`attempt_id`,`question_id`);--> statement-breakpoint
CREATE INDEX `attempt_questions_by_question_idx` ON `attempt_questions` (`question_id`);--> statement-breakpoint
CREATE TABLE `certification_blocks` (
	`id` integer PRIMARY KEY NOT NULL,
	`user_id` integer NOT NULL,
	`program_id` integer NOT NULL,
	`certification_id` integer NOT NULL,
	`created_at` integer NOT NULL,
	`created_by_id` integer,
	`reason` text NOT NULL,
	`lifted_at` integer,
	`lifted_by_id` integer,
	`lift_reason` text,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`program_id`) REFERENCES `certification_programs`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`certification_id`) REFERENCES `certifications`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`lifted_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `certification_blocks_user_idx` ON `certification_blocks` (`user_id`,`program_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `certification_blocks_active_idx` ON `certification_blocks` (`user_id`,`program_id`) WHERE "certification_blocks"."lifted_at" is null;--> statement-breakpoint
ALTER TABLE `attempts` ADD `deadline_at` integer;--> statement-breakpoint
ALTER TABLE `attempts` ADD `timed_out` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `choices` ADD `weight` real;--> statement-breakpoint
ALTER TABLE `choices` ADD `match_text` text;--> statement-breakpoint
ALTER TABLE `lessons` ADD `stem` text;--> statement-breakpoint
ALTER TABLE `module_versions` ADD `form_size` integer DEFAULT 10 NOT NULL;--> statement-breakpoint
ALTER TABLE `module_versions` ADD `reveal_policy` text DEFAULT 'after-pass' NOT NULL;--> statement-breakpoint
ALTER TABLE `module_versions` ADD `time_limit_minutes` integer;--> statement-breakpoint
ALTER TABLE `questions` ADD `category` text;--> statement-breakpoint
ALTER TABLE `questions` ADD `competency_id` integer REFERENCES competencies(id);