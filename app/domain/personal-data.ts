/**
 * Personal data of natural persons (个人信息) the register keeps: identity card numbers and
 * phone numbers of legal representatives, contacts and founders. Pure rules shared by forms and
 * server: the identity number's check digit (GB 11643-1999), the mobile number's shape, and how
 * each is masked on screen (110***********1234, 138****5678).
 */

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = "10X98765432";

export type IdNumberProblem = "format" | "birthDate" | "checkDigit";

/** Why an 18-character resident identity number is not valid, or null if it is. */
export function idNumberProblem(value: string): IdNumberProblem | null {
  const id = value.trim().toUpperCase();
  if (!/^[1-9]\d{16}[\dX]$/.test(id)) return "format";
  const [year, month, day] = [Number(id.slice(6, 10)), Number(id.slice(10, 12)), Number(id.slice(12, 14))];
  const birth = new Date(Date.UTC(year, month - 1, day));
  if (year < 1900 || birth.getUTCMonth() !== month - 1 || birth.getUTCDate() !== day || birth.getTime() > Date.now()) return "birthDate";
  const sum = ID_WEIGHTS.reduce((total, weight, i) => total + weight * Number(id[i]), 0);
  return ID_CHECK[sum % 11] === id[17] ? null : "checkDigit";
}

export function normalizeIdNumber(value: string): string {
  return value.trim().toUpperCase();
}

/** Mainland mobile numbers: 11 digits starting 13–19 (a leading +86 or 86 is dropped). */
export function normalizeMobile(value: string): string {
  return value.replace(/[\s-]/g, "").replace(/^\+?86(?=1\d{10}$)/, "");
}

export function isMobile(value: string): boolean {
  return /^1[3-9]\d{9}$/.test(normalizeMobile(value));
}

/** Keeps the first 3 and last 4 characters: 110***********1234, 138****5678, 095****4567. */
export function maskPersonal(value: string): string {
  const text = value.trim();
  if (text === "") return "";
  if (text.length <= 7) return "*".repeat(text.length);
  return `${text.slice(0, 3)}${"*".repeat(text.length - 7)}${text.slice(-4)}`;
}
