/**
 * Demo change history (变更记录) for a few organizations, so the change-history tab has
 * something to show. Each entry ends at the organization's current value: the demo register
 * itself is not changed.
 */
import { Organization } from "../../models/organization";
import { OrganizationChange } from "../../models/organization-change";
import { User } from "../../models/user";
import { personName } from "./demo-data";
import { seededRandom } from "./random";

export async function seedRegisterHistory(log: (message: string) => void): Promise<void> {
  const random = seededRandom(20_240);
  const regulator = await User.findOne({ role: "regulator" }, { displayName: 1 }).lean();
  const organizations = await Organization.find({ status: "registered" }, { legalRepresentative: 1, domicile: 1, registeredCapitalFen: 1, createdAt: 1 })
    .sort({ nameSortKey: 1 })
    .limit(8)
    .lean();
  const entries = organizations.map((o, i) => ({
    organizationId: o._id,
    changedAt: new Date(Date.UTC(2025, (i * 2) % 12, 3 + i, 2, 30)),
    actorId: regulator?._id,
    actorName: regulator?.displayName ?? "登记管理机关",
    reason: i % 2 === 0 ? "换届选举，法定代表人变更" : "住所迁移、增加开办资金",
    fields:
      i % 2 === 0
        ? [{ field: "legalRepresentative", before: personName(random), after: o.legalRepresentative }]
        : [
            { field: "domicile", before: o.domicile.replace(/\d+号$/, `${random.int(400, 499)}号`), after: o.domicile },
            { field: "registeredCapitalFen", before: String(Math.max(100_000, o.registeredCapitalFen - 1_000_000)), after: String(o.registeredCapitalFen) },
          ],
  }));
  await OrganizationChange.insertMany(entries);
  log(`Demo change history: ${entries.length} entries.`);
}
