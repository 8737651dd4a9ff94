/**
 * `npm run admin:create -- --email you@company.com --name "Your Name" [--break-glass]`
 * Creates an admin in a deployment with no demo data. The password is read from
 * ADMIN_PASSWORD when set, otherwise asked for on the terminal (not echoed).
 *
 * `--break-glass` marks the account as the emergency door: it may sign in with its password
 * when PASSWORD_SIGN_IN=0, and it is never linked to the identity provider.
 */
import { parseArgs } from "node:util";
import readline from "node:readline";
import { migrateDatabase } from "#db/client.server";
import { hashPassword, passwordProblem } from "~/auth/password.server";
import { createUser, findCredentials } from "~/models/users.server";
import { closeDb, db } from "~/utils/db.server";
import { z } from "zod";

const { values } = parseArgs({
  options: {
    email: { type: "string" },
    name: { type: "string" },
    "break-glass": { type: "boolean", default: false },
  },
});

const input = z
  .object({
    email: z.email("--email must be an email address"),
    name: z.string().trim().min(1, "--name is required"),
  })
  .safeParse(values);
if (!input.success) {
  console.error(input.error.issues.map((i) => i.message).join("\n"));
  console.error('Usage: npm run admin:create -- --email you@company.com --name "Your Name" [--break-glass]');
  process.exit(2);
}

function askHidden(question: string): Promise<string> {
  return new Promise((resolve) => {
    const rl = readline.createInterface({ input: process.stdin, output: process.stdout, terminal: true });
    const output = rl as unknown as { _writeToOutput: (s: string) => void };
    rl.question(question, (answer) => {
      rl.close();
      process.stdout.write("\n");
      resolve(answer);
    });
    output._writeToOutput = () => {};
  });
}

const password = process.env.ADMIN_PASSWORD ?? (await askHidden("Password for the new admin: "));
const problem = passwordProblem(password);
if (problem) {
  console.error(`Password not accepted: ${problem}`);
  process.exit(2);
}

migrateDatabase(db());
if (findCredentials(db(), input.data.email)) {
  console.error(`${input.data.email} already has an account.`);
  process.exit(1);
}
const id = createUser(
  db(),
  {
    email: input.data.email,
    name: input.data.name,
    roles: ["admin"],
    passwordHash: await hashPassword(password),
    breakGlass: values["break-glass"],
  },
  null,
  new Date(),
);
closeDb();
console.log(
  values["break-glass"]
    ? `Created break-glass admin ${input.data.email} (id ${id}). When PASSWORD_SIGN_IN=0, sign in at /login/break-glass.`
    : `Created admin ${input.data.email} (id ${id}). Sign in at /login.`,
);
