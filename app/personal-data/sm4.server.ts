/**
 * Personal data at rest: SM4 (GB/T 32907-2016) in CBC mode with a random IV, then an HMAC-SM3
 * over key id, IV and ciphertext (encrypt-then-MAC: Node's OpenSSL has no SM4-GCM), so a
 * changed or swapped value is refused rather than decrypted into nonsense. A sealed value
 * names its key: keys rotate by adding a new one first in PERSONAL_DATA_KEYS and running
 * `npm run personal-data:reseal` (docs/security.md). Search without decrypting uses an SM3
 * keyed hash (HMAC-SM3) of the normalized value. ADR 016.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { env, type PersonalDataKey } from "~/env.server";

const PREFIX = "sm4:v1:";

interface DerivedKey {
  id: string;
  encryption: Buffer;
  mac: Buffer;
}

const derived = new Map<string, DerivedKey>();

/** One master secret per key id; SM4's 128-bit key and the MAC key are derived from it. */
function derive(key: PersonalDataKey): DerivedKey {
  const cacheKey = `${key.id}:${key.secret.toString("base64")}`;
  let found = derived.get(cacheKey);
  if (!found) {
    found = {
      id: key.id,
      encryption: createHmac("sm3", key.secret).update("sm4-cbc encryption key").digest().subarray(0, 16),
      mac: createHmac("sm3", key.secret).update("hmac-sm3 authentication key").digest(),
    };
    derived.set(cacheKey, found);
  }
  return found;
}

function currentKey(): DerivedKey {
  return derive(env().personalDataKeys[0]!);
}

function keyById(id: string): DerivedKey | null {
  const key = env().personalDataKeys.find((k) => k.id === id);
  return key ? derive(key) : null;
}

function macOf(key: DerivedKey, iv: Buffer, ciphertext: Buffer): Buffer {
  return createHmac("sm3", key.mac).update(`${PREFIX}${key.id}:`).update(iv).update(ciphertext).digest();
}

export function isSealed(value: string | null | undefined): boolean {
  return typeof value === "string" && value.startsWith(PREFIX);
}

/** The key id a sealed value was written with (null for plain text). */
export function sealedKeyId(value: string): string | null {
  return isSealed(value) ? value.slice(PREFIX.length).split(":")[0]! : null;
}

/** Encrypts with the newest key; an empty value stays empty (nothing to protect). */
export function seal(plaintext: string): string {
  if (plaintext === "") return "";
  const key = currentKey();
  const iv = randomBytes(16);
  const cipher = createCipheriv("sm4-cbc", key.encryption, iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return `${PREFIX}${key.id}:${iv.toString("base64url")}:${ciphertext.toString("base64url")}:${macOf(key, iv, ciphertext).toString("base64url")}`;
}

export class PersonalDataError extends Error {
  override name = "PersonalDataError";
}

/**
 * Decrypts a sealed value. Plain text (written before the data migration sealed it) is
 * answered as it is, so a half-migrated database still reads.
 */
export function open(stored: string | null | undefined): string {
  if (!stored) return "";
  if (!isSealed(stored)) return stored;
  const [id, ivText, ciphertextText, macText] = stored.slice(PREFIX.length).split(":");
  const key = id ? keyById(id) : null;
  if (!key) throw new PersonalDataError(`personal data sealed with key "${id}", which PERSONAL_DATA_KEYS does not hold`);
  const iv = Buffer.from(ivText ?? "", "base64url");
  const ciphertext = Buffer.from(ciphertextText ?? "", "base64url");
  const mac = Buffer.from(macText ?? "", "base64url");
  const expected = macOf(key, iv, ciphertext);
  if (iv.length !== 16 || mac.length !== expected.length || !timingSafeEqual(mac, expected)) {
    throw new PersonalDataError("personal data failed its integrity check (changed or moved)");
  }
  const decipher = createDecipheriv("sm4-cbc", key.encryption, iv);
  return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString("utf8");
}

/** The SM3 keyed hash a value is found by (normalize it first: same person, same hash). */
export function indexHash(normalized: string): string {
  return createHmac("sm3", env().personalDataIndexKey).update(normalized, "utf8").digest("hex");
}

/** Does this sealed value need re-sealing (plain text, or an older key)? */
export function needsReseal(value: string | null | undefined): boolean {
  if (!value) return false;
  return !isSealed(value) || sealedKeyId(value) !== env().personalDataKeys[0]!.id;
}
