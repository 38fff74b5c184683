/**
 * Every page `npm run bench:pages` measures: each role's pages, the public pages and the open-data
 * API, with real ids looked up in the database the app runs on. One function (`benchPages`) is the
 * only source, so the list can come from the browser tests' site crawl instead by changing it alone.
 * Downloads (Excel exports, PDFs, attachments) and the UploadThing endpoint are left out: they are
 * not pages and have their own benchmarks (`bench:register`, `bench:documents`, `bench:upload`).
 */
import mongoose from "mongoose";
import { JudgeAssignment } from "../../models/judge-assignment";
import { OfficialDocument } from "../../models/official-document";
import { Organization } from "../../models/organization";
import { PartyInstructor } from "../../models/party-instructor";
import { User } from "../../models/user";
import { WorkflowCase } from "../../models/workflow-case";
import { ANNUAL_REPORT_KIND } from "../../app/daily-gate/annual-report-workflow.server";
import { COMPETITION_KIND, ENTRY_KIND } from "../../app/competition/domain";
import { DEREGISTRATION_KIND, REVOCATION_KIND } from "../../app/exit-gate/exit-workflows.server";
import { REGISTRATION_KIND } from "../../app/registration/registration-intents";

/** `as`: the demo account whose session requests carry (null: signed out). */
export interface BenchPage {
  label: string;
  path: string;
  as: string | null;
}

const idOf = (row: { _id: unknown } | null | undefined) => (row ? String(row._id) : null);

