/** Validation schemas of `app/routes/admin.programs.tsx`, kept on the server (decision 100). */
import { z } from "zod";
import { COMPETENCY_KINDS } from "#db/vocabulary";
import { LIFECYCLE_LIMITS } from "~/domain/lifecycle";
import { SEAT_CAP_MAX } from "~/domain/seat-caps";

export const months = z.coerce
  .number({ error: "Validity must be a number of months." })
  .int("Whole months.")
  .min(1, "At least 1 month.")
  .max(120, "At most 120 months.");

export const days = (label: string, limits: { min: number; max: number }) =>
  z.coerce
    .number({ error: `${label} must be a number of days.` })
    .int("Whole days.")
    .min(limits.min, `${label} is at least ${limits.min} days.`)
    .max(limits.max, `${label} is at most ${limits.max} days.`);

const seatCap = z
  .union([
    z.literal("").transform(() => null),
    z.coerce
      .number({ error: "A cap is a number of seats." })
      .int("Whole seats.")
      .min(1, "At least 1 seat (empty: no cap).")
      .max(SEAT_CAP_MAX, `At most ${SEAT_CAP_MAX} seats.`),
  ])
  .default(null);

export const ActionSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.enum(["program", "preview"]),
    programId: z.coerce.number().int().min(1),
    validityMonths: months,
    requirementIds: z.array(z.coerce.number().int().min(1)).max(100),
  }),
  z.object({
    intent: z.literal("competency"),
    competencyId: z.coerce.number().int().min(1),
    name: z.string().trim().min(3, "Name too short.").max(120),
    validityMonths: months,
  }),
  z.object({
    intent: z.literal("add-competency"),
    technologyId: z.coerce.number().int().min(1),
    name: z.string().trim().min(3, "Give the competency a name.").max(120),
    kind: z.enum(COMPETENCY_KINDS),
    validityMonths: months,
  }),
  z.object({
    intent: z.literal("lifecycle"),
    programId: z.coerce.number().int().min(1),
    renewalWindowDays: days("The renewal window", LIFECYCLE_LIMITS.renewalWindowDays),
    graceDays: days("The grace period", LIFECYCLE_LIMITS.graceDays),
    deltaDeadlineDays: days("The delta deadline", LIFECYCLE_LIMITS.deltaDeadlineDays),
  }),
  z.object({
    intent: z.literal("seat-caps"),
    specialistCap: seatCap,
    leadCap: seatCap,
  }),
  z.object({
    intent: z.literal("targets"),
    technologyId: z.coerce.number().int().min(1),
    targetSpecialists: z.coerce.number().int().min(0).max(50),
    targetLeads: z.coerce.number().int().min(0).max(50),
  }),
]);
