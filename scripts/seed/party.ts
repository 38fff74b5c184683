/**
 * Demo guidance visits: every organization with an instructor gets 1–4 visits by that
 * instructor, spread over the two years before a fixed date, so the instructor workspace,
 * the party tab and the instructor pages all have something to show. Deterministic.
 */
import mongoose from "mongoose";
import { GuidanceVisit } from "../../models/guidance-visit";
import { Organization } from "../../models/organization";
import { parseCalendarDate } from "../../app/domain/calendar-date";
import type { VisitMode } from "../../app/domain/party-building";
import { seededRandom } from "./random";

const PARTY_SEED = 20222;
/** Visits fall in the 730 days before this day, so the demo does not change with the clock. */
const LAST_VISIT_DAY = parseCalendarDate("2025-12-15")!;
const DAY_MS = 24 * 60 * 60 * 1000;

const TOPICS = [
  "学习贯彻党的二十大精神，指导制定年度党建工作计划",
  "指导规范“三会一课”制度，检查会议记录",
  "宣讲社会组织党建政策，推动党建入章",
  "指导发展党员和入党积极分子培养",
  "指导开展主题党日活动与志愿服务结合",
  "督促党建工作与业务工作同谋划同部署",
  "指导联合党组织建立轮值议事机制",
  "调研党员队伍现状，摸排流动党员",
];
const PROBLEMS = [
  "",
  "党建工作台账不完整",
  "党员组织关系尚未转入",
  "章程未写入党建工作内容",
  "活动阵地不固定",
  "党员教育学习记录不规范",
];
const FOLLOW_UPS = [
  "",
  "一个月内补齐台账，下次指导时检查",
  "协助办理组织关系转接",
  "指导在下次理事会上修订章程",
  "协调社区党群服务中心提供活动场所",
];

export async function seedPartyBuilding(log: (message: string) => void): Promise<void> {
  const random = seededRandom(PARTY_SEED);
  const assigned = await Organization.find({ "party.instructorId": mongoose.trusted({ $ne: null }) }, { _id: 1, uscc: 1, party: 1 })
    .sort({ uscc: 1 })
    .lean();
  const visits = [];
  for (const organization of assigned) {
    const count = random.int(1, 4);
    for (let n = 0; n < count; n++) {
      const daysBefore = random.int(0, 730);
      const date = new Date(LAST_VISIT_DAY.getTime() - daysBefore * DAY_MS);
      visits.push({
        organizationId: organization._id,
        instructorId: organization.party!.instructorId!,
        date,
        mode: (random.next() < 0.7 ? "onSite" : "remote") satisfies VisitMode,
        topics: random.pick(TOPICS),
        problemsFound: random.pick(PROBLEMS),
        followUp: random.pick(FOLLOW_UPS),
        idempotencyKey: `demo-${organization.uscc}-${n}`,
        createdAt: new Date(date.getTime() + 10 * 60 * 60 * 1000),
      });
    }
  }
  await GuidanceVisit.insertMany(visits);
  log(`Demo party building: ${visits.length} guidance visits to ${assigned.length} organizations.`);
}