export async function benchPages(): Promise<BenchPage[]> {
  const [orgUser, judgeUser, instructorUser] = await Promise.all(
    ["org", "judge", "instructor"].map((username) => User.findOne({ username }, { organizationId: 1, partyInstructorId: 1 }).lean()),
  );
  const ownOrganization = orgUser?.organizationId ? await Organization.findById(orgUser.organizationId, { uscc: 1 }).lean() : null;
  const anyOrganization = ownOrganization ?? (await Organization.findOne({ status: "registered" }, { uscc: 1 }).lean());
  const [competitions, registration, exit, ownReport, ownEntry, assignment, instructor, document, guided] = await Promise.all([
    WorkflowCase.find({ kind: COMPETITION_KIND }, { _id: 1, caseKey: 1 }).sort({ caseKey: 1 }).lean(),
    WorkflowCase.findOne({ kind: REGISTRATION_KIND }, { _id: 1 }).lean(),
    WorkflowCase.findOne({ kind: mongoose.trusted({ $in: [DEREGISTRATION_KIND, REVOCATION_KIND] }) }, { _id: 1 }).lean(),
    WorkflowCase.findOne({ kind: ANNUAL_REPORT_KIND, organizationId: orgUser?.organizationId }, { _id: 1 }).sort({ caseKey: -1 }).lean(),
    WorkflowCase.findOne({ kind: ENTRY_KIND, organizationId: orgUser?.organizationId }, { _id: 1 }).lean(),
    JudgeAssignment.findOne({ judgeId: judgeUser?._id, status: "active" }, { entryId: 1 }).lean(),
    PartyInstructor.findOne({}, { _id: 1 }).lean(),
    OfficialDocument.findOne({}, { verificationCode: 1 }).lean(),
    Organization.findOne({ "party.instructorId": instructorUser?.partyInstructorId }, { _id: 1 }).lean(),
  ]);
  const finished = competitions[0] ? idOf(competitions[0]) : null; // the oldest: results published
  const current = competitions.length ? idOf(competitions[competitions.length - 1]) : null;
  const year = new Date().getUTCFullYear() - 1;

  const pages: (BenchPage | null)[] = [
    // The public.
    { label: "home", path: "/", as: null },
    { label: "about", path: "/about", as: null },
    { label: "directory", path: "/directory", as: null },
    anyOrganization ? { label: "organization page", path: `/directory/${anyOrganization.uscc}`, as: null } : null,
    { label: "credit lists", path: "/credit", as: null },
    { label: "competitions", path: "/competitions", as: null },
    finished ? { label: "competition results", path: `/competitions/${finished}`, as: null } : null,
    current && current !== finished ? { label: "competition (current)", path: `/competitions/${current}`, as: null } : null,
    document ? { label: "document verification", path: `/verify/${document.verificationCode}`, as: null } : null,
    { label: "sign-in", path: "/login", as: null },
    { label: "sign-up", path: "/signup", as: null },
    { label: "API organizations", path: "/api/v1/organizations", as: null },
    anyOrganization ? { label: "API organization", path: `/api/v1/organizations/${anyOrganization.uscc}`, as: null } : null,
    { label: "API credit lists", path: "/api/v1/credit-lists?list=abnormal", as: null },
    finished ? { label: "API competition results", path: `/api/v1/competitions/${finished}/results`, as: null } : null,
    // The regulator.
    { label: "about", path: "/about", as: "regulator" },
    { label: "workbench", path: "/regulator", as: "regulator" },
    { label: "organizations", path: "/regulator/organizations", as: "regulator" },
    ...(ownOrganization
      ? ["", "/cases", "/changes", "/files", "/party"].map((tab) => ({ label: `organization${tab || " facts"}`, path: `/regulator/organizations/${idOf(ownOrganization)}${tab}`, as: "regulator" }))
      : []),
    { label: "import", path: "/regulator/organizations/import", as: "regulator" },
    { label: "registrations", path: "/regulator/registrations", as: "regulator" },
    registration ? { label: "registration case", path: `/registrations/${idOf(registration)}`, as: "regulator" } : null,
    { label: "campaigns", path: "/regulator/campaigns", as: "regulator" },
    { label: `campaign ${year}`, path: `/regulator/campaigns/${year}`, as: "regulator" },
    ownReport ? { label: "annual report", path: `/annual-reports/${idOf(ownReport)}`, as: "regulator" } : null,
    { label: "credit lists", path: "/regulator/credit-lists", as: "regulator" },
    { label: "spot checks", path: "/regulator/spot-checks", as: "regulator" },
    { label: "exits", path: "/regulator/exits", as: "regulator" },
    exit ? { label: "exit case", path: `/exits/${idOf(exit)}`, as: "regulator" } : null,
    { label: "competitions", path: "/regulator/competitions", as: "regulator" },
    ...(current
      ? [
          { label: "competition", path: `/regulator/competitions/${current}`, as: "regulator" },
          { label: "judging board", path: `/regulator/competitions/${current}/judging`, as: "regulator" },
          { label: "competition settings", path: `/regulator/competitions/${current}/settings`, as: "regulator" },
        ]
      : []),
    ownEntry ? { label: "competition entry", path: `/regulator/competitions/entries/${idOf(ownEntry)}`, as: "regulator" } : null,
    { label: "party coverage", path: "/regulator/coverage", as: "regulator" },
    { label: "instructors", path: "/regulator/instructors", as: "regulator" },
    { label: "new instructor", path: "/regulator/instructors/new", as: "regulator" },
    instructor ? { label: "instructor", path: `/regulator/instructors/${idOf(instructor)}`, as: "regulator" } : null,
    instructor ? { label: "instructor edit", path: `/regulator/instructors/${idOf(instructor)}/edit`, as: "regulator" } : null,
    // An organization.
    { label: "about", path: "/about", as: "org" },
    { label: "workbench", path: "/org", as: "org" },
    { label: "annual reports", path: "/org/annual-reports", as: "org" },
    ownReport ? { label: "own annual report", path: `/annual-reports/${idOf(ownReport)}`, as: "org" } : null,
    { label: "competitions", path: "/org/competitions", as: "org" },
    ownEntry ? { label: "own entry", path: `/org/competitions/entries/${idOf(ownEntry)}`, as: "org" } : null,
    { label: "deregistration", path: "/org/deregistration", as: "org" },
    // An applicant (a sign-up without an organization yet).
    { label: "applications", path: "/applications", as: "applicant" },
    { label: "new application", path: "/applications/new", as: "applicant" },
    // A judge.
    { label: "workbench", path: "/judge", as: "judge" },
    assignment ? { label: "scoring page", path: `/judge/entries/${String(assignment.entryId)}`, as: "judge" } : null,
    // A party-building instructor.
    { label: "workbench", path: "/instructor", as: "instructor" },
    guided ? { label: "organization", path: `/instructor/organizations/${idOf(guided)}`, as: "instructor" } : null,
    // An administrator.
    { label: "administration", path: "/admin", as: "admin" },
  ];
  return pages.filter((page): page is BenchPage => page !== null);
}
