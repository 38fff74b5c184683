/**
 * Demo credit-list paths, made through the same functions as the platform's own steps, at the
 * past times people would have acted (社会组织信用信息管理办法, docs/rules.md):
 * abnormal for each ground a regulator records (late reports and escalated rectifications come
 * from the campaigns), a re-listing that restarted the two-year clock, one promoted after two
 * years, one removed after verification, one removed after six months with nothing to cure, one
 * serious listing still in its stay and one removed after it.
 */
import mongoose from "mongoose";
import { CreditListing } from "../../models/credit-listing";
import { Organization } from "../../models/organization";
import type { SessionUser } from "../../app/auth/guards.server";
import { activeListsOf, listOrganizations, promoteToSerious, removeAfterSixMonths, removeListing, type ListingInput } from "../../app/daily-gate/credit-lists.server";
import { shanghaiDay } from "../../app/domain/periods";

const DAY = 86_400_000;

export async function seedCreditPaths(regulatorName: string, now: Date, exclude: Set<string>): Promise<string> {
  const at = (daysAgo: number) => new Date(now.getTime() - daysAgo * DAY);
  const regulator: SessionUser = { id: new mongoose.Types.ObjectId().toHexString(), username: "regulator", displayName: regulatorName, role: "regulator", organizationId: null, partyInstructorId: null };
  const organizations = await Organization.find({ status: "registered" }, { _id: 1, type: 1, publicFundraising: 1, party: 1 }).sort({ _id: -1 }).lean();
  const listed = await activeListsOf(organizations.map((o) => String(o._id)));
  const free = organizations.filter((o) => !exclude.has(String(o._id)) && !listed[String(o._id)]);
  const taken = new Set<string>();
  const pick = (test: (o: (typeof free)[number]) => boolean = () => true) => {
    const found = free.find((o) => !taken.has(String(o._id)) && test(o));
    if (!found) throw new Error("the demo register has too few organizations for the credit-list paths");
    taken.add(String(found._id));
    return String(found._id);
  };
  const noParty = (o: (typeof free)[number]) => (o.party?.form ?? "none") === "none" && o.type !== "foundation";
  const plain = (o: (typeof free)[number]) => o.type !== "foundation";
  const list = (daysAgo: number, entry: ListingInput) => listOrganizations([entry], regulatorName, at(daysAgo));
  const letters = (firstDaysAgo: number, secondDaysAgo: number) => ({ firstMailedOn: shanghaiDay(at(firstDaysAgo)), secondMailedOn: shanghaiDay(at(secondDaysAgo)) });

  // Abnormal, one for each ground a regulator records.
  await list(100, { organizationId: pick(noParty), reason: "noPartyOrganization", detail: "有正式党员 3 名以上，未按规定建立党组织。" });
  await list(60, { organizationId: pick((o) => o.type === "foundation" && o.publicFundraising === true), reason: "publicFundraisingLapse", detail: "取得公开募捐资格后连续 6 个月以上未开展公开募捐活动。" });
  await list(40, { organizationId: pick(plain), reason: "minorPenalty", detail: "未按规定办理负责人变更备案，受到警告（银民罚〔2026〕3 号）。" });
  await list(55, { organizationId: pick(plain), reason: "unreachableAddress", detail: "向登记住所两次邮寄专用信函均无人签收。", letters: letters(80, 60) });
  await list(30, { organizationId: pick(plain), reason: "other", detail: "依照有关行政法规应当列入的其他情形（经查实）。" });

  // A new listing during the stay restarts the two years (第十二条): not promoted, its clock runs from the later listing.
  const restarted = pick(noParty);
  await list(900, { organizationId: restarted, reason: "unreachableAddress", detail: "向登记住所两次邮寄专用信函均无人签收。", letters: letters(940, 920) });
  await list(200, { organizationId: restarted, reason: "noPartyOrganization", detail: "仍未按规定建立党组织。" });

  // Two full years on the abnormal list: promoted to the serious list by the sweeper's step.
  await list(800, { organizationId: pick(noParty), reason: "noPartyOrganization", detail: "未按规定建立党组织，经督促仍未整改。" });

  // Removed after the cure was verified.
  const cured = pick(plain);
  await list(120, { organizationId: cured, reason: "unreachableAddress", detail: "向登记住所两次邮寄专用信函均无人签收。", letters: letters(150, 130) });
  const curedRow = await CreditListing.findOne({ organizationId: new mongoose.Types.ObjectId(cured), removedAt: null }, { _id: 1 }).lean();
  await removeListing(regulator, String(curedRow!._id), "已办理住所变更登记，经实地核查可以取得联系。", at(20));

  // Nothing to cure: removed six full months after the listing.
  await list(250, { organizationId: pick(plain), reason: "minorPenalty", detail: "未按规定公开年度工作报告，受到警告。" });

  // Serious lists: one in its two-year stay, one removed after it.
  await list(90, { organizationId: pick(plain), reason: "judgmentDefaulter", detail: "被人民法院纳入失信被执行人名单（(2026)宁0104执123号）。" });
  const stayed = pick(plain);
  await list(800, { organizationId: stayed, reason: "majorFine", detail: "违规收取费用，受到罚款 8 万元的行政处罚。" });
  const stayedRow = await CreditListing.findOne({ organizationId: new mongoose.Types.ObjectId(stayed), removedAt: null }, { _id: 1 }).lean();
  await removeListing(regulator, String(stayedRow!._id), `自 ${shanghaiDay(at(800))} 列入已满 2 年，期间未再出现列入情形，申请移出经核实。`, at(30));

  const promoted = await promoteToSerious(now);
  const expired = await removeAfterSixMonths(now);
  return `${promoted} promoted, ${expired} removed after six months, 1 removed after verification, 1 serious removed after its stay`;
}
