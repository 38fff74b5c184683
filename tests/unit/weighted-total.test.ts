import { describe, expect, it } from "vitest";
import { typedPoints, weightedTotalSoFar } from "~/competition/weighted-total";

const criteria = [
  { id: "need", weight: 30, maxPoints: 10 },
  { id: "design", weight: 50, maxPoints: 20 },
  { id: "team", weight: 20, maxPoints: 5 },
];

describe("the scoring page's weighted total", () => {
  it("adds weight × points / maxPoints over the criteria scored so far", () => {
    expect(weightedTotalSoFar(criteria, { need: 8 })).toEqual({ total: 24, scored: 1 });
    expect(weightedTotalSoFar(criteria, { need: 8, design: 10, team: 5 })).toEqual({ total: 69, scored: 3 });
  });

  it("leaves out what is empty, not a number or out of range, rather than counting it", () => {
    expect(weightedTotalSoFar(criteria, { need: typedPoints(""), design: typedPoints("abc"), team: typedPoints("6") })).toEqual({ total: 0, scored: 0 });
    expect(typedPoints(" 7.5 ")).toBe(7.5);
  });
});
