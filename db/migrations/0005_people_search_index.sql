-- Full-text index over people's names and emails, so searching 100,000 people is an index
-- lookup rather than a scan. An external-content FTS5 table kept in step by triggers.
CREATE VIRTUAL TABLE `users_fts` USING fts5(name, email, content='users', content_rowid='id', tokenize='unicode61 remove_diacritics 2');
--> statement-breakpoint
INSERT INTO `users_fts`(`users_fts`) VALUES ('rebuild');
--> statement-breakpoint
CREATE TRIGGER `users_fts_after_insert` AFTER INSERT ON `users` BEGIN
  INSERT INTO `users_fts`(rowid, name, email) VALUES (new.id, new.name, new.email);
END;
--> statement-breakpoint
CREATE TRIGGER `users_fts_after_delete` AFTER DELETE ON `users` BEGIN
  INSERT INTO `users_fts`(`users_fts`, rowid, name, email) VALUES ('delete', old.id, old.name, old.email);
END;
--> statement-breakpoint
CREATE TRIGGER `users_fts_after_update` AFTER UPDATE OF name, email ON `users` BEGIN
  INSERT INTO `users_fts`(`users_fts`, rowid, name, email) VALUES ('delete', old.id, old.name, old.email);
  INSERT INTO `users_fts`(rowid, name, email) VALUES (new.id, new.name, new.email);
END;
