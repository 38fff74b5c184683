/** The public JSON API, the directory and the register's access rules, over HTTP against the built server. */
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { buildUscc } from "~/domain/uscc";
import { DEMO_PASSWORD } from "../../scripts/seed/demo";
import { DEMO_ORGANIZATION_COUNT } from "../../scripts/seed/demo-data";
import { cookiesOf, postForm } from "../support/http";

const baseUrl = inject("baseUrl");
const ITEM_KEYS = ["creditLists", "district", "exit", "legalRepresentative", "name", "registeredAt", "sponsoringUnit", "status", "type", "uscc"];

interface Item {
  uscc: string;
  name: string;
  type: string;
  district: string;
  status: string;
  registeredAt: string;
  legalRepresentative: string;
  sponsoringUnit: string;
  creditLists: string[];
}
interface ListBody {
  total: number;
  page: number;
  pageSize: number;
  items: Item[];
}

async function api(path: string): Promise<{ status: number; type: string; body: unknown; text: string }> {
  const response = await fetch(`${baseUrl}${path}`);
  const text = await response.text();
  return { status: response.status, type: response.headers.get("content-type") ?? "", body: JSON.parse(text) as unknown, text };
}

let first: Item;
beforeAll(async () => {
  first = ((await api("/api/v1/organizations?pageSize=1")).body as ListBody).items[0]!;
});

describe("GET /api/v1/organizations", () => {
  it("pages through every registered organization with exactly the open-data fields", async () => {
    const { status, type, body, text } = await api("/api/v1/organizations");
    expect(status).toBe(200);
    expect(type).toContain("application/json");
    const list = body as ListBody;
    expect(list.total).toBeGreaterThanOrEqual(DEMO_ORGANIZATION_COUNT);
    expect(list).toMatchObject({ page: 1, pageSize: 20 });
    expect(list.items).toHaveLength(20);
    for (const item of list.items) expect(Object.keys(item).sort()).toEqual(ITEM_KEYS);
    expect(list.items[0]!.registeredAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    // No personal contact data, no internal ids.
    expect(text).not.toMatch(/contact|phone|email|@example|_id|nameSortKey/i);

    const last = (await api(`/api/v1/organizations?pageSize=100&page=2`)).body as ListBody;
    expect(last.items).toHaveLength(list.total - 100);
  });

  it("searches and filters on the server", async () => {
    const foundations = (await api("/api/v1/organizations?type=foundation&pageSize=100")).body as ListBody;
    expect(foundations.total).toBeGreaterThan(0);
    expect(foundations.items.every((i) => i.type === "foundation")).toBe(true);

    const inDistrict = (await api("/api/v1/organizations?district=640122&status=registered&pageSize=100")).body as ListBody;
    expect(inDistrict.items.every((i) => i.district === "640122" && i.status === "registered")).toBe(true);

    const byCode = (await api(`/api/v1/organizations?q=${first.uscc}`)).body as ListBody;
    expect(byCode.items.map((i) => i.uscc)).toEqual([first.uscc]);
    const byName = (await api(`/api/v1/organizations?q=${encodeURIComponent(first.name)}`)).body as ListBody;
    expect(byName.items.map((i) => i.uscc)).toContain(first.uscc);
  });

  const INVALID = [
    "type=club",
    "page=0",
    "page=-1",
    "pageSize=101",
    "pageSize=abc",
    "q[$ne]=",
    "type[$gt]=",
    "district[$regex]=.*",
    "status=applying",
    "status=nope",
    "type=foundation&type=socialGroup",
    "partyForm=none",
    "secret=1",
  ];
  for (const query of INVALID) {
    it(`answers ${query} with a 400 JSON error`, async () => {
      const { status, type, body } = await api(`/api/v1/organizations?${query}`);
      expect(status).toBe(400);
      expect(type).toContain("application/json");
      expect(body).toMatchObject({ error: "invalid_parameters" });
      expect(body).not.toHaveProperty("items");
    });
  }
});

describe("GET /api/v1/organizations/:uscc", () => {
  it("returns one organization, 404 for an unknown code, 400 for a malformed one", async () => {
    const one = await api(`/api/v1/organizations/${first.uscc}`);
    expect(one.status).toBe(200);
    expect(one.body).toEqual(first);
    const lower = await api(`/api/v1/organizations/${first.uscc.toLowerCase()}`);
    expect(lower.body).toEqual(first);

    const short = await api("/api/v1/organizations/5164010400000000");
    expect(short.status).toBe(400);
    expect(short.body).toMatchObject({ error: "invalid_uscc", rule: "length" });
    const badCheck = first.uscc.slice(0, 17) + (first.uscc[17] === "0" ? "1" : "0");
    expect((await api(`/api/v1/organizations/${badCheck}`)).body).toMatchObject({ error: "invalid_uscc", rule: "checkCharacter" });
    const missing = await api(`/api/v1/organizations/${buildUscc("1", "640104", "99999999")}`);
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ error: "not_found" });
    expect((await api(`/api/v1/organizations/${first.uscc}?x[$ne]=1`)).status).toBe(400);
  });
});

