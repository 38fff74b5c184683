/**
 * Deterministic demo register drawn from the source document: 134 directly managed
 * organizations over Yinchuan's six districts and counties, of all three types, and 37
 * party-building instructors sent to them point to point.
 */
import { DISTRICTS, type OrganizationType, type PartyForm } from "../../app/domain/organization";
import { buildUscc, USCC_CATEGORY_BY_TYPE } from "../../app/domain/uscc";
import type { Random } from "./random";

export const DEMO_ORGANIZATION_COUNT = 134;
export const DEMO_INSTRUCTOR_COUNT = 37;

const SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤";
const GIVEN = "建国华明丽娟芳军伟静敏强磊洋艳勇杰娜涛超秀英霞平刚桂兰玉梅海燕文辉春晓红宁夏瑞欣悦宇航博雅思源志远家乐子涵梓萱浩然晨曦";

export function personName(random: Random): string {
  const given = random.int(1, 2) === 1 ? random.pick([...GIVEN]) : random.pick([...GIVEN]) + random.pick([...GIVEN]);
  return random.pick([...SURNAMES]) + given;
}

const FIELDS = [
  "助老", "养老服务", "青少年发展", "儿童关爱", "残疾人康复", "社区志愿服务", "家庭教育", "心理健康", "文化艺术",
  "体育健身", "环境保护", "法律援助", "社会工作", "妇女发展", "邻里互助", "慈善救助", "科普教育", "民族团结", "阳光助残",
  "银龄互助", "乡村振兴", "红十字志愿", "书香阅读", "健康促进",
];
const GROUP_SUFFIXES = ["协会", "促进会", "联合会", "研究会", "志愿者协会"];
const AGENCY_SUFFIXES = ["服务中心", "社会工作服务中心", "发展中心", "服务社", "综合服务中心"];
const FOUNDATION_FIELDS = ["慈善", "教育发展", "扶老助残", "青少年", "社会福利", "公益"];
const SPONSORS = ["银川市民政局", "银川市教育局", "银川市卫生健康委员会", "银川市文化旅游广电局", "银川市残疾人联合会", "银川市妇女联合会", "共青团银川市委员会", "银川市体育局"];
const STREETS = ["解放东街", "北京中路", "黄河东路", "贺兰山西路", "正源北街", "宁安大街", "文化西街", "新华东街", "上海西路", "亲水大街", "民族北街", "湖滨西街"];
const AGENCIES = [
  "银川市委社会工作部", "银川市民政局机关党委", "兴庆区委社会工作部", "西夏区委社会工作部", "金凤区委社会工作部",
  "永宁县委社会工作部", "贺兰县委社会工作部", "灵武市委社会工作部", "银川市社会组织党委",
];

/** Type mix for the 134: roughly as a city register looks (民非 most, foundations few). */
const TYPE_PLAN: OrganizationType[] = [
  ...Array<OrganizationType>(56).fill("socialGroup"),
  ...Array<OrganizationType>(68).fill("socialServiceAgency"),
  ...Array<OrganizationType>(10).fill("foundation"),
];

export interface DemoOrganization {
  uscc: string;
  name: string;
  type: OrganizationType;
  registrationAuthority: string;
  district: string;
  sponsoringUnit: string;
  legalRepresentative: string;
  domicile: string;
  establishedAt: Date;
  registeredCapitalFen: number;
  businessScope: string;
  contact: { name: string; phone: string; email: string };
  directlyManaged: true;
  status: "registered";
  party: { form: PartyForm; memberCount: number; establishedAt?: Date; attachedTo?: string; instructorIndex?: number };
}

export interface DemoInstructor {
  name: string;
  agency: string;
  phone: string;
}

function phone(random: Random): string {
  return `1${random.pick(["39", "51", "58", "80", "87", "95"])}${String(random.int(0, 99_999_999)).padStart(8, "0")}`;
}

