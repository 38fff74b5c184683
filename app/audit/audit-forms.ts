/** The audit administrator's filter (client-safe): every parameter allow-listed, anything else a 400. */
import { z } from "zod";
import { AUDIT_ACTIONS, AUDIT_OUTCOMES } from "./actions";

const day = z.union([z.literal(""), z.string().regex(/^\d{4}-\d{2}-\d{2}$/)]).default("");

export const auditFilterSchema = z.strictObject({
  from: day,
  to: day,
  actor: z.string().trim().max(64).default(""),
  action: z.union([z.literal(""), z.enum(AUDIT_ACTIONS)]).default(""),
  outcome: z.union([z.literal(""), z.enum(AUDIT_OUTCOMES)]).default(""),
  object: z.string().trim().max(100).default(""),
  page: z.string().regex(/^\d{1,6}$/).default("1"),
  /** The confirmation after a step (Post/Redirect/Get); not a filter. */
  notice: z.string().max(40).optional(),
});
export type AuditFilter = z.infer<typeof auditFilterSchema>;

export function isUnfiltered(filter: AuditFilter): boolean {
  return !filter.from && !filter.to && !filter.actor && !filter.action && !filter.outcome && !filter.object;
}
