import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { Organization } from "@models/organization";
import { OrganizationChange } from "@models/organization-change";
import type { SessionUser } from "~/auth/guards.server";
import { pinyinInitials, pinyinSortKey } from "~/domain/pinyin";
import { buildUscc } from "~/domain/uscc";
import { recordListing } from "~/daily-gate/credit-lists.server";
import { CREDIT_LISTS_COLUMN, EXCEL_COLUMNS } from "~/register/excel-columns";
import { exportRegister } from "~/register/organization-export.server";
import { openPersonal, personalIndexOf } from "~/personal-data/personal-data.server";
import { organizationChanges, organizationRecord, updateOrganizationFacts } from "~/register/organization-facts.server";
import { importOrganizations, importReport } from "~/register/organization-import.server";
import { searchRegister } from "~/register/register-index.server";
import { parseRegisterQuery, type Audience, type RegisterQuery } from "~/register/register-query";
import { demoOrganizations } from "../../scripts/seed/demo-data";
import { seededRandom } from "../../scripts/seed/random";

const regulator: SessionUser = {
  id: "65a000000000000000000001",
  username: "regulator",
  displayName: "王建国",
  role: "regulator",
  organizationId: null,
  partyInstructorId: null,
};

function query(params: Record<string, string>, audience: Audience = "regulator"): RegisterQuery {
  const result = parseRegisterQuery(new URLSearchParams(params), audience);
  if (!result.ok) throw new Error(result.issues.join("; "));
  return result.query;
}

const demo = demoOrganizations(seededRandom(7)).slice(0, 40);

beforeAll(async () => {
  await Organization.insertMany(
    demo.map(({ party, ...o }, i) => ({
      ...o,
      status: i === 0 ? "deregistered" : i === 1 ? "applying" : "registered",
      nameSortKey: pinyinSortKey(o.name),
      nameInitials: pinyinInitials(o.name),
      party: { form: party.form, memberCount: party.memberCount },
    })),
  );
});

describe("register queries (one builder for the register, the directory and the API)", () => {
  it("finds organizations by name, pinyin initials, credit code prefix and legal representative", async () => {
    const target = demo[5]!;
    const byName = await searchRegister(query({ q: target.name.slice(3, 7) }));
    expect(byName.items.map((i) => i.uscc)).toContain(target.uscc);
    const byInitials = await searchRegister(query({ q: pinyinInitials(target.name).slice(0, 6) }));
    expect(byInitials.items.map((i) => i.uscc)).toContain(target.uscc);
    const byCode = await searchRegister(query({ q: target.uscc.slice(0, 14).toLowerCase() }));
    expect(byCode.items.map((i) => i.uscc)).toEqual([target.uscc]);
    const byPerson = await searchRegister(query({ q: target.legalRepresentative }));
    expect(byPerson.items.every((i) => i.legalRepresentative.includes(target.legalRepresentative))).toBe(true);
    expect(byPerson.total).toBeGreaterThanOrEqual(1);
  });

  it("filters by type, district and status, and counts every match while returning one page", async () => {
    const result = await searchRegister(query({ type: "socialGroup", district: "640104", pageSize: "2" }));
    const expected = demo.filter((o) => o.type === "socialGroup" && o.district === "640104").length;
    expect(result.total).toBe(expected);
    expect(result.items.length).toBe(Math.min(2, expected));
    expect(result.items.every((i) => i.type === "socialGroup" && i.district === "640104")).toBe(true);
    expect((await searchRegister(query({ status: "deregistered" }))).items.map((i) => i.uscc)).toEqual([demo[0]!.uscc]);
  });

  it("sorts names in pinyin order and capital numerically, both ways", async () => {
    const names = (await searchRegister(query({ pageSize: "100" }))).items.map((i) => pinyinSortKey(i.name));
    expect(names).toEqual([...names].sort());
    const capital = (await searchRegister(query({ sort: "registeredCapital", order: "desc", pageSize: "100" }))).items.map((i) => i.registeredCapitalFen);
    expect(capital).toEqual([...capital].sort((a, b) => b - a));
    const dates = (await searchRegister(query({ sort: "establishedAt", pageSize: "100" }))).items.map((i) => i.establishedAt.getTime());
    expect(dates).toEqual([...dates].sort((a, b) => a - b));
  });

  it("never shows applications to the public, and shows final statuses", async () => {
    const all = await searchRegister(query({ pageSize: "100" }, "public"));
    expect(all.items.map((i) => i.uscc)).not.toContain(demo[1]!.uscc);
    expect(all.items.map((i) => i.uscc)).toContain(demo[0]!.uscc);
    expect(parseRegisterQuery(new URLSearchParams({ status: "applying" }), "public").ok).toBe(false);
  });

  it("refuses unknown and operator-shaped parameters, repeated ones and out-of-range pages", () => {
    for (const bad of ["q[$ne]=", "type[$gt]=", "type=club", "page=0", "pageSize=101", "page=abc", "type=foundation&type=socialGroup", "partyForm=joint"]) {
      expect(parseRegisterQuery(new URLSearchParams(bad), "public").ok, bad).toBe(false);
    }
    expect(parseRegisterQuery(new URLSearchParams("partyForm=joint&instructor=none"), "regulator").ok).toBe(true);
    expect(parseRegisterQuery(new URLSearchParams("q=&type=&page="), "public").ok).toBe(true);
  });

  it("sees a write made through the model at once", async () => {
    const target = demo[7]!;
    await Organization.updateOne({ uscc: target.uscc }, { $set: { legalRepresentative: "欧阳即时" } });
    expect((await searchRegister(query({ q: "欧阳即时" }))).items.map((i) => i.uscc)).toEqual([target.uscc]);
  });
});

