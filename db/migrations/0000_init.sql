CREATE TABLE `attainments` (
	`id` integer PRIMARY KEY NOT NULL,
	`user_id` integer NOT NULL,
	`competency_id` integer NOT NULL,
	`source` text NOT NULL,
	`attempt_id` integer,
	`attested_by_id` integer,
	`evidence` text,
	`attained_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`competency_id`) REFERENCES `competencies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`attempt_id`) REFERENCES `attempts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`attested_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `attainments_user_competency_idx` ON `attainments` (`user_id`,`competency_id`,`expires_at`);--> statement-breakpoint
CREATE INDEX `attainments_competency_idx` ON `attainments` (`competency_id`,`expires_at`);--> statement-breakpoint
CREATE TABLE `attempt_answers` (
	`attempt_id` integer NOT NULL,
	`question_id` integer NOT NULL,
	`choice_ids` text NOT NULL,
	`credit` real NOT NULL,
	PRIMARY KEY(`attempt_id`, `question_id`),
	FOREIGN KEY (`attempt_id`) REFERENCES `attempts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`question_id`) REFERENCES `questions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `attempt_answers_question_idx` ON `attempt_answers` (`question_id`);--> statement-breakpoint
CREATE TABLE `attempts` (
	`id` integer PRIMARY KEY NOT NULL,
	`user_id` integer NOT NULL,
	`module_version_id` integer NOT NULL,
	`shuffle_seed` integer NOT NULL,
	`started_at` integer NOT NULL,
	`submitted_at` integer,
	`score_percent` real,
	`passed` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`module_version_id`) REFERENCES `module_versions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `attempts_user_version_idx` ON `attempts` (`user_id`,`module_version_id`,`started_at`);--> statement-breakpoint
CREATE INDEX `attempts_version_idx` ON `attempts` (`module_version_id`,`submitted_at`);--> statement-breakpoint
CREATE TABLE `audit_events` (
	`id` integer PRIMARY KEY NOT NULL,
	`at` integer NOT NULL,
	`actor_id` integer,
	`action` text NOT NULL,
	`subject_user_id` integer,
	`entity_type` text,
	`entity_id` integer,
	`reason` text,
	`details` text,
	FOREIGN KEY (`actor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`subject_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `audit_events_at_idx` ON `audit_events` (`at`);--> statement-breakpoint
CREATE INDEX `audit_events_actor_idx` ON `audit_events` (`actor_id`,`at`);--> statement-breakpoint
CREATE INDEX `audit_events_subject_idx` ON `audit_events` (`subject_user_id`,`at`);--> statement-breakpoint
CREATE INDEX `audit_events_action_idx` ON `audit_events` (`action`,`at`);--> statement-breakpoint
CREATE TABLE `business_units` (
	`id` integer PRIMARY KEY NOT NULL,
	`slug` text NOT NULL,
	`name` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `business_units_slug_unique` ON `business_units` (`slug`);--> statement-breakpoint
CREATE UNIQUE INDEX `business_units_name_unique` ON `business_units` (`name`);--> statement-breakpoint
CREATE TABLE `certification_programs` (
	`id` integer PRIMARY KEY NOT NULL,
	`technology_id` integer NOT NULL,
	`level` text NOT NULL,
	`name` text NOT NULL,
	`validity_months` integer DEFAULT 12 NOT NULL,
	FOREIGN KEY (`technology_id`) REFERENCES `technologies`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "certification_programs_validity_check" CHECK("certification_programs"."validity_months" > 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `certification_programs_technology_level_idx` ON `certification_programs` (`technology_id`,`level`);--> statement-breakpoint
CREATE TABLE `certifications` (
	`id` integer PRIMARY KEY NOT NULL,
	`credential_id` text NOT NULL,
	`user_id` integer NOT NULL,
	`program_id` integer NOT NULL,
	`issued_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`revoked_at` integer,
	`revoked_by_id` integer,
	`revoked_reason` text,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`program_id`) REFERENCES `certification_programs`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`revoked_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `certifications_credential_id_unique` ON `certifications` (`credential_id`);--> statement-breakpoint
CREATE INDEX `certifications_user_program_idx` ON `certifications` (`user_id`,`program_id`,`expires_at`);--> statement-breakpoint
CREATE INDEX `certifications_program_expires_idx` ON `certifications` (`program_id`,`expires_at`);--> statement-breakpoint
CREATE INDEX `certifications_expires_idx` ON `certifications` (`expires_at`);--> statement-breakpoint
CREATE TABLE `choices` (
	`id` integer PRIMARY KEY NOT NULL,
	`question_id` integer NOT NULL,
	`position` integer NOT NULL,
	`text` text NOT NULL,
	`is_correct` integer NOT NULL,
	`feedback` text DEFAULT '' NOT NULL,
	FOREIGN KEY (`question_id`) REFERENCES `questions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `choices_position_idx` ON `choices` (`question_id`,`position`);--> statement-breakpoint
