/**
 * Rotates the Open Badges signing key: the active key is retired (it stays published so that
 * credentials signed with it keep verifying) and a new one signs from now on. Running
 * servers pick the new key up on their next signature (they watch the key file).
 *
 *   npm run credentials:rotate-key
 */
import { rotateIssuerKey } from "~/credentials/keys.server";
import { issuerKeysPath } from "~/utils/env.server";

const file = issuerKeysPath();
const keys = await rotateIssuerKey(file, new Date());
console.log(`New signing key ${keys.active.publicKeyMultibase} in ${file}.`);
console.log(`Published keys: ${keys.all.length} (retired ones keep verifying old credentials).`);
