/**
 * Made-up personal data for the demo: identity numbers with a correct check digit (GB 11643) and
 * mobile numbers, derived from a counter rather than the seeded random stream, so adding them
 * left every other demo value as it was.
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

export function demoIdNumber(district: string, year: number, n: number): string {
  const month = String((n % 12) + 1).padStart(2, "0");
  const day = String((n % 28) + 1).padStart(2, "0");
  const body = `${district}${year}${month}${day}${String(n % 1000).padStart(3, "0")}`;
  const sum = WEIGHTS.reduce((total, weight, i) => total + weight * Number(body[i]), 0);
  return `${body}${"10X98765432"[sum % 11]}`;
}

export function demoMobile(n: number): string {
  return `139${String(51_000_000 + ((n * 7919) % 9_000_000)).padStart(8, "0")}`;
}
