DROP TABLE `attempt_answers`;--> statement-breakpoint
ALTER TABLE `attempts` DROP COLUMN `shuffle_seed`;