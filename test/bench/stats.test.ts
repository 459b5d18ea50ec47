// The benchmark's interval and verdict helpers (bench/lib/stats.ts): seeded,
// so the same runs give the same interval; a target is met or missed only
// when the whole interval is on one side of its limit.
import { describe, expect, it } from "vitest";
import { bootstrapMedian, decide, ratioInterval, summarize } from "../../bench/lib/stats.ts";

describe("bootstrapMedian", () => {
  it("is seeded: the same values give the same interval, another seed may not", () => {
    const xs = [1.01, 0.98, 1.05, 1.02, 0.99, 1.04, 1.0, 1.03, 0.97, 1.06, 1.01];
    expect(bootstrapMedian(xs)).toEqual(bootstrapMedian(xs));
    expect(bootstrapMedian(xs, 7)).toEqual(bootstrapMedian(xs, 7));
  });

  it("contains the median and stays within the values", () => {
    const xs = [5, 3, 8, 1, 9, 2, 7, 4, 6];
    const iv = bootstrapMedian(xs);
    expect(iv.median).toBe(summarize(xs).median);
    expect(iv.low).toBeLessThanOrEqual(iv.median);
    expect(iv.high).toBeGreaterThanOrEqual(iv.median);
    expect(iv.low).toBeGreaterThanOrEqual(1);
    expect(iv.high).toBeLessThanOrEqual(9);
    expect(iv.n).toBe(9);
  });

  it("is [min, max] for two values and a point for one", () => {
    expect(bootstrapMedian([2, 4])).toMatchObject({ low: 2, high: 4, median: 3 });
    expect(bootstrapMedian([3])).toMatchObject({ low: 3, high: 3, n: 1 });
  });

  it("narrows as the runs grow", () => {
    const wide = Array.from({ length: 11 }, (_, i) => 1 + ((i * 7) % 11) / 100);
    const many = Array.from({ length: 201 }, (_, i) => 1 + ((i * 7) % 11) / 100);
    const w = (iv: { low: number; high: number }): number => iv.high - iv.low;
    expect(w(bootstrapMedian(many))).toBeLessThan(w(bootstrapMedian(wide)));
  });

  it("takes paired ratios run by run", () => {
    const iv = ratioInterval([2, 4, 6], [1, 2, 3]);
    expect(iv).toMatchObject({ median: 2, low: 2, high: 2, n: 3 });
    expect(() => ratioInterval([1, 2], [1])).toThrow();
  });
});

describe("decide", () => {
  const iv = (low: number, median: number, high: number, n = 11) => ({ low, median, high, n });

  it("meets a target only when the whole interval is on the right side", () => {
    expect(decide(iv(0.99, 1.0, 1.02), { op: "<=", limit: 1.03 }).verdict).toBe("met");
    expect(decide(iv(0.99, 1.0, 1.03), { op: "<=", limit: 1.03 }).verdict).toBe("not decided");
    expect(decide(iv(0.98, 0.985, 0.99), { op: ">=", limit: 0.97 }).verdict).toBe("met");
  });

  it("misses it only when the whole interval is on the wrong side", () => {
    expect(decide(iv(1.04, 1.05, 1.07), { op: "<=", limit: 1.03 }).verdict).toBe("missed");
    expect(decide(iv(0.95, 0.96, 0.965), { op: ">=", limit: 0.97 }).verdict).toBe("missed");
    expect(decide(iv(1.005, 1.01, 1.02), { op: "<", limit: 1 }).verdict).toBe("missed");
    expect(decide(iv(1.0, 1.01, 1.02), { op: "<", limit: 1 }).verdict).toBe("not decided");
  });

  it("leaves a straddling interval not decided, with the pairs that would decide it", () => {
    // The facing half is 0.02 wide, the median 0.01 from the limit: about (0.02/0.01)² = 4× the pairs.
    const d = decide(iv(1.0, 1.02, 1.04, 101), { op: "<=", limit: 1.03 });
    expect(d.verdict).toBe("not decided");
    expect(d.pairsNeeded).toBe(404);
    expect(d.decide).toMatch(/leans to met/);
    expect(d.decide).toMatch(/404 pairs \(now 101\)/);
    const wrong = decide(iv(1.02, 1.05, 1.06, 11), { op: "<=", limit: 1.03 });
    expect(wrong.verdict).toBe("not decided");
    expect(wrong.decide).toMatch(/leans to missed/);
    expect(wrong.pairsNeeded).toBe(Math.ceil(11 * (0.03 / 0.02) ** 2));
  });

  it("says when more pairs cannot decide it", () => {
    expect(decide(iv(0.99, 1.03, 1.05), { op: "<=", limit: 1.03 }).decide).toMatch(/on the limit/);
    expect(decide({ low: 1, median: 1, high: 1, n: 1 }, { op: "<=", limit: 1.03 })).toMatchObject({ verdict: "not decided" });
  });
});
