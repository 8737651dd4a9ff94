-- Messages queued before the outbox had delivery (invitations) carry over, still pending.
INSERT INTO `outbox` (`channel`, `topic`, `dedupe_key`, `recipient`, `user_id`, `subject`, `text_body`, `sensitive`, `status`, `attempts`, `next_attempt_at`, `created_at`, `sent_at`)
SELECT 'email', 'user.invited', 'legacy-outbox:' || m.`id`, m.`recipient`,
  (SELECT u.`id` FROM `users` u WHERE u.`email` = m.`recipient`),
  m.`subject`, m.`body`, 1,
  CASE WHEN m.`sent_at` IS NULL THEN 'pending' ELSE 'sent' END,
  0, m.`created_at`, m.`created_at`, m.`sent_at`
FROM `outbox_messages` m;