describe("credit lists in the open data", () => {
  it("gives a listed organization its list beside the status registered, and a clean one none", async () => {
    const abnormal = (await api("/api/v1/credit-lists?list=abnormal&pageSize=100")).body as { items: { uscc: string }[] };
    expect(abnormal.items.length).toBeGreaterThan(0);
    const listed = (await api(`/api/v1/organizations/${abnormal.items[0]!.uscc}`)).body as Item;
    expect(listed).toMatchObject({ status: "registered", creditLists: ["abnormal"] });
    const searched = (await api(`/api/v1/organizations?q=${abnormal.items[0]!.uscc}`)).body as ListBody;
    expect(searched.items.map((i) => i.creditLists)).toEqual([["abnormal"]]);
    const onAList = new Set(abnormal.items.map((i) => i.uscc));
    const clean = ((await api("/api/v1/organizations?pageSize=100")).body as ListBody).items.find((i) => !onAList.has(i.uscc))!;
    expect(clean.creditLists).toEqual([]);
  });
});

describe("the public directory", () => {
  it("lists and shows organizations without a login, and refuses nonsense parameters", async () => {
    const list = await fetch(`${baseUrl}/directory?q=${encodeURIComponent(first.name)}`);
    expect(list.status).toBe(200);
    expect(await list.text()).toContain(first.name);
    const detail = await fetch(`${baseUrl}/directory/${first.uscc}`);
    expect(detail.status).toBe(200);
    const html = await detail.text();
    expect(html).toContain(first.legalRepresentative);
    expect(html).not.toMatch(/@example\.org|联系电话/);
    expect((await fetch(`${baseUrl}/directory?type[$ne]=x`)).status).toBe(400);
    expect((await fetch(`${baseUrl}/directory/NOT-A-CODE`)).status).toBe(404);
  });
});

describe("the regulator's register", () => {
  it("is for regulators only", async () => {
    const anonymous = await fetch(`${baseUrl}/regulator/organizations`, { redirect: "manual" });
    expect(anonymous.status).toBe(302);
    const org = cookiesOf(await postForm(baseUrl, "/login", { username: "org", password: DEMO_PASSWORD }));
    expect((await fetch(`${baseUrl}/regulator/organizations`, { headers: { Cookie: org } })).status).toBe(403);
    expect((await fetch(`${baseUrl}/regulator/organizations/export`, { headers: { Cookie: org } })).status).toBe(403);
  });

  it("answers nonsense filters with 400 and exports the filtered register as .xlsx", async () => {
    const cookie = cookiesOf(await postForm(baseUrl, "/login", { username: "regulator", password: DEMO_PASSWORD }));
    expect((await fetch(`${baseUrl}/regulator/organizations?sort=evil`, { headers: { Cookie: cookie } })).status).toBe(400);
    const page = await fetch(`${baseUrl}/regulator/organizations?type=foundation&sort=registeredCapital&order=desc`, { headers: { Cookie: cookie } });
    expect(page.status).toBe(200);

    const expected = ((await api("/api/v1/organizations?type=foundation&pageSize=100")).body as ListBody).total;
    const response = await fetch(`${baseUrl}/regulator/organizations/export?type=foundation`, { headers: { Cookie: cookie } });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("spreadsheetml");
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await response.arrayBuffer());
    const sheet = book.worksheets[0]!;
    expect(sheet.getRow(1).getCell(1).value).toBe("统一社会信用代码");
    expect(sheet.actualRowCount - 1).toBe(expected);
    const types = new Set<string>();
    sheet.eachRow((row, n) => {
      if (n > 1) types.add(String(row.getCell(3).value));
    });
    expect([...types]).toEqual(["基金会"]);
  });
});
