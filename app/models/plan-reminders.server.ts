/**
 * Learning-plan messages (DESIGN.md Rules 15–16), through the same outbox and delivery as
 * the certification reminders: the nomination (written in the nominating transaction), 14
 * and 3 days before the due date, and the overdue notice to the nominee and the nominating
 * admin. Each once: keyed per plan, due date and threshold in the outbox (decision 040).
 */
import { and, eq, gte, inArray, isNull, lt } from "drizzle-orm";
import { writeTransaction, type Database, type Transaction } from "#db/client.server";
import { learningPlans, users } from "#db/schema";
import { duePlanReminder, OVERDUE_NOTICE_MAX_DAYS_LATE, PLAN_REMINDER_DAYS } from "~/domain/plans";
import type { PlanReminder } from "~/domain/plans";
import { addDays } from "~/domain/time";
import { formatDate, plural } from "~/ui/format";
import { sendToPerson, type PersonMessage } from "./messages.server";
import { existingKeys } from "./outbox.server";
import { evaluatePlans, planRows, type EvaluatedPlan } from "./plans.server";

const day = (d: Date) => d.toISOString().slice(0, 10);

/** Keyed by the due date too: a plan whose due date moves is reminded again for the new one. */
export const planReminderKey = (
  plan: { id: number; dueOn: Date },
  reminder: PlanReminder,
  recipientId: number,
) => `plan-reminder:${plan.id}:${day(plan.dueOn)}:${reminder}:${recipientId}`;

export const planNominationKey = (planId: number) => `plan-nominated:${planId}`;

const seat = (p: EvaluatedPlan) => (p.territory ? ` for ${p.territory}` : "");

function modulesLine(p: EvaluatedPlan): string {
  if (p.modules.length === 0) return "Your dashboard shows what is left to do.";
  return `Your dashboard lists the ${plural(p.modules.length, "module")} to take, about ${p.minutes.remaining} minutes in all.`;
}

/** The nominee hears of the plan in the transaction that creates it. */
export function nominationMessage(p: EvaluatedPlan, origin: string): PersonMessage {
  const due = formatDate(p.dueOn);
  return {
    key: planNominationKey(p.id),
    topic: "plan.nominated",
    content: {
      subject: `You are nominated for ${p.program}${seat(p)}, due ${due}`,
      greeting: `Hello ${p.person},`,
      paragraphs: [
        `${p.nominatedBy ?? "An admin"} nominated you to earn the ${p.program} certification${seat(p)} by ${due}.`,
        ...(p.note ? [`Their note: ${p.note}`] : []),
        modulesLine(p),
      ],
      action: { label: "Open your dashboard", url: `${origin}/learn` },
    },
    summary: `${p.program}${seat(p)}, due ${due}. ${modulesLine(p)}`,
    path: "/learn",
  };
}

function reminderMessage(
  p: EvaluatedPlan,
  reminder: PlanReminder,
  to: { id: number; name: string },
  origin: string,
): PersonMessage {
  const due = formatDate(p.dueOn);
  const key = planReminderKey(p, reminder, to.id);
  if (to.id !== p.userId) {
    // The nominating admin, when the plan is overdue.
    return {
      key,
      topic: "plan.overdue",
      content: {
        subject: `Overdue: ${p.person}'s plan for ${p.program}${seat(p)}`,
        greeting: `Hello ${to.name},`,
        paragraphs: [
          `The plan you made for ${p.person} to earn ${p.program}${seat(p)} was due on ${due}.`,
          `${p.competencies.held} of ${p.competencies.required} competencies are held; about ${p.minutes.remaining} minutes of modules are left.`,
        ],
        action: { label: "Open the plan", url: `${origin}/admin/plans/${p.id}` },
      },
      summary: `${p.person}: ${p.program} was due ${due}.`,
      path: `/admin/plans/${p.id}`,
    };
  }
  const overdue = reminder === "overdue";
  return {
    key,
    topic: overdue ? "plan.overdue" : "plan.due-soon",
    content: {
      subject: overdue
        ? `Your plan for ${p.program} is overdue`
        : `${plural(reminder, "day")} left: your plan for ${p.program}`,
      greeting: `Hello ${p.person},`,
      paragraphs: [
        overdue
          ? `Your plan to earn ${p.program}${seat(p)} was due on ${due}.`
          : `Your plan to earn ${p.program}${seat(p)} is due on ${due}.`,
        `You hold ${p.competencies.held} of ${p.competencies.required} competencies. ${modulesLine(p)}`,
      ],
      action: { label: "Open your dashboard", url: `${origin}/learn` },
    },
    summary: `${p.program}: due ${due}. ${p.minutes.remaining} minutes left.`,
    path: "/learn",
  };
}

