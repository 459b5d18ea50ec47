import { describe, expect, it } from "vitest";
import { concat, deepEqual, flatten, hashJson, join, len, split, stableStringify } from "../../runtime/index.ts";
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