describe("editing registration facts", () => {
  it("records only the changed fields, with who and why, and nothing when nothing changed", async () => {
    const id = String((await Organization.findOne({ uscc: demo[3]!.uscc }, { _id: 1 }).lean())!._id);
    const { facts } = await organizationRecord(regulator, id);
    expect(await updateOrganizationFacts(regulator, id, { ...facts }, "")).toEqual({ changed: 0 });
    const result = await updateOrganizationFacts(regulator, id, { ...facts, domicile: "银川市金凤区新址1号", registeredCapitalFen: 12_345_600 }, "住所迁移");
    expect(result.changed).toBe(2);
    const history = await organizationChanges(id, { page: 1, pageSize: 20 });
    expect(history.total).toBe(1);
    expect(history.items[0]!.actorName).toBe("王建国");
    expect(history.items[0]!.reason).toBe("住所迁移");
    expect(history.items[0]!.fields.map((f) => f.field).sort()).toEqual(["domicile", "registeredCapitalFen"]);
    expect(history.items[0]!.fields.find((f) => f.field === "registeredCapitalFen")!.after).toBe("12345600");
    const renamed = await updateOrganizationFacts(regulator, id, { ...facts, domicile: "银川市金凤区新址1号", registeredCapitalFen: 12_345_600, name: "阿拉善测试协会" }, "");
    expect(renamed.changed).toBe(1);
    const stored = await Organization.findById(id, { nameSortKey: 1, nameInitials: 1 }).lean();
    expect(stored!.nameInitials).toBe(pinyinInitials("阿拉善测试协会"));
  });
});

const HEADERS = EXCEL_COLUMNS.map((c) => c.header);

async function workbook(rows: (string | number | Date)[][]): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet("导入");
  sheet.addRow(HEADERS);
  for (const row of rows) sheet.addRow(row);
  return new Uint8Array(await book.xlsx.writeBuffer());
}

function row(overrides: Partial<Record<(typeof EXCEL_COLUMNS)[number]["key"], string | number | Date>>): (string | number | Date)[] {
  const base: Record<string, string | number | Date> = {
    uscc: "",
    name: "银川市测试公益协会",
    type: "社会团体",
    registrationAuthority: "银川市民政局",
    district: "兴庆区",
    sponsoringUnit: "银川市民政局",
    legalRepresentative: "张测试",
    domicile: "银川市兴庆区解放东街1号",
    establishedAt: new Date(Date.UTC(2019, 4, 20)),
    registeredCapital: 30000,
    businessScope: "公益服务",
    contactName: "李联系",
    contactPhone: "13900000000",
    contactEmail: "test@example.org",
    directlyManaged: "是",
    status: "",
    ...overrides,
  };
  return EXCEL_COLUMNS.map((c) => base[c.key]!);
}

