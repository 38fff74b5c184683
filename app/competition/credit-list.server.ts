/**
 * Is an organization on a credit list (异常名录 / 严重违法失信名单)? Until the credit-lists
 * feature lands (app/daily-gate/credit-lists.server.ts), the register's status "listed" says so.
 */
import mongoose from "mongoose";
import { Organization } from "@models/organization";

export async function isOnCreditList(organizationId: string): Promise<boolean> {
  if (!mongoose.isValidObjectId(organizationId)) return false;
  const organization = await Organization.findById(organizationId, { status: 1 }).lean();
  return organization?.status === "listed";
}