export function demoInstructors(random: Random): DemoInstructor[] {
  const seen = new Set<string>();
  const result: DemoInstructor[] = [];
  while (result.length < DEMO_INSTRUCTOR_COUNT) {
    const name = personName(random);
    if (seen.has(name)) continue;
    seen.add(name);
    result.push({ name, agency: random.pick(AGENCIES), phone: phone(random) });
  }
  return result;
}

function organizationName(type: OrganizationType, districtZh: string, random: Random): string {
  if (type === "foundation") return `银川市${random.pick(FIELDS).slice(0, 2)}${random.pick(FOUNDATION_FIELDS)}基金会`;
  const suffix = type === "socialGroup" ? random.pick(GROUP_SUFFIXES) : random.pick(AGENCY_SUFFIXES);
  return `银川市${districtZh}${random.pick(FIELDS)}${suffix}`;
}

export function demoOrganizations(random: Random): DemoOrganization[] {
  const names = new Set<string>();
  const codes = new Set<string>();
  const result: DemoOrganization[] = [];
  for (let i = 0; i < DEMO_ORGANIZATION_COUNT; i++) {
    const type = TYPE_PLAN[i % TYPE_PLAN.length]!;
    const district = DISTRICTS[i % DISTRICTS.length]!;
    let name = organizationName(type, district.zh, random);
    while (names.has(name)) name = organizationName(type, district.zh, random);
    names.add(name);
    let uscc = buildUscc(USCC_CATEGORY_BY_TYPE[type], district.code, String(random.int(10_000_000, 99_999_999)));
    while (codes.has(uscc)) uscc = buildUscc(USCC_CATEGORY_BY_TYPE[type], district.code, String(random.int(10_000_000, 99_999_999)));
    codes.add(uscc);

    // Party building: 3+ members → standalone; fewer → joint or attached; none → an instructor is sent.
    const members = random.next() < 0.35 ? random.int(3, 12) : random.next() < 0.5 ? random.int(1, 2) : 0;
    const form: PartyForm = members >= 3 ? "standalone" : members > 0 ? (random.next() < 0.5 ? "attached" : "none") : "none";
    const year = random.int(2005, 2024);
    const capitalYuan = type === "foundation" ? random.int(200, 800) * 10_000 : type === "socialGroup" ? random.int(3, 20) * 10_000 : random.int(1, 50) * 10_000;
    result.push({
      uscc,
      name,
      type,
      registrationAuthority: "银川市民政局",
      district: district.code,
      sponsoringUnit: type === "socialServiceAgency" && random.next() < 0.3 ? "" : random.pick(SPONSORS),
      legalRepresentative: personName(random),
      domicile: `宁夏回族自治区银川市${district.zh}${random.pick(STREETS)}${random.int(1, 399)}号`,
      establishedAt: new Date(Date.UTC(year, random.int(0, 11), random.int(1, 28), 1, 0, 0)),
      registeredCapitalFen: capitalYuan * 100,
      businessScope: `开展${name.replace(/^银川市(.{2,3}[区县市])?/, "").replace(/(协会|促进会|联合会|研究会|服务中心|社会工作服务中心|发展中心|服务社|综合服务中心|基金会)$/, "")}相关公益服务、培训交流、咨询服务。`,
      contact: { name: personName(random), phone: phone(random), email: `contact${i + 1}@example.org.cn` },
      directlyManaged: true,
      status: "registered",
      party: {
        form,
        memberCount: members,
        establishedAt: form === "none" ? undefined : new Date(Date.UTC(Math.min(2025, year + random.int(0, 5)), random.int(0, 11), 1)),
        attachedTo: form === "attached" ? random.pick(["银川市社会组织综合党委", "所在社区党委", "业务主管单位机关党委"]) : undefined,
      },
    });
  }
  // The 37 instructors go point to point first to organizations without a party organization.
  const withoutParty = result.map((o, i) => ({ o, i })).filter(({ o }) => o.party.form === "none");
  withoutParty.forEach(({ o }, n) => {
    if (n < DEMO_INSTRUCTOR_COUNT * 2) o.party.instructorIndex = n % DEMO_INSTRUCTOR_COUNT;
  });
  return result;
}