CREATE TABLE `competencies` (
	`id` integer PRIMARY KEY NOT NULL,
	`technology_id` integer NOT NULL,
	`slug` text NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`validity_months` integer DEFAULT 24 NOT NULL,
	FOREIGN KEY (`technology_id`) REFERENCES `technologies`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "competencies_validity_check" CHECK("competencies"."validity_months" > 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `competencies_slug_unique` ON `competencies` (`slug`);--> statement-breakpoint
CREATE INDEX `competencies_technology_idx` ON `competencies` (`technology_id`);--> statement-breakpoint
CREATE TABLE `enrollments` (
	`id` integer PRIMARY KEY NOT NULL,
	`user_id` integer NOT NULL,
	`module_id` integer NOT NULL,
	`module_version_id` integer NOT NULL,
	`started_at` integer NOT NULL,
	`last_lesson_id` integer,
	`last_activity_at` integer NOT NULL,
	`completed_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`module_id`) REFERENCES `modules`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`module_version_id`) REFERENCES `module_versions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`last_lesson_id`) REFERENCES `lessons`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `enrollments_user_module_idx` ON `enrollments` (`user_id`,`module_id`);--> statement-breakpoint
CREATE INDEX `enrollments_version_idx` ON `enrollments` (`module_version_id`);--> statement-breakpoint
CREATE TABLE `invitations` (
	`id` integer PRIMARY KEY NOT NULL,
	`user_id` integer NOT NULL,
	`token_hash` text NOT NULL,
	`created_by_id` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `invitations_token_hash_unique` ON `invitations` (`token_hash`);--> statement-breakpoint
CREATE INDEX `invitations_user_idx` ON `invitations` (`user_id`);--> statement-breakpoint
CREATE TABLE `lesson_progress` (
	`user_id` integer NOT NULL,
	`lesson_id` integer NOT NULL,
	`completed_at` integer NOT NULL,
	PRIMARY KEY(`user_id`, `lesson_id`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`lesson_id`) REFERENCES `lessons`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `lessons` (
	`id` integer PRIMARY KEY NOT NULL,
	`module_version_id` integer NOT NULL,
	`position` integer NOT NULL,
	`title` text NOT NULL,
	`body_markdown` text NOT NULL,
	`body_html` text NOT NULL,
	`minutes` integer DEFAULT 5 NOT NULL,
	FOREIGN KEY (`module_version_id`) REFERENCES `module_versions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `lessons_position_idx` ON `lessons` (`module_version_id`,`position`);--> statement-breakpoint
CREATE TABLE `module_version_competencies` (
	`module_version_id` integer NOT NULL,
	`competency_id` integer NOT NULL,
	PRIMARY KEY(`module_version_id`, `competency_id`),
	FOREIGN KEY (`module_version_id`) REFERENCES `module_versions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`competency_id`) REFERENCES `competencies`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `module_version_competencies_competency_idx` ON `module_version_competencies` (`competency_id`);--> statement-breakpoint
CREATE TABLE `module_versions` (
	`id` integer PRIMARY KEY NOT NULL,
	`module_id` integer NOT NULL,
	`status` text NOT NULL,
	`version_number` integer,
	`title` text NOT NULL,
	`summary` text DEFAULT '' NOT NULL,
	`minutes` integer NOT NULL,
	`pass_mark_percent` integer DEFAULT 80 NOT NULL,
	`max_attempts_per_day` integer DEFAULT 3 NOT NULL,
	`content_hash` text,
	`revision` integer DEFAULT 1 NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer,
	`published_at` integer,
	`published_by_id` integer,
	FOREIGN KEY (`module_id`) REFERENCES `modules`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`published_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "module_versions_pass_mark_check" CHECK("module_versions"."pass_mark_percent" between 1 and 100),
	CONSTRAINT "module_versions_minutes_check" CHECK("module_versions"."minutes" > 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `module_versions_number_idx` ON `module_versions` (`module_id`,`version_number`);--> statement-breakpoint
CREATE UNIQUE INDEX `module_versions_one_draft_idx` ON `module_versions` (`module_id`) WHERE "module_versions"."status" = 'draft';--> statement-breakpoint
CREATE TABLE `modules` (
	`id` integer PRIMARY KEY NOT NULL,
	`slug` text NOT NULL,
	`technology_id` integer NOT NULL,
	`owner_id` integer,
	`published_version_id` integer,
	`archived_at` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`technology_id`) REFERENCES `technologies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`owner_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `modules_slug_unique` ON `modules` (`slug`);--> statement-breakpoint
CREATE INDEX `modules_technology_idx` ON `modules` (`technology_id`);--> statement-breakpoint
CREATE INDEX `modules_owner_idx` ON `modules` (`owner_id`);--> statement-breakpoint
CREATE TABLE `outbox_messages` (
	`id` integer PRIMARY KEY NOT NULL,
	`recipient` text NOT NULL,
	`subject` text NOT NULL,
	`body` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`sent_at` integer
);
--> statement-breakpoint
CREATE TABLE `partner_technology_mix` (
	`partner_id` integer NOT NULL,
	`technology_id` integer NOT NULL,
	`share_percent` real NOT NULL,
	PRIMARY KEY(`partner_id`, `technology_id`),
	FOREIGN KEY (`partner_id`) REFERENCES `partners`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`technology_id`) REFERENCES `technologies`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "partner_mix_share_check" CHECK("partner_technology_mix"."share_percent" >= 0 and "partner_technology_mix"."share_percent" <= 100)
);
--> statement-breakpoint
CREATE INDEX `partner_technology_mix_technology_idx` ON `partner_technology_mix` (`technology_id`,`share_percent`);--> statement-breakpoint
CREATE TABLE `partners` (
	`id` integer PRIMARY KEY NOT NULL,
	`territory_id` integer NOT NULL,
	`name` text NOT NULL,
	`city` text DEFAULT '' NOT NULL,
	FOREIGN KEY (`territory_id`) REFERENCES `territories`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `partners_territory_idx` ON `partners` (`territory_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `partners_name_territory_idx` ON `partners` (`name`,`territory_id`);--> statement-breakpoint
CREATE TABLE `program_requirements` (
	`program_id` integer NOT NULL,
	`competency_id` integer NOT NULL,
	PRIMARY KEY(`program_id`, `competency_id`),
	FOREIGN KEY (`program_id`) REFERENCES `certification_programs`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`competency_id`) REFERENCES `competencies`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `program_requirements_competency_idx` ON `program_requirements` (`competency_id`);--> statement-breakpoint
CREATE TABLE `questions` (
	`id` integer PRIMARY KEY NOT NULL,
	`module_version_id` integer NOT NULL,
	`position` integer NOT NULL,
	`kind` text NOT NULL,
	`title` text,
	`prompt_markdown` text NOT NULL,
	`prompt_html` text NOT NULL,
	`explanation` text DEFAULT '' NOT NULL,
	FOREIGN KEY (`module_version_id`) REFERENCES `module_versions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `questions_position_idx` ON `questions` (`module_version_id`,`position`);--> statement-breakpoint
CREATE TABLE `regions` (
	`id` integer PRIMARY KEY NOT NULL,
	`name` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `regions_name_unique` ON `regions` (`name`);--> statement-breakpoint
CREATE TABLE `sessions` (
	`id_hash` text PRIMARY KEY NOT NULL,
	`user_id` integer,
	`data` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`last_seen_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `sessions_user_idx` ON `sessions` (`user_id`);--> statement-breakpoint
CREATE INDEX `sessions_expires_idx` ON `sessions` (`expires_at`);--> statement-breakpoint
CREATE TABLE `sign_in_failures` (
	`id` integer PRIMARY KEY NOT NULL,
	`email` text NOT NULL,
	`ip` text NOT NULL,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `sign_in_failures_email_idx` ON `sign_in_failures` (`email`,`at`);--> statement-breakpoint
CREATE INDEX `sign_in_failures_ip_idx` ON `sign_in_failures` (`ip`,`at`);--> statement-breakpoint
CREATE TABLE `specialist_assignments` (
	`id` integer PRIMARY KEY NOT NULL,
	`user_id` integer NOT NULL,
	`technology_id` integer NOT NULL,
	`territory_id` integer NOT NULL,
	`role` text NOT NULL,
	`started_at` integer NOT NULL,
	`assigned_by_id` integer,
	`ended_at` integer,
	`ended_by_id` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`technology_id`) REFERENCES `technologies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`territory_id`) REFERENCES `territories`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`assigned_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`ended_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `specialist_assignments_active_idx` ON `specialist_assignments` (`user_id`,`technology_id`,`territory_id`) WHERE "specialist_assignments"."ended_at" is null;--> statement-breakpoint
CREATE INDEX `specialist_assignments_cell_idx` ON `specialist_assignments` (`territory_id`,`technology_id`,`ended_at`);--> statement-breakpoint
CREATE INDEX `specialist_assignments_user_idx` ON `specialist_assignments` (`user_id`);--> statement-breakpoint
CREATE TABLE `technologies` (
	`id` integer PRIMARY KEY NOT NULL,
	`business_unit_id` integer NOT NULL,
	`slug` text NOT NULL,
	`name` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`target_specialists` integer DEFAULT 1 NOT NULL,
	`target_leads` integer DEFAULT 1 NOT NULL,
	FOREIGN KEY (`business_unit_id`) REFERENCES `business_units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `technologies_slug_unique` ON `technologies` (`slug`);--> statement-breakpoint
CREATE UNIQUE INDEX `technologies_name_unique` ON `technologies` (`name`);--> statement-breakpoint
CREATE INDEX `technologies_business_unit_idx` ON `technologies` (`business_unit_id`);--> statement-breakpoint
CREATE TABLE `territories` (
	`id` integer PRIMARY KEY NOT NULL,
	`region_id` integer NOT NULL,
	`code` text NOT NULL,
	`name` text NOT NULL,
	FOREIGN KEY (`region_id`) REFERENCES `regions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `territories_code_unique` ON `territories` (`code`);--> statement-breakpoint
CREATE UNIQUE INDEX `territories_name_unique` ON `territories` (`name`);--> statement-breakpoint
CREATE INDEX `territories_region_idx` ON `territories` (`region_id`);--> statement-breakpoint
CREATE TABLE `user_roles` (
	`user_id` integer NOT NULL,
	`role` text NOT NULL,
	PRIMARY KEY(`user_id`, `role`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "user_roles_role_check" CHECK("user_roles"."role" in ('learner', 'trainer', 'admin'))
);
--> statement-breakpoint
CREATE INDEX `user_roles_role_idx` ON `user_roles` (`role`,`user_id`);--> statement-breakpoint
CREATE TABLE `users` (
	`id` integer PRIMARY KEY NOT NULL,
	`email` text NOT NULL,
	`name` text NOT NULL,
	`password_hash` text,
	`territory_id` integer,
	`job_title` text,
	`disabled_at` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`territory_id`) REFERENCES `territories`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_email_unique` ON `users` (`email`);--> statement-breakpoint
CREATE INDEX `users_territory_idx` ON `users` (`territory_id`);--> statement-breakpoint
CREATE INDEX `users_name_idx` ON `users` (`name`);