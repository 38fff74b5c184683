import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, inject, it } from "vitest";
import { AuditRecord } from "@models/audit-record";
import { Organization } from "@models/organization";
import { OrganizationChange } from "@models/organization-change";
import { User } from "@models/user";
import { WorkflowCase } from "@models/workflow-case";
import { pinyinInitials, pinyinSortKey } from "~/domain/pinyin";
import { buildUscc } from "~/domain/uscc";
import { openPersonal, personalIndexOf } from "~/personal-data/personal-data.server";
import { resealPersonalData } from "~/personal-data/reseal.server";
import { isSealed, open, PersonalDataError, seal, sealedKeyId } from "~/personal-data/sm4.server";
import { organizationChanges, organizationRecord, revealOrganizationFact, updateOrganizationFacts } from "~/register/organization-facts.server";
import { searchRegister } from "~/register/register-index.server";
import { parseRegisterQuery } from "~/register/register-query";
import { createApplication, registrationCasePage, revealApplicationField } from "~/registration/registration.server";
import { projectRoot } from "../../scripts/lib/embedded-db";
import { sessionUser } from "../support/users";

const ID = "640104198803150018";
const MOBILE = "13951234567";

async function plainOrganization(n: number) {
  // As stored before encryption existed: written through the driver, phone in clear.
  const _id = (await Organization.collection.insertOne({
    uscc: buildUscc("2", "640104", String(72000000 + n)),
    name: `个人信息测试中心${n}`,
    nameSortKey: pinyinSortKey(`个人信息测试中心${n}`),
    nameInitials: pinyinInitials(`个人信息测试中心${n}`),
    type: "socialServiceAgency",
    registrationAuthority: "银川市民政局",
    district: "640104",
    legalRepresentative: "马丽",
    domicile: "银川市兴庆区",
    establishedAt: new Date("2020-01-01T00:00:00Z"),
    registeredCapitalFen: 1_000_000,
    contact: { name: "张三", phone: MOBILE, email: "" },
    status: "registered",
    party: { form: "none", memberCount: 0, jointPartnerIds: [] },
  } as never)).insertedId;
  return String(_id);
}

async function regulator() {
  await User.updateOne({ username: "pd-regulator" }, { $setOnInsert: { username: "pd-regulator", displayName: "审核员", role: "regulator", passwordHash: "x" } }, { upsert: true });
  return sessionUser("pd-regulator");
}