describe("Excel import", () => {
  const good1 = buildUscc("1", "640104", "71000001");
  const good2 = buildUscc("2", "640105", "71000002");
  const good3 = buildUscc("3", "640106", "71000003");
  const dup = buildUscc("1", "640121", "71000004");
  const badCheck = good1.slice(0, 17) + (good1[17] === "0" ? "1" : "0");

  it("imports the good rows, reports every bad row with its row number and reason, and changes nothing the second time", async () => {
    const file = await workbook([
      row({ uscc: good1, name: "银川市导入甲协会" }), // row 2
      row({ uscc: badCheck, name: "校验码错误协会" }), // row 3: bad check character
      row({ uscc: good2, name: "银川市导入乙服务中心", type: "民办非企业单位（社会服务机构）", district: "西夏区", registeredCapital: "12,345.67" }), // row 4
      row({ uscc: buildUscc("1", "640104", "71000005"), type: "俱乐部" }), // row 5: unknown type
      row({ uscc: buildUscc("1", "640104", "71000006"), name: "" }), // row 6: missing name
      row({ uscc: dup, name: "重复甲" }), // row 7: duplicate code
      row({ uscc: dup, name: "重复乙" }), // row 8: duplicate code
      row({ uscc: good3, name: "银川市导入丙基金会", type: "基金会", establishedAt: "2018/3/5", district: "640106" }), // row 9
      row({ uscc: buildUscc("1", "640104", "71000007"), district: "北京市", establishedAt: "2099-01-01", registeredCapital: "12.345" }), // row 10
    ]);
    const first = await importOrganizations({ buffer: file, fileName: "register.xlsx", actor: regulator });
    if (!first.ok) throw new Error(first.error);
    expect({ inserted: first.inserted, updated: first.updated, unchanged: first.unchanged, rejected: first.rejected }).toEqual({
      inserted: 3,
      updated: 0,
      unchanged: 0,
      rejected: 6,
    });
    const byRow = (n: number) => first.problems.filter((p) => p.row === n).map((p) => p.message);
    expect(byRow(3)).toEqual(["uscc.checkCharacter"]);
    expect(byRow(5)).toEqual(["register.import.problem.unknownType"]);
    expect(byRow(6)).toEqual(["register.validation.required"]);
    expect(first.problems.find((p) => p.row === 7)).toMatchObject({ message: "register.import.problem.duplicateInFile", otherRow: 8 });
    expect(first.problems.find((p) => p.row === 8)).toMatchObject({ message: "register.import.problem.duplicateInFile", otherRow: 7 });
    expect(byRow(10).sort()).toEqual(["register.validation.date", "register.validation.district", "register.validation.money"]);

    const agency = await Organization.findOne({ uscc: good2 }).lean();
    expect(agency).toMatchObject({ type: "socialServiceAgency", registeredCapitalFen: 1_234_567, status: "registered", district: "640105" });
    // Written through the driver for speed: still a document the model accepts, defaults included.
    await expect(Organization.hydrate(agency!).validate()).resolves.toBeUndefined();
    expect(agency).toMatchObject({ party: { form: "none" }, directlyManaged: true });
    // The contact's phone is personal data: sealed (SM4) in the database, found by its keyed hash (ADR 016).
    expect(agency!.contact!.phone).toMatch(/^sm4:v1:/);
    expect(agency!.contact!.phone).not.toContain("13900000000");
    expect(openPersonal(agency!.contact!.phone)).toBe("13900000000");
    expect(agency!.personalIndex).toEqual(personalIndexOf([{ kind: "phone", value: "13900000000" }]));
    expect(agency!.createdAt).toBeInstanceOf(Date);
    const foundation = await Organization.findOne({ uscc: good3 }, { establishedAt: 1 }).lean();
    expect(foundation!.establishedAt.toISOString()).toBe("2018-03-04T16:00:00.000Z"); // 5 March in Shanghai

    const report = await importReport(first.importId);
    expect(report!.problems.length).toBe(first.problems.length);

    const organizationsBefore = await Organization.countDocuments({});
    const changesBefore = await OrganizationChange.countDocuments({});
    const second = await importOrganizations({ buffer: file, fileName: "register.xlsx", actor: regulator });
    if (!second.ok) throw new Error(second.error);
    expect({ inserted: second.inserted, updated: second.updated, unchanged: second.unchanged, rejected: second.rejected }).toEqual({
      inserted: 0,
      updated: 0,
      unchanged: 3,
      rejected: 6,
    });
    expect(await Organization.countDocuments({})).toBe(organizationsBefore);
    expect(await OrganizationChange.countDocuments({})).toBe(changesBefore);
  });

  it("updates only changed facts of an existing organization and records them as an import change", async () => {
    const file = await workbook([row({ uscc: good1, name: "银川市导入甲协会", legalRepresentative: "赵新任" })]);
    const result = await importOrganizations({ buffer: file, fileName: "change.xlsx", actor: regulator });
    if (!result.ok) throw new Error(result.error);
    expect(result.updated).toBe(1);
    const organization = await Organization.findOne({ uscc: good1 }, { legalRepresentative: 1 }).lean();
    expect(organization!.legalRepresentative).toBe("赵新任");
    const history = await organizationChanges(String(organization!._id), { page: 1, pageSize: 10 });
    expect(history.items[0]!.fields).toEqual([{ field: "legalRepresentative", before: "张测试", after: "赵新任" }]);
    expect(history.items[0]!.importId).toBe(result.importId);
  });

  it("re-imports its own export without changing anything (export honours the filters)", async () => {
    const filtered = query({ district: "640104" });
    // One of them on the abnormal list: the export says so in its own column, and the importer
    // leaves that column alone (a listing is not a registered fact).
    const listed = (await searchRegister({ ...filtered, pageSize: 1 })).items[0]!;
    expect(await recordListing(regulator, { uscc: listed.uscc, reason: "minorPenalty", detail: "受到警告" })).toEqual({ ok: true });
    const stream = await exportRegister(filtered);
    const bytes = await new Response(stream).arrayBuffer();
    const buffer = new Uint8Array(bytes);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(bytes);
    const sheet = book.worksheets[0]!;
    const expected = (await searchRegister({ ...filtered, pageSize: 100 })).total;
    expect(sheet.actualRowCount - 1).toBe(expected);
    expect((sheet.getRow(1).values as string[]).slice(1)).toEqual([...HEADERS, CREDIT_LISTS_COLUMN.header]);
    const listedRow = sheet.getRows(2, sheet.actualRowCount - 1)!.find((r) => r.getCell(1).value === listed.uscc)!;
    expect(listedRow.getCell(HEADERS.length + 1).value).toBe("活动异常名录");
    expect(listedRow.getCell(HEADERS.length).value).toBe("已登记");

    const changesBefore = await OrganizationChange.countDocuments({});
    const again = await importOrganizations({ buffer, fileName: "export.xlsx", actor: regulator });
    if (!again.ok) throw new Error(again.error);
    expect(again.problems).toEqual([]);
    expect({ inserted: again.inserted, updated: again.updated, unchanged: again.unchanged }).toEqual({ inserted: 0, updated: 0, unchanged: expected });
    expect(await OrganizationChange.countDocuments({})).toBe(changesBefore);
  });

  it("reads the status 列入信用名单 of files exported before listings stopped being a status as registered", async () => {
    const older = buildUscc("1", "640104", "71000008");
    const file = await workbook([row({ uscc: older, name: "银川市旧表导入协会", status: "列入信用名单" })]);
    const result = await importOrganizations({ buffer: file, fileName: "old-export.xlsx", actor: regulator });
    if (!result.ok) throw new Error(result.error);
    expect(result.problems).toEqual([]);
    expect((await Organization.findOne({ uscc: older }, { status: 1 }).lean())?.status).toBe("registered");
  });

  it("refuses a file without the required columns, and one that is not an Excel file", async () => {
    const book = new ExcelJS.Workbook();
    book.addWorksheet("x").addRow(["名称", "住所"]);
    const missing = await importOrganizations({ buffer: new Uint8Array(await book.xlsx.writeBuffer()), fileName: "x.xlsx", actor: regulator });
    expect(missing).toMatchObject({ ok: false, error: "register.import.error.missingColumns" });
    const garbage = await importOrganizations({ buffer: new TextEncoder().encode("not a zip"), fileName: "x.xlsx", actor: regulator });
    expect(garbage).toMatchObject({ ok: false, error: "register.import.error.notXlsx" });
  });
});
