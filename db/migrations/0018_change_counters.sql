CREATE TABLE `change_counters` (
	`scope` text PRIMARY KEY NOT NULL,
	`counter` integer DEFAULT 0 NOT NULL
);--> statement-breakpoint
INSERT INTO `change_counters` (`scope`, `counter`) VALUES ('coverage', 0);
--> statement-breakpoint
CREATE TRIGGER `coverage_specialist_assignments_insert` AFTER INSERT ON `specialist_assignments` BEGIN UPDATE `change_counters` SET `counter` = `counter` + 1 WHERE `scope` = 'coverage'; END;
--> statement-breakpoint
CREATE TRIGGER `coverage_specialist_assignments_update` AFTER UPDATE ON `specialist_assignments` BEGIN UPDATE `change_counters` SET `counter` = `counter` + 1 WHERE `scope` = 'coverage'; END;
--> statement-breakpoint
CREATE TRIGGER `coverage_specialist_assignments_delete` AFTER DELETE ON `specialist_assignments` BEGIN UPDATE `change_counters` SET `counter` = `counter` + 1 WHERE `scope` = 'coverage'; END;
--> statement-breakpoint
CREATE TRIGGER `coverage_certifications_insert` AFTER INSERT ON `certifications` BEGIN UPDATE `change_counters` SET `counter` = `counter` + 1 WHERE `scope` = 'coverage'; END;
--> statement-breakpoint
CREATE TRIGGER `coverage_certifications_update` AFTER UPDATE ON `certifications` BEGIN UPDATE `change_counters` SET `counter` = `counter` + 1 WHERE `scope` = 'coverage'; END;
--> statement-breakpoint
CREATE TRIGGER `coverage_certifications_delete` AFTER DELETE ON `certifications` BEGIN UPDATE `change_counters` SET `counter` = `counter` + 1 WHERE `scope` = 'coverage'; END;
--> statement-breakpoint
CREATE TRIGGER `coverage_certification_programs_insert` AFTER INSERT ON `certification_programs` BEGIN UPDATE `change_counters` SET `counter` = `counter` + 1 WHERE `scope` = 'coverage'; END;
--> statement-breakpoint
CREATE TRIGGER `coverage_certification_programs_update` AFTER UPDATE ON `certification_programs` BEGIN UPDATE `change_counters` SET `counter` = `counter` + 1 WHERE `scope` = 'coverage'; END;
--> statement-breakpoint
CREATE TRIGGER `coverage_certification_programs_delete` AFTER DELETE ON `certification_programs` BEGIN UPDATE `change_counters` SET `counter` = `counter` + 1 WHERE `scope` = 'coverage'; END;
--> statement-breakpoint
CREATE TRIGGER `coverage_technologies_insert` AFTER INSERT ON `technologies` BEGIN UPDATE `change_counters` SET `counter` = `counter` + 1 WHERE `scope` = 'coverage'; END;
--> statement-breakpoint
CREATE TRIGGER `coverage_technologies_update` AFTER UPDATE ON `technologies` BEGIN UPDATE `change_counters` SET `counter` = `counter` + 1 WHERE `scope` = 'coverage'; END;
--> statement-breakpoint
CREATE TRIGGER `coverage_technologies_delete` AFTER DELETE ON `technologies` BEGIN UPDATE `change_counters` SET `counter` = `counter` + 1 WHERE `scope` = 'coverage'; END;
--> statement-breakpoint
CREATE TRIGGER `coverage_territories_insert` AFTER INSERT ON `territories` BEGIN UPDATE `change_counters` SET `counter` = `counter` + 1 WHERE `scope` = 'coverage'; END;
--> statement-breakpoint
CREATE TRIGGER `coverage_territories_update` AFTER UPDATE ON `territories` BEGIN UPDATE `change_counters` SET `counter` = `counter` + 1 WHERE `scope` = 'coverage'; END;
--> statement-breakpoint
CREATE TRIGGER `coverage_territories_delete` AFTER DELETE ON `territories` BEGIN UPDATE `change_counters` SET `counter` = `counter` + 1 WHERE `scope` = 'coverage'; END;
--> statement-breakpoint
CREATE TRIGGER `coverage_regions_insert` AFTER INSERT ON `regions` BEGIN UPDATE `change_counters` SET `counter` = `counter` + 1 WHERE `scope` = 'coverage'; END;
--> statement-breakpoint
CREATE TRIGGER `coverage_regions_update` AFTER UPDATE ON `regions` BEGIN UPDATE `change_counters` SET `counter` = `counter` + 1 WHERE `scope` = 'coverage'; END;
--> statement-breakpoint
CREATE TRIGGER `coverage_regions_delete` AFTER DELETE ON `regions` BEGIN UPDATE `change_counters` SET `counter` = `counter` + 1 WHERE `scope` = 'coverage'; END;
--> statement-breakpoint
CREATE TRIGGER `coverage_business_units_insert` AFTER INSERT ON `business_units` BEGIN UPDATE `change_counters` SET `counter` = `counter` + 1 WHERE `scope` = 'coverage'; END;
--> statement-breakpoint
CREATE TRIGGER `coverage_business_units_update` AFTER UPDATE ON `business_units` BEGIN UPDATE `change_counters` SET `counter` = `counter` + 1 WHERE `scope` = 'coverage'; END;
--> statement-breakpoint
CREATE TRIGGER `coverage_business_units_delete` AFTER DELETE ON `business_units` BEGIN UPDATE `change_counters` SET `counter` = `counter` + 1 WHERE `scope` = 'coverage'; END;
--> statement-breakpoint
CREATE TRIGGER `coverage_users_insert` AFTER INSERT ON `users` BEGIN UPDATE `change_counters` SET `counter` = `counter` + 1 WHERE `scope` = 'coverage'; END;
--> statement-breakpoint
CREATE TRIGGER `coverage_users_delete` AFTER DELETE ON `users` BEGIN UPDATE `change_counters` SET `counter` = `counter` + 1 WHERE `scope` = 'coverage'; END;
--> statement-breakpoint
CREATE TRIGGER `coverage_users_disabled` AFTER UPDATE OF `disabled_at` ON `users` BEGIN UPDATE `change_counters` SET `counter` = `counter` + 1 WHERE `scope` = 'coverage'; END;
