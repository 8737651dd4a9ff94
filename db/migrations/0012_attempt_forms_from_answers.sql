-- Submitted attempts keep their answers: each answered question becomes an item of the
-- attempt's form, in the order the questions were authored, with its choices in authored
-- order. Attempts still open were drawn under the old scheme (their page named choices by
-- id, which gave the key away) and hold no answers yet: they are discarded, and the learner
-- starts a fresh attempt with a drawn form.
INSERT INTO `attempt_questions` (`attempt_id`, `position`, `question_id`, `layout`, `response`, `credit`)
SELECT
  aa.`attempt_id`,
  row_number() OVER (PARTITION BY aa.`attempt_id` ORDER BY q.`position`, q.`id`),
  aa.`question_id`,
  json_object('choices', (SELECT json_group_array(c.`id`) FROM (SELECT `id` FROM `choices` WHERE `question_id` = aa.`question_id` ORDER BY `position`) c)),
  json_object('choices', json(aa.`choice_ids`)),
  aa.`credit`
FROM `attempt_answers` aa
JOIN `questions` q ON q.`id` = aa.`question_id`;
--> statement-breakpoint
DELETE FROM `attempts` WHERE `submitted_at` IS NULL;
