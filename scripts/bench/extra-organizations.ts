/**
 * Benchmark data: `count` more registered organizations beside the demo register, built from the
 * demo's organization plans (distinct names and credit codes, every district), written through
 * the Organization model in one bulk insert (its hooks keep the register's copy honest, ADR 007).
 */
import { Organization } from "../../models/organization";
import { DISTRICTS } from "../../app/domain/organization";
import { pinyinInitials, pinyinSortKey } from "../../app/domain/pinyin";
import { buildUscc, USCC_CATEGORY_BY_TYPE } from "../../app/domain/uscc";
import { demoOrganizations } from "../seed/demo-data";
import { seededRandom } from "../seed/random";

export async function addOrganizations(count: number): Promise<void> {
  const random = seededRandom(60_000);
  let plans = demoOrganizations(random);
  const docs = [];
  for (let i = 0; i < count; i++) {
    if (i % plans.length === 0 && i > 0) plans = demoOrganizations(random);
    const { party: _party, ...o } = plans[i % plans.length]!;
    const district = DISTRICTS[i % DISTRICTS.length]!;
    const name = o.name.replace(/^银川市/, `银川市${i}号`);
    docs.push({
      ...o,
      uscc: buildUscc(USCC_CATEGORY_BY_TYPE[o.type], district.code, String(40_000_000 + i)),
      name,
      district: district.code,
      nameSortKey: pinyinSortKey(name),
      nameInitials: pinyinInitials(name),
      establishedAt: new Date(Date.UTC(2015, i % 12, 1)),
      status: "registered",
    });
  }
  await Organization.insertMany(docs, { ordered: false });
}
