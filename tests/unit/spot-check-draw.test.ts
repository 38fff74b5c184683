import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { drawSpotCheck } from "~/domain/spot-check";

const ids = Array.from({ length: 134 }, (_, i) => i.toString(16).padStart(24, "0"));
const inspectors = ["马俊", "李娜", "王芳", "赵强"];

describe("spot-check draw", () => {
  it("is reproducible from its seed, whatever order the inputs were read in", () => {
    const a = drawSpotCheck(20260101, ids, inspectors, 10);
    const b = drawSpotCheck(20260101, [...ids].reverse(), [...inspectors].reverse(), 10);
    expect(b).toEqual(a);
    expect(drawSpotCheck(20260102, ids, inspectors, 10)).not.toEqual(a);
  });

  it("draws distinct organizations from the population, each with one of the inspectors", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: 0, max: 200 }), (seed, size) => {
        const draw = drawSpotCheck(seed, ids, inspectors, size);
        expect(draw).toHaveLength(Math.min(size, ids.length));
        expect(new Set(draw.map((d) => d.organizationId)).size).toBe(draw.length);
        for (const d of draw) {
          expect(ids).toContain(d.organizationId);
          expect(inspectors).toContain(d.inspector);
        }
      }),
    );
  });
});
