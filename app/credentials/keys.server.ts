/**
 * The issuer's Ed25519 signing keys, kept in a JSON file beside the database (mode 0600),
 * like the session secret: generated on first start, never in the repository or a log.
 *
 * Rotation appends a new key and marks the previous one retired. Retired keys are never used
 * to sign again but stay published in the issuer's controller document, so every credential
 * signed with them keeps verifying.
 */
import fs from "node:fs";
import path from "node:path";
import * as Ed25519Multikey from "@digitalbazaar/ed25519-multikey";
import { z } from "zod";

const StoredKeySchema = z.object({
  publicKeyMultibase: z.string().regex(/^z6Mk[1-9A-HJ-NP-Za-km-z]+$/),
  secretKeyMultibase: z.string().regex(/^z[1-9A-HJ-NP-Za-km-z]+$/),
  createdAt: z.iso.datetime(),
  retiredAt: z.iso.datetime().nullable(),
});
const KeyFileSchema = z.object({ keys: z.array(StoredKeySchema).min(1) });

export type StoredKey = z.infer<typeof StoredKeySchema>;

export interface IssuerKeys {
  /** Every key ever used, oldest first: all are published. */
  all: StoredKey[];
  /** The key new credentials are signed with. */
  active: StoredKey;
}

function toIssuerKeys(keys: StoredKey[]): IssuerKeys {
  const active = keys.findLast((k) => k.retiredAt === null);
  if (!active) throw new Error("The issuer key file has no active key; rotate to create one.");
  return { all: keys, active };
}

function readKeyFile(file: string): StoredKey[] | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
  const parsed = KeyFileSchema.safeParse(JSON.parse(text));
  // The message names the file, never its content: it holds secret keys.
  if (!parsed.success) throw new Error(`The issuer key file ${file} is not valid; restore it from a backup.`);
  return parsed.data.keys;
}

async function newKey(now: Date): Promise<StoredKey> {
  const pair = await Ed25519Multikey.generate();
  if (!pair.secretKeyMultibase) throw new Error("Ed25519 key generation returned no secret key.");
  return {
    publicKeyMultibase: pair.publicKeyMultibase,
    secretKeyMultibase: pair.secretKeyMultibase,
    createdAt: now.toISOString(),
    retiredAt: null,
  };
}

function writeKeyFile(file: string, keys: StoredKey[], exclusive: boolean): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, JSON.stringify({ keys }, null, 2) + "\n", { mode: 0o600 });
  try {
    // First creation must not overwrite a key another process made meanwhile.
    if (exclusive) fs.linkSync(temporary, file);
    else fs.renameSync(temporary, file);
  } finally {
    fs.rmSync(temporary, { force: true });
  }
}

/** The keys in `file`, generating the first one when the file does not exist yet. */
export async function loadOrCreateIssuerKeys(file: string, now: Date): Promise<IssuerKeys> {
  const existing = readKeyFile(file);
  if (existing) return toIssuerKeys(existing);
  try {
    writeKeyFile(file, [await newKey(now)], true);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  const created = readKeyFile(file);
  if (!created) throw new Error(`Could not create the issuer key file ${file}.`);
  return toIssuerKeys(created);
}

/** Retires the active key and makes a new one active. Returns the new key set. */
export async function rotateIssuerKey(file: string, now: Date): Promise<IssuerKeys> {
  const existing = readKeyFile(file) ?? [];
  const retired = existing.map((k) => (k.retiredAt === null ? { ...k, retiredAt: now.toISOString() } : k));
  const keys = [...retired, await newKey(now)];
  writeKeyFile(file, keys, existing.length === 0);
  return toIssuerKeys(keys);
}
