ALTER TABLE `module_versions` ADD `intro_markdown` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `module_versions` ADD `intro_html` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `modules` ADD `origin` text DEFAULT 'authored' NOT NULL;