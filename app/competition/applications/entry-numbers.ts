/** YC2026-017: the competition's year and the entry's number within it, three digits at least. */
export function formatEntryNumber(year: number, n: number): string {
  return `YC${year}-${String(n).padStart(3, "0")}`;
}