/** Written in the nominating transaction: the plans just created, told once each. */
export function sendNominations(tx: Transaction, plans: readonly EvaluatedPlan[], origin: string, now: Date) {
  for (const p of plans)
    sendToPerson(tx, { id: p.userId, email: p.email }, nominationMessage(p, origin), now);
}

const BATCH = 200;

/**
 * The job: open plans due within the next 14 days or overdue for less than a month (one
 * indexed range on the due date), evaluated at `now`; each reminder due is queued once.
 */
export async function queuePlanReminders(db: Database, now: Date, origin: string): Promise<number> {
  const from = addDays(now, -(OVERDUE_NOTICE_MAX_DAYS_LATE + 1));
  const to = addDays(now, Math.max(...PLAN_REMINDER_DAYS) + 1);
  const ids = db
    .select({ id: learningPlans.id })
    .from(learningPlans)
    .innerJoin(users, eq(users.id, learningPlans.userId))
    .where(
      and(
        gte(learningPlans.dueOn, from),
        lt(learningPlans.dueOn, to),
        isNull(learningPlans.cancelledAt),
        isNull(learningPlans.outcome),
        isNull(users.disabledAt),
      ),
    )
    .all()
    .map((r) => r.id);
  let queued = 0;
  for (let i = 0; i < ids.length; i += BATCH) {
    if (i > 0) await new Promise((resolve) => setImmediate(resolve));
    const plans = evaluatePlansById(db, ids.slice(i, i + BATCH), now);
    const admins = nominators(db, plans);
    const due = plans.flatMap((p) => {
      const reminder = duePlanReminder(p, p.standing.state, now);
      if (!reminder || now.getTime() < p.createdAt.getTime()) return [];
      const nominee = { id: p.userId, name: p.person, email: p.email };
      const admin = reminder === "overdue" && p.nominatedById ? admins.get(p.nominatedById) : undefined;
      return [nominee, ...(admin ? [admin] : [])].map((to) => ({ p, reminder, to }));
    });
    const sent = existingKeys(
      db,
      due.map(({ p, reminder, to }) => planReminderKey(p, reminder, to.id)),
    );
    const fresh = due.filter(({ p, reminder, to }) => !sent.has(planReminderKey(p, reminder, to.id)));
    queued += writeTransaction(db, (tx) =>
      fresh.reduce(
        (n, { p, reminder, to }) =>
          n + (sendToPerson(tx, to, reminderMessage(p, reminder, to, origin), now) ? 1 : 0),
        0,
      ),
    );
  }
  return queued;
}

function evaluatePlansById(db: Database, ids: number[], now: Date) {
  return evaluatePlans(db, planRows(db, inArray(learningPlans.id, ids), ids.length), now);
}

function nominators(db: Database, plans: readonly EvaluatedPlan[]) {
  const ids = [...new Set(plans.flatMap((p) => (p.nominatedById ? [p.nominatedById] : [])))];
  if (ids.length === 0) return new Map<number, { id: number; name: string; email: string }>();
  return new Map(
    db
      .select({ id: users.id, name: users.name, email: users.email })
      .from(users)
      .where(and(inArray(users.id, ids), isNull(users.disabledAt)))
      .all()
      .map((u) => [u.id, u]),
  );
}
