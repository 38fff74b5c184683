/**
 * 双随机抽查: a random sample of organizations and a random inspector for each, drawn from a
 * recorded seed. Pure and deterministic: the same seed, population and inspectors always give
 * the same draw, so anyone can reproduce and audit it (inputs are sorted first, so the order
 * they were read in does not matter).
 */

/** mulberry32: small, well-known, and the same in every JavaScript engine. */
function generator(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface SpotCheckDraw {
  organizationId: string;
  inspector: string;
}

export function drawSpotCheck(seed: number, organizationIds: readonly string[], inspectors: readonly string[], sampleSize: number): SpotCheckDraw[] {
  if (inspectors.length === 0) throw new Error("at least one inspector is needed");
  const random = generator(seed);
  const population = [...new Set(organizationIds)].sort();
  const pool = [...new Set(inspectors.map((i) => i.trim()).filter(Boolean))].sort();
  // Partial Fisher–Yates: the first `size` places are a uniform sample without replacement.
  const size = Math.min(sampleSize, population.length);
  for (let i = 0; i < size; i++) {
    const j = i + Math.floor(random() * (population.length - i));
    [population[i], population[j]] = [population[j]!, population[i]!];
  }
  return population.slice(0, size).map((organizationId) => ({ organizationId, inspector: pool[Math.floor(random() * pool.length)]! }));
}
