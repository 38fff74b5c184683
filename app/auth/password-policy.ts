/**
 * The password policy's rules, pure: what is wrong with a new password under the security
 * administrator's settings. History (no reuse of the last n) needs the stored hashes and is
 * checked by the server (app/auth/passwords.server.ts).
 */
import type { MessageKey } from "~/i18n/i18n";
import type { PasswordPolicy } from "~/security/security-settings";

/**
 * The demo accounts' password, published in the README. The demo seed uses it on development
 * and test databases; everywhere else the policy refuses it (ADR 016).
 */
export const PUBLISHED_DEMO_PASSWORD = "Yinchuan@2026";

/**
 * Passwords that top the leaked-password lists (international and Chinese), lower case. A
 * password is refused if it is one of these, or one of the words below with only digits and
 * symbols around it ("Password@2026", "Admin123!").
 */
const COMMON_PASSWORDS = new Set([
  "123456", "12345678", "123456789", "1234567890", "0123456789", "111111", "000000", "666666", "888888", "123123",
  "654321", "987654321", "9876543210", "1qaz2wsx", "1qaz@wsx", "1qaz2wsx3edc", "1q2w3e4r", "1q2w3e4r5t", "q1w2e3r4", "zaq12wsx",
  "qwerty", "qwerty123", "qwertyuiop", "asdfghjkl", "zxcvbnm", "qazwsx", "qazwsxedc", "abc123", "abc12345", "abcd1234",
  "a123456", "a12345678", "aa123456", "123456a", "123456aa", "password", "password1", "password123", "p@ssw0rd", "p@ssword",
  "passw0rd", "iloveyou", "woaini", "woaini1314", "woaini520", "5201314", "1314520", "520520", "admin", "admin123",
  "admin@123", "administrator", "root", "root123", "welcome", "welcome1", "letmein", "monkey", "dragon", "sunshine",
  "football", "baseball", "princess", "superman", "trustno1", "changeme", "default", "guest", "test", "test123",
  "test1234", "user", "user123", "login", "master", "hello123", "whatever", "qq123456", "1234qwer", "qwer1234",
  "asdf1234", "zxcv1234", "a1b2c3d4", "aaaaaaaaaa", "11111111", "88888888", "12341234", "11223344", "147258369", "159357",
]);

const COMMON_WORDS = new Set([
  "password", "passw0rd", "p@ssw0rd", "admin", "administrator", "root", "qwerty", "qwertyuiop", "asdfgh", "asdfghjkl",
  "zxcvbn", "zxcvbnm", "welcome", "letmein", "iloveyou", "woaini", "abc", "abcd", "abcdef", "test", "user", "guest",
  "changeme", "default", "system", "sysadmin", "secadmin", "auditadmin", "china", "beijing",
]);

const CLASSES: RegExp[] = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/];

export function characterClasses(password: string): number {
  return CLASSES.filter((pattern) => pattern.test(password)).length;
}

function isCommon(password: string, extra: readonly string[]): boolean {
  const lower = password.toLowerCase();
  if (COMMON_PASSWORDS.has(lower) || extra.includes(lower)) return true;
  const core = lower.replace(/^[^a-z]+|[^a-z]+$/g, "");
  return core.length > 0 && (COMMON_WORDS.has(core) || extra.includes(core));
}

export interface PasswordContext {
  username: string;
  policy: PasswordPolicy;
  /** Development and test databases keep the published demo password (ADR 016). */
  publishedAllowed: boolean;
}

/** Every rule the password breaks, as dictionary keys (empty: it passes). */
export function passwordProblems(password: string, { username, policy, publishedAllowed }: PasswordContext): MessageKey[] {
  const problems: MessageKey[] = [];
  if (password.length < policy.minLength) problems.push("password.error.tooShort");
  if (characterClasses(password) < policy.minClasses) problems.push("password.error.classes");
  const name = username.trim().toLowerCase();
  if (policy.forbidUsername && name.length >= 3 && password.toLowerCase().includes(name)) problems.push("password.error.containsUsername");
  if (password === PUBLISHED_DEMO_PASSWORD && !publishedAllowed) problems.push("password.error.published");
  else if (isCommon(password, policy.extraBlocklist)) problems.push("password.error.common");
  return problems;
}
