/**
 * An organization's own deregistration application carries the consent letters it uploaded
 * first (their ids in the form): the service takes only letters that are still active, consent
 * letters, and this organization's, waiting for its application; opening the case moves them
 * onto it, and a refused submit leaves them waiting.
 */
import mongoose from "mongoose";
import { beforeAll, describe, expect, it } from "vitest";
import { Attachment } from "@models/attachment";
import { Organization } from "@models/organization";
import { WorkflowCase } from "@models/workflow-case";
import type { SessionUser } from "~/auth/guards.server";
import type { AttachmentUse } from "~/domain/attachment-uses";
import { pinyinInitials, pinyinSortKey } from "~/domain/pinyin";
import { DEREGISTRATION_APPLICATION_KIND } from "~/exit-gate/exit-attachments.server";
import { applyForDeregistration, ownDeregistration } from "~/exit-gate/exits.server";
import { demoOrganizations } from "../../scripts/seed/demo-data";
import { seededRandom } from "../../scripts/seed/random";

let ours: string;
let theirs: string;
const orgUser = (organizationId: string): SessionUser => ({
  id: new mongoose.Types.ObjectId().toHexString(),
  username: `org-${organizationId}`,
  displayName: "张晓红",
  role: "org",
  organizationId,
  partyInstructorId: null,
});

beforeAll(async () => {
  const plans = demoOrganizations(seededRandom(7)).filter((o) => o.status === "registered").slice(0, 2);
  const created = await Organization.insertMany(plans.map(({ party: _party, ...o }) => ({ ...o, nameSortKey: pinyinSortKey(o.name), nameInitials: pinyinInitials(o.name) })));
  [ours, theirs] = created.map((o) => String(o._id)) as [string, string];
});

/** A stored letter row (the bytes are not needed to decide whether it may be sent). */
async function letter(organizationId: string, changes: { use?: AttachmentUse; status?: "active" | "deleted"; name?: string } = {}) {
  const row = await Attachment.create({
    caseKind: DEREGISTRATION_APPLICATION_KIND,
    caseId: organizationId,
    organizationId,
    use: changes.use ?? "sponsorConsent",
    originalName: changes.name ?? "同意注销的函.pdf",
    storedName: "a".repeat(64),
    adapter: "local",
    size: 100,
    sha256: "a".repeat(64),
    detectedType: "application/pdf",
    uploaderId: new mongoose.Types.ObjectId(),
    uploadedAt: new Date(),
    status: changes.status ?? "active",
  });
  return String(row._id);
}

const form = (fields: Record<string, string>) => fields;

describe("the consent letter sent with an organization's own deregistration application", () => {
  it("is refused when deleted, another organization's, of another use or malformed, and stays waiting after any refusal", async () => {
    const user = orgUser(ours);
    const waiting = await letter(ours);
    const refusals = [
      await letter(ours, { status: "deleted" }),
      await letter(theirs),
      await letter(ours, { use: "organizationDocument" }),
      new mongoose.Types.ObjectId().toHexString(),
    ];
    for (const other of refusals) {
      const result = await applyForDeregistration(user, form({ reason: "理事会决议终止。", consentLetters: `${waiting},${other}` }));
      expect(result).toEqual({ ok: false, errors: { consentLetters: "exitGate.error.consentLetter" }, values: { reason: "理事会决议终止。", consentLetters: `${waiting},${other}` } });
    }
    expect(await applyForDeregistration(user, form({ reason: "x", consentLetters: "../etc" }))).toMatchObject({ ok: false, errors: { consentLetters: "exitGate.error.consentLetter" } });
    // A missing reason: refused, the letter still waiting and listed on the page.
    expect(await applyForDeregistration(user, form({ reason: "", consentLetters: waiting }))).toMatchObject({ ok: false, errors: { reason: "exitGate.error.required" } });
    expect(await WorkflowCase.countDocuments({ kind: "deregistration" })).toBe(0);
    const page = await ownDeregistration(user);
    const letters = page.letters?.items.filter((i) => i.use === "sponsorConsent" && i.status === "active");
    expect(letters?.map((i) => [i.id, i.name])).toEqual([[waiting, "同意注销的函.pdf"]]);
  });

  it("opens the case with the letter on it; a second submit of the same form opens nothing more", async () => {
    const user = orgUser(ours);
    const waiting = (await Attachment.findOne({ caseKind: DEREGISTRATION_APPLICATION_KIND, caseId: ours, use: "sponsorConsent", status: "active" }).lean())!;
    const fields = { reason: "理事会决议终止，宗旨已实现。", consentLetters: String(waiting._id) };
    const first = await applyForDeregistration(user, form(fields));
    const second = await applyForDeregistration(user, form(fields));
    expect(first.ok && second.ok && first.caseId === second.caseId).toBe(true);
    const caseId = first.ok ? first.caseId : "";
    const moved = await Attachment.findById(waiting._id).lean();
    expect([moved!.caseKind, moved!.caseId, moved!.status]).toEqual(["deregistration", caseId, "active"]);
    // The other organization's letter was never touched.
    expect(await Attachment.countDocuments({ caseKind: DEREGISTRATION_APPLICATION_KIND, caseId: theirs, status: "active" })).toBe(1);
    const page = await ownDeregistration(user);
    expect(page.letters).toBeNull();
    expect(page.exit?.files.items.map((i) => i.name)).toEqual(["同意注销的函.pdf"]);
  });
});
