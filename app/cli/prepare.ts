/**
 * What start-up does after migrating: seed the demo organisation on an empty database
 * (unless SEED_DEMO=0) and say how to sign in.
 */
import { sql } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { users } from "#db/schema";
import { pruneSessions, type SessionTimeouts } from "~/models/sessions.server";
import { findCredentials } from "~/models/users.server";
import { DEMO_PASSWORD, DEMO_SIGN_INS } from "~/seed/demo-data";
import { seedDemo } from "~/seed/demo.server";

export interface Startup {
  seeded: boolean;
  messages: string[];
}

function demoSignInLines(): string[] {
  return [
    "Demo sign-ins (password for all: " + DEMO_PASSWORD + "):",
    ...DEMO_SIGN_INS.map((d) => `  ${d.role.padEnd(8)} ${d.email}`),
  ];
}

export async function prepareDatabase(
  db: Database,
  seedDemoData: boolean,
  now: Date,
  contentDir?: string,
  sessionTimeouts?: SessionTimeouts,
): Promise<Startup> {
  // Sessions past their idle or absolute end are of no use to anyone: clear them at start.
  if (sessionTimeouts) pruneSessions(db, sessionTimeouts, now);
  const count =
    db
      .select({ n: sql<number>`count(*)` })
      .from(users)
      .get()?.n ?? 0;
  if (count === 0) {
    if (!seedDemoData) {
      return {
        seeded: false,
        messages: [
          "The database is empty and SEED_DEMO=0: no demo data was created.",
          'Create the first admin with: npm run admin:create -- --email you@company.com --name "Your Name"',
        ],
      };
    }
    const result = await seedDemo(db, now, contentDir);
    return {
      seeded: true,
      messages: [
        `Seeded the demo organisation (${result.users} people, ${result.modules} modules).`,
        ...demoSignInLines(),
      ],
    };
  }
  const demo = findCredentials(db, DEMO_SIGN_INS[0].email);
  return { seeded: false, messages: demo ? demoSignInLines() : [] };
}
