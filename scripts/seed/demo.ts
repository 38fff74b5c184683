/**
 * Seeds the demo on an empty database (development and tests only; the production start
 * refuses). Deterministic: the same seed gives the same register on every machine.
 */
import type { Types } from "mongoose";
import { Organization } from "../../models/organization";
import { PartyInstructor } from "../../models/party-instructor";
import { User, type Role } from "../../models/user";
import { hashPassword } from "../../app/auth/password.server";
import { PUBLISHED_DEMO_PASSWORD } from "../../app/auth/password-policy";
import { pinyinInitials, pinyinSortKey } from "../../app/domain/pinyin";
import { storedPersonalFacts } from "../../app/register/organization-facts.server";
import { demoInstructors, demoOrganizations } from "./demo-data";
import { demoIdNumber, demoMobile } from "./personal";
import { seedPartyBuilding } from "./party";
import { seededRandom } from "./random";
import { seedRegisterHistory } from "./register";
import { seedGates } from "./gates";
import { seedRegistrations } from "./registration";
import { seedCompetitions } from "./competition";
import { recordRegisterCertificates } from "../../app/documents/sources.server";
import { installRegistries } from "../../app/registries.server";

export const DEMO_SEED = 20221;
/** Published in the README: the password policy refuses it outside development and test (ADR 016). */
export const DEMO_PASSWORD = PUBLISHED_DEMO_PASSWORD;

/** Demo accounts (README lists them). `org`/`org2` are bound to the first two organizations. */
export const DEMO_ACCOUNTS: { username: string; displayName: string; role: Role; organizationIndex?: number }[] = [
  { username: "admin", displayName: "系统管理员", role: "sysadmin" },
  { username: "secadmin", displayName: "安全管理员", role: "secadmin" },
  { username: "auditadmin", displayName: "审计管理员", role: "auditadmin" },
  { username: "regulator", displayName: "王建国", role: "regulator" },
  { username: "judge", displayName: "李思源", role: "judge" },
  { username: "org", displayName: "张晓红", role: "org", organizationIndex: 0 },
  { username: "org2", displayName: "刘海燕", role: "org", organizationIndex: 1 },
  { username: "instructor", displayName: "", role: "instructor" },
];

export async function isDatabaseEmpty(): Promise<boolean> {
  const [users, organizations] = await Promise.all([User.estimatedDocumentCount(), Organization.estimatedDocumentCount()]);
  return users === 0 && organizations === 0;
}

export async function seedDemo(log: (message: string) => void = console.log): Promise<void> {
  installRegistries();
  const random = seededRandom(DEMO_SEED);
  const instructors = await PartyInstructor.insertMany(
    demoInstructors(random).map((i) => ({ ...i, nameSortKey: pinyinSortKey(i.name) })),
  );
  const plans = demoOrganizations(random);
  const organizations = await Organization.insertMany(
    plans.map(({ party, ...o }, i) => ({
      ...o,
      ...demoPersonalFacts(o, i),
      nameSortKey: pinyinSortKey(o.name),
      nameInitials: pinyinInitials(o.name),
      party: {
        form: party.form,
        memberCount: party.memberCount,
        establishedAt: party.establishedAt,
        attachedTo: party.attachedTo,
        instructorId: party.instructorIndex === undefined ? undefined : instructors[party.instructorIndex]!._id,
      },
    })),
  );
  await linkJointPartyOrganizations(organizations.map((o) => ({ _id: o._id, memberCount: o.party?.memberCount ?? 0, form: o.party?.form ?? "none" })));

  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const firstInstructor = instructors[0]!;
  await User.insertMany(
    DEMO_ACCOUNTS.map(({ organizationIndex, ...account }) => ({
      ...account,
      displayName: account.role === "instructor" ? firstInstructor.name : account.displayName,
      passwordHash,
      passwordChangedAt: new Date(),
      organizationId: organizationIndex === undefined ? undefined : organizations[organizationIndex]!._id,
      partyInstructorId: account.role === "instructor" ? firstInstructor._id : undefined,
    })),
  );
  log(`Demo data: ${organizations.length} organizations, ${instructors.length} instructors, ${DEMO_ACCOUNTS.length} accounts.`);
  // The register predates the platform's documents: each organization gets its certificate as registered.
  const certificates = await recordRegisterCertificates(organizations.map((o) => String(o._id)), DEMO_ACCOUNTS.find((a) => a.role === "regulator")!.displayName);
  log(`Demo documents: ${certificates} registration certificates (rendered when first opened).`);
  await seedPartyBuilding(log);
  await seedRegisterHistory(log);
  await seedRegistrations(DEMO_PASSWORD, DEMO_ACCOUNTS.find((a) => a.role === "regulator")!.displayName, log);
  await seedGates(DEMO_ACCOUNTS.find((a) => a.role === "regulator")!.displayName, log);
  await seedCompetitions(DEMO_PASSWORD, DEMO_ACCOUNTS.find((a) => a.role === "regulator")!.displayName, log);
}

/** The legal representative's identity and mobile numbers (made up) and the contact's phone, sealed (ADR 016). */
function demoPersonalFacts(o: { district: string; contact: { name: string; phone: string; email: string } }, i: number) {
  const personal = storedPersonalFacts({ legalRepresentativeIdNumber: demoIdNumber(o.district, 1960 + (i % 40), i), legalRepresentativeMobile: demoMobile(i), contactPhone: o.contact.phone });
  return {
    legalRepresentativeIdNumber: personal.legalRepresentativeIdNumber,
    legalRepresentativeMobile: personal.legalRepresentativeMobile,
    personalIndex: personal.personalIndex,
    contact: { ...o.contact, phone: personal.contactPhone },
  };
}

/** Organizations with 1–2 members and none yet form joint party organizations, up to 5 units each. */
async function linkJointPartyOrganizations(rows: { _id: Types.ObjectId; memberCount: number; form: string }[]): Promise<void> {
  const candidates = rows.filter((r) => r.form === "none" && r.memberCount > 0);
  for (let start = 0; start + 3 <= candidates.length && start < 15; start += 3) {
    const group = candidates.slice(start, start + 3);
    for (const member of group) {
      await Organization.updateOne(
        { _id: member._id },
        { $set: { "party.form": "joint", "party.establishedAt": new Date(Date.UTC(2021, 6, 1)), "party.jointPartnerIds": group.filter((g) => g !== member).map((g) => g._id) } },
      );
    }
  }
}