describe("SM4-sealed personal data", () => {
  it("is unreadable in the database, opens only with its key, and refuses a changed value", () => {
    const sealed = seal(ID);
    expect(sealed).toMatch(/^sm4:v1:dev:/);
    expect(sealed).not.toContain(ID);
    expect(seal(ID)).not.toBe(sealed); // a fresh IV every time: equal values do not look equal
    expect(open(sealed)).toBe(ID);
    const parts = sealed.split(":");
    parts[4] = Buffer.from("tampered ciphertext").toString("base64url");
    expect(() => open(parts.join(":"))).toThrow(PersonalDataError);
    expect(() => open(sealed.replace(":dev:", ":gone:"))).toThrow(/does not hold/);
  });

  it("keeps an organization's personal facts sealed, the history masked, and shows one whole value only audited", async () => {
    const id = await plainOrganization(1);
    await resealPersonalData();
    const user = await regulator();
    const { facts } = await organizationRecord(user, id);
    await updateOrganizationFacts(user, id, { ...facts, legalRepresentativeIdNumber: ID, legalRepresentativeMobile: "13812345678", contactPhone: "13812345679" }, "补充法定代表人信息");

    const stored = (await Organization.findById(id).lean())!;
    for (const value of [stored.legalRepresentativeIdNumber, stored.legalRepresentativeMobile, stored.contact!.phone]) {
      expect(isSealed(value)).toBe(true);
    }
    expect(JSON.stringify(stored)).not.toMatch(/640104198803150018|1381234567\d/);
    const history = await organizationChanges(id, { page: 1, pageSize: 10 });
    expect(history.items[0]!.fields).toEqual(
      expect.arrayContaining([
        { field: "legalRepresentativeIdNumber", before: "", after: "640***********0018" },
        { field: "contactPhone", before: "139****4567", after: "138****5679" },
      ]),
    );
    // An empty input keeps what is stored (forms never send personal data back).
    await updateOrganizationFacts(user, id, { ...facts, legalRepresentativeIdNumber: "", legalRepresentativeMobile: "", contactPhone: "" }, "");
    expect(openPersonal((await Organization.findById(id).lean())!.legalRepresentativeIdNumber)).toBe(ID);

    const before = await AuditRecord.countDocuments({ action: "personalData.show" });
    expect(await revealOrganizationFact(user, id, "legalRepresentativeIdNumber")).toEqual({ field: "legalRepresentativeIdNumber", value: ID });
    const shown = await AuditRecord.find({ action: "personalData.show" }).sort({ _id: -1 }).limit(1).lean();
    expect(await AuditRecord.countDocuments({ action: "personalData.show" })).toBe(before + 1);
    expect(shown[0]).toMatchObject({ actor: { username: "pd-regulator", role: "regulator" }, object: { kind: "organization", id }, detail: { field: "legalRepresentativeIdNumber" } });
    await expect(revealOrganizationFact(user, id, "domicile")).rejects.toMatchObject({ status: 400 });
    const judge = { ...user, role: "judge" as const };
    await expect(revealOrganizationFact(judge, id, "contactPhone")).rejects.toMatchObject({ status: 404 });
  });

  it("lets a regulator find an organization by an identity or mobile number through its keyed hash, never the public", async () => {
    const id = await plainOrganization(2);
    const user = await regulator();
    const { facts } = await organizationRecord(user, id);
    await updateOrganizationFacts(user, id, { ...facts, legalRepresentativeIdNumber: "11010519491231002X" }, "");
    const stored = (await Organization.findById(id).lean())!;
    expect(stored.personalIndex).toEqual(expect.arrayContaining(personalIndexOf([{ kind: "idNumber", value: "11010519491231002x" }])));
    const query = (audience: "regulator" | "public", q: string) => {
      const parsed = parseRegisterQuery(new URLSearchParams({ q }), audience);
      if (!parsed.ok) throw new Error("bad query");
      return searchRegister(parsed.query);
    };
    expect((await query("regulator", "11010519491231002x")).items.map((e) => e.id)).toEqual([id]);
    expect((await query("regulator", "+86 139-5123-4567")).items.map((e) => e.id)).toContain(id);
    expect((await query("public", "11010519491231002X")).total).toBe(0);
  });

  it("seals an application's personal data, shows it masked to its owner and a regulator, and opens it for the registration", async () => {
    await User.updateOne({ username: "pd-applicant" }, { $setOnInsert: { username: "pd-applicant", displayName: "申请人", role: "applicant", passwordHash: "x" } }, { upsert: true });
    const applicant = await sessionUser("pd-applicant");
    const form = { proposedName: "银川市个人信息测试服务中心", orgType: "socialServiceAgency", district: "640104", domicile: "", legalRepresentative: "马丽", registeredCapital: "", businessScope: "", sponsoringUnit: "", contactPhone: "0951-5012345", legalRepresentativeIdNumber: ID, legalRepresentativeMobile: MOBILE, founder1Name: "张三", founder1IdNumber: "11010519491231002X", founder1Mobile: "13812345678" };
    const created = await createApplication(applicant, form);
    if (!created.ok) throw new Error(JSON.stringify(created.errors));
    const stored = (await WorkflowCase.findById(created.caseId).lean())!.data.application;
    for (const field of ["legalRepresentativeIdNumber", "legalRepresentativeMobile", "contactPhone", "founder1IdNumber", "founder1Mobile"]) expect(isSealed(stored[field])).toBe(true);
    expect(stored.founder1Name).toBe("张三");
    const page = await registrationCasePage(applicant, created.caseId);
    expect(page.application.legalRepresentativeIdNumber).toBe("640***********0018");
    expect(page.application.founder1Mobile).toBe("138****5678");
    expect(page.formValues.legalRepresentativeIdNumber).toBe("");
    expect(await revealApplicationField(await regulator(), created.caseId, "founder1IdNumber")).toEqual({ field: "founder1IdNumber", value: "11010519491231002X" });
    const invalid = { proposedName: "银川市校验位测试中心", orgType: "socialServiceAgency", legalRepresentativeIdNumber: "640104198803150019" };
    expect(await createApplication(applicant, invalid)).toMatchObject({ ok: false, errors: { legalRepresentativeIdNumber: "personal.error.id.checkDigit" } });
  });

  it("the data migration seals what was stored in clear and masks old history, and a second run changes nothing", async () => {
    const id = await plainOrganization(3);
    await OrganizationChange.create({ organizationId: id, changedAt: new Date(), actorName: "旧记录", fields: [{ field: "contactPhone", before: "13900000001", after: MOBILE }] });
    const first = await resealPersonalData();
    expect(first.organizations).toBeGreaterThanOrEqual(1);
    expect(first.history).toBeGreaterThanOrEqual(1);
    const stored = (await Organization.findById(id).lean())!;
    expect(isSealed(stored.contact!.phone)).toBe(true);
    expect(openPersonal(stored.contact!.phone)).toBe(MOBILE);
    const change = (await OrganizationChange.findOne({ organizationId: id }).lean())!;
    expect(change.fields[0]).toMatchObject({ before: "139****0001", after: "139****4567" });
    expect(await resealPersonalData()).toEqual({ organizations: 0, applications: 0, history: 0 });
  });
});

describe("npm run personal-data:reseal after a key rotation", () => {
  it("seals every value again with the new key, after which the old key can go", async () => {
    const id = await plainOrganization(4);
    await resealPersonalData();
    expect(sealedKeyId((await Organization.findById(id).lean())!.contact!.phone!)).toBe("dev");
    const devKey = Buffer.alloc(32, "dev-only personal data key").toString("base64");
    const newKey = randomBytes(32).toString("base64");
    const uri = inject("mongoUriTemplate").replace("{db}", `test_${process.env.VITEST_POOL_ID ?? "0"}`);
    const env = { ...process.env, NODE_ENV: "test" as const, MONGODB_URI: uri, PERSONAL_DATA_KEYS: `2027a:${newKey},dev:${devKey}` };
    const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", path.join(projectRoot, "scripts", "personal-data-reseal.ts")], { cwd: projectRoot, env });
    expect(stdout).toMatch(/Re-sealed with key "2027a": [1-9]\d* organizations/);
    expect(stdout).toContain("Nothing is left under an older key");
    const phone = (await Organization.findById(id).lean())!.contact!.phone!;
    expect(sealedKeyId(phone)).toBe("2027a");
    // This process holds only the old key: the re-sealed value is unreadable to it.
    expect(() => open(phone)).toThrow(PersonalDataError);
  }, 60_000);
});
