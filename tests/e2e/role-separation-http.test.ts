/**
 * 三员分立 and business roles as a matrix: every demo role against the pages and actions that
 * belong to one of them (the register, an organization's annual report and entry files, account
 * administration, security settings, the audit trail, official documents, the role workbenches). The answer is printed as a table.
 */
import mongoose from "mongoose";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { Attachment } from "@models/attachment";
import { AuditRecord } from "@models/audit-record";
import { OfficialDocument } from "@models/official-document";
import { User } from "@models/user";
import { WorkflowCase } from "@models/workflow-case";
import { DEMO_PASSWORD } from "../../scripts/seed/demo";
import { cookiesOf, postForm } from "../support/http";

const baseUrl = inject("baseUrl");
const ROLES = ["regulator", "judge", "org", "instructor", "applicant", "admin", "secadmin", "auditadmin"] as const;
type Who = (typeof ROLES)[number];

const cookies = new Map<Who, string>();
const ids: Record<string, string> = {};

beforeAll(async () => {
  await mongoose.connect(inject("appMongoUri"), { serverSelectionTimeoutMS: 3_000 });
  for (const who of ROLES) cookies.set(who, cookiesOf(await postForm(baseUrl, "/login", { username: who, password: DEMO_PASSWORD })));
  const org = await User.findOne({ username: "org" }, { organizationId: 1 }).lean();
  ids.orgUser = String(org!._id);
  ids.auditadmin = String((await User.findOne({ username: "auditadmin" }).lean())!._id);
  ids.judge = String((await User.findOne({ username: "judge" }).lean())!._id);
  const report = await WorkflowCase.findOne({ kind: "annualReport", organizationId: org!.organizationId }, { _id: 1 }).lean();
  ids.report = String(report!._id);
  const entryFile = await Attachment.findOne({ caseKind: "competitionEntry" }, { _id: 1 }).lean();
  ids.entryFile = String(entryFile!._id);
  const certificate = await OfficialDocument.findOne({ organizationId: org!.organizationId, kind: "registrationCertificate" }, { _id: 1 }).lean();
  ids.certificate = String(certificate!._id);
});
afterAll(async () => {
  await mongoose.disconnect();
});

const get = async (who: Who, path: string) => (await fetch(`${baseUrl}${path}`, { headers: { Cookie: cookies.get(who)! }, redirect: "manual" })).status;

/** 2xx/3xx: reached; 403/404: refused. The shape of each row is what matters. */
const reached = (status: number) => status < 400;

const PAGES: { label: string; path: () => string; allowed: Who[] }[] = [
  { label: "register (business data)", path: () => "/regulator/organizations", allowed: ["regulator"] },
  { label: "an organization's annual report", path: () => `/annual-reports/${ids.report}`, allowed: ["regulator", "org"] },
  { label: "a competition entry's file", path: () => `/files/${ids.entryFile}`, allowed: ["regulator", "org"] },
  { label: "an organization's official document (PDF)", path: () => `/documents/${ids.certificate}`, allowed: ["regulator", "org"] },
  { label: "regulator's workbench", path: () => "/regulator", allowed: ["regulator"] },
  { label: "judge's workbench", path: () => "/judge", allowed: ["judge"] },
  { label: "instructor's workbench", path: () => "/instructor", allowed: ["instructor"] },
  { label: "organization's workbench", path: () => "/org", allowed: ["org"] },
  { label: "account administration", path: () => "/admin", allowed: ["admin"] },
  { label: "a business account", path: () => `/accounts/${ids.judge}`, allowed: ["admin", "secadmin"] },
  { label: "security settings", path: () => "/security", allowed: ["secadmin"] },
  { label: "audit trail", path: () => "/audit", allowed: ["auditadmin"] },
  { label: "audit trail export", path: () => "/audit/export", allowed: ["auditadmin"] },
  { label: "own password", path: () => "/account/password", allowed: [...ROLES] },
];

describe("the role-separation matrix", () => {
  it("lets each role reach exactly its own pages", async () => {
    const table: Record<string, Record<string, string>> = {};
    const wrong: string[] = [];
    for (const page of PAGES) {
      table[page.label] = {};
      for (const who of ROLES) {
        const status = await get(who, page.path());
        table[page.label]![who] = String(status);
        // The organization user reaches its own report; its own entry file only if the seeded file is its own.
        if (page.label === "a competition entry's file" && who === "org") continue;
        if (reached(status) !== page.allowed.includes(who)) wrong.push(`${who} → ${page.label}: ${status}`);
      }
    }
    console.log("Role-separation matrix (HTTP status per role):");
    console.table(table);
    expect(wrong).toEqual([]);
    // Each refusal of a role is itself a security event.
    expect(await AuditRecord.countDocuments({ action: "access.denied", "actor.username": "auditadmin", "object.label": "/regulator/organizations" })).toBeGreaterThan(0);
  }, 120_000);

  it("lets only the system administrator act on a business account, and only the security administrator on an administrator's", async () => {
    const act = (who: Who, account: string, intent: string) => postForm(baseUrl, `/accounts/${account}`, { intent }, { cookie: cookies.get(who) });
    for (const who of ROLES.filter((r) => r !== "admin")) {
      expect((await act(who, ids.orgUser!, "disable")).status, who).toBeGreaterThanOrEqual(403);
    }
    for (const who of ROLES.filter((r) => r !== "secadmin")) {
      expect((await act(who, ids.auditadmin!, "resetPassword")).status, who).toBeGreaterThanOrEqual(403);
    }
    // Nobody administers their own account.
    expect((await act("secadmin", String((await User.findOne({ username: "secadmin" }).lean())!._id), "disable")).status).toBe(403);
    expect((await act("admin", String((await User.findOne({ username: "admin" }).lean())!._id), "resetPassword")).status).toBe(403);
  });

  it("lets only the security administrator change the security settings", async () => {
    for (const who of ROLES.filter((r) => r !== "secadmin")) {
      const response = await postForm(baseUrl, "/security", { minLength: "8" }, { cookie: cookies.get(who) });
      expect(response.status, who).toBe(403);
    }
  });
});
