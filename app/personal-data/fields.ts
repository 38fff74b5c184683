/**
 * Which fields hold personal data, and of which kind (client-safe). Stored sealed (SM4), shown
 * masked, revealed only by an audited "show", never on public pages or in open data. In a form
 * they are write-only: an empty input keeps the stored value (and a file import without the
 * column changes nothing), since the form never holds the stored value to send back.
 */
import { idNumberProblem, isMobile, normalizeIdNumber, normalizeMobile } from "~/domain/personal-data";
import { z } from "zod";

export type PersonalKind = "idNumber" | "phone";

export function normalizePersonal(kind: PersonalKind, value: string): string {
  return kind === "idNumber" ? normalizeIdNumber(value) : normalizeMobile(value);
}

/** An optional identity number: empty, or valid with the failed rule named. */
export const idNumberField = z
  .string()
  .trim()
  .max(18, "personal.error.id.format")
  .superRefine((value, ctx) => {
    if (value === "") return;
    const problem = idNumberProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: `personal.error.id.${problem}` });
  });

/** An optional mainland mobile number. */
export const mobileField = z
  .string()
  .trim()
  .max(20, "personal.error.mobile")
  .refine((value) => value === "" || isMobile(value), "personal.error.mobile");
