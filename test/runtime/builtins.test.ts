import { describe, expect, it } from "vitest";
import { concat, count, deepEqual, EmptyListError, flatten, hashJson, join, len, max, min, sort, split, stableStringify, sum } from "../../runtime/index.ts";
import { renderTemplate } from "../../runtime/template.ts";

describe("split", () => {
  it("cuts into chunks of at most max_chars with the given overlap", () => {
    const text = "abcdefghij";
    expect(split(text, { maxChars: 4 })).toEqual(["abcd", "efgh", "ij"]);
    expect(split(text, { maxChars: 4, overlap: 1 })).toEqual(["abcd", "defg", "ghij"]);
    expect(split("", { maxChars: 4 })).toEqual([]);
    expect(split("abc", { maxChars: 10, overlap: 2 })).toEqual(["abc"]);
  });

  it("prefers a word boundary near the end of the window", () => {
    const chunks = split("the quick brown fox jumps", { maxChars: 11 });
    expect(chunks).toEqual(["the quick ", "brown fox ", "jumps"]);
    expect(chunks.join("")).toBe("the quick brown fox jumps");
  });

  it("covers the whole text with every chunk within the limit", () => {
    const text = Array.from({ length: 500 }, (_, i) => `word${i}${i % 7 === 0 ? "\n\n" : " "}`).join("");
    const chunks = split(text, { maxChars: 200, overlap: 20 });
    expect(chunks.every((c) => c.length <= 200)).toBe(true);
    expect(chunks[0]!.length).toBeGreaterThan(150);
    let rebuilt = chunks[0]!;
    for (const chunk of chunks.slice(1)) {
      const overlap = rebuilt.slice(-20);
      expect(chunk.startsWith(overlap)).toBe(true);
      rebuilt += chunk.slice(20);
    }
    expect(rebuilt).toBe(text);
  });

  it("rejects bad options", () => {
    expect(() => split("x", { maxChars: 0 })).toThrow("split: max_chars must be a positive integer, got 0");
    expect(() => split("x", { maxChars: 4, overlap: 4 })).toThrow("split: overlap must be an integer from 0 to max_chars - 1, got 4");
  });
});

describe("list built-ins", () => {
  it("flatten, len, join, concat", () => {
    expect(flatten([[1, 2], [], [3]])).toEqual([1, 2, 3]);
    expect(len([1, 2, 3])).toBe(3);
    expect(len("abc")).toBe(3);
    expect(join(["a", "b"], ", ")).toBe("a, b");
    expect(join(["a", "b"])).toBe("ab");
    expect(concat([1], [2, 3])).toEqual([1, 2, 3]);
  });
});

describe("aggregation built-ins: sum, min, max, sort, count", () => {
  const rows = [
    { name: "b", score: 7, stats: { n: 2 }, verdict: "maybe" },
    { name: "a", score: 9, stats: { n: 1 }, verdict: "invest" },
    { name: "c", score: 7, stats: { n: 3 }, verdict: "maybe" },
    { name: "d", score: 9, stats: { n: 3 }, verdict: "pass" },
  ];

  it("sum: of the numbers or of a key; 0 for an empty list", () => {
    expect(sum([1, 2, 3.5])).toBe(6.5);
    expect(sum(rows, { by: (r) => r.score })).toBe(32);
    expect(sum([])).toBe(0);
  });

  it("min and max: the first element with the extreme key", () => {
    expect(max(rows, { by: (r) => r.score }).name).toBe("a");
    expect(min(rows, { by: (r) => r.score }).name).toBe("b");
    expect(max(rows, { by: (r) => r.stats.n }).name).toBe("c");
    expect(min(["pear", "Apple", "apple"])).toBe("Apple"); // code units, not the locale
    expect(max([3, -1, 10])).toBe(10);
  });

  it("min and max of an empty list: `empty`, or an error that says how to give one", () => {
    expect(max([], { empty: 0 })).toBe(0);
    expect(min<{ score: number }>([], { by: (r) => r.score, empty: { score: -1 } })).toEqual({ score: -1 });
    expect(() => max([])).toThrow(EmptyListError);
    expect(() => min([])).toThrow("min of an empty list: give the value for an empty list with `empty:`");
  });

  it("sort: a stable copy, ascending or descending; equal keys keep their order both ways", () => {
    const input = [...rows];
    expect(sort(rows, { by: (r) => r.score }).map((r) => r.name)).toEqual(["b", "c", "a", "d"]);
    expect(sort(rows, { by: (r) => r.score, descending: true }).map((r) => r.name)).toEqual(["a", "d", "b", "c"]);
    expect(sort([3, 1, 2])).toEqual([1, 2, 3]);
    expect(sort([10, 9, 100])).toEqual([9, 10, 100]); // numbers as numbers, not as text
    expect(rows).toEqual(input);
  });

  it("count: each key once, in the order keys first appear", () => {
    expect(count(rows, { by: (r) => r.verdict })).toEqual([
      { key: "maybe", count: 2 },
      { key: "invest", count: 1 },
      { key: "pass", count: 1 },
    ]);
    expect(count([true, false, true])).toEqual([
      { key: true, count: 2 },
      { key: false, count: 1 },
    ]);
    expect(count([])).toEqual([]);
  });
});

describe("deepEqual and stable JSON", () => {
  it("compares records and arrays structurally", () => {
    expect(deepEqual({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] })).toBe(true);
    expect(deepEqual({ a: 1, b: undefined }, { a: 1 })).toBe(true);
    expect(deepEqual([1, 2], [2, 1])).toBe(false);
    expect(deepEqual({ a: 1 }, { a: "1" })).toBe(false);
    expect(deepEqual([], {})).toBe(false);
    expect(deepEqual(null, {})).toBe(false);
  });

  it("serializes with sorted keys, so hashes ignore key order", () => {
    expect(stableStringify({ b: 1, a: { d: [1, { z: 0, y: 1 }], c: undefined } })).toBe('{"a":{"d":[1,{"y":1,"z":0}]},"b":1}');
    expect(hashJson({ a: 1, b: 2 })).toBe(hashJson({ b: 2, a: 1 }));
    expect(hashJson({ a: 1 })).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe("instruction templates", () => {
  it("renders paths: strings as they are, other values as JSON, missing as empty", () => {
    const input = { deck: { name: "Acme", tags: ["a"], n: 3 }, list: [{ x: 1 }] };
    expect(renderTemplate('Deck "{{deck.name}}" {{ deck.tags }} {{deck.n}} {{list[0].x}} [{{deck.missing}}]', input)).toBe('Deck "Acme" ["a"] 3 1 []');
  });
});
