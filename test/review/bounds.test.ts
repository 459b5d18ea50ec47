import { describe, expect, test } from "vitest";
import { CallBounds, DEFAULT_MAX_TURNS, estimate, parseSizes } from "../../compiler/review/bounds/index.ts";
import { DEFAULT_MAX_TURNS as RUNTIME_MAX_TURNS, DEFAULT_REPAIR_TURNS } from "../../runtime/defaults.ts";
import { E, flow, param, program, ref, S, T, tool, worker } from "./ir.ts";

const deck = T.record("Deck");
const evaluate = worker("evaluate_deck", [param("deck", deck)], { maxTurns: 4, uses: [ref("tool", "market_size")], model: { kind: "inline", id: "gpt-4.1-mini" } });
const marketSize = tool("market_size", [param("sector", T.string)]);
const rank = tool("rank", [param("evaluations", T.array(T.string))]);
const memo = worker("write_memo", [param("ranked", T.array(T.string))], { maxTurns: 1, model: { kind: "inline", id: "gpt-4.1-mini" } });
const evaluateDecks = flow("evaluate_decks", [param("decks", T.array(deck))], [
  S.let("evaluations", E.map("deck", E.param("decks"), E.call(ref("worker", "evaluate_deck"), { deck: E.binder("deck", deck) }), 4)),
  S.let("ranked", E.call(ref("tool", "rank"), { evaluations: E.let("evaluations") })),
  S.ret(E.call(ref("worker", "write_memo"), { ranked: E.let("ranked") })),
]);

function boundOf(name: string, ...decls: Parameters<typeof program>) {
  const bounds = new CallBounds(program(...decls));
  const found = bounds.index.callables.find((c) => c.def.name === name)!;
  return bounds.of(ref(found.def.kind, name));
}

describe("call bounds", () => {
  test("the pitch deck flow: map × max_turns, plus one memo", () => {
    const all = [evaluate, marketSize, rank, memo, evaluateDecks];
    expect(boundOf("evaluate_deck", ...all).text).toBe("4");
    expect(boundOf("market_size", ...all).text).toBe("0");
    expect(boundOf("evaluate_decks", ...all).text).toBe("4·len(decks) + 1");
  });

  test("a delegate worker costs its bound per turn", () => {
    const inner = worker("inner", [param("x", T.string)], { maxTurns: 2 });
    const outer = worker("outer", [param("x", T.string)], { maxTurns: 3, uses: [ref("worker", "inner")] });
    expect(boundOf("outer", inner, outer).text).toBe("9"); // 3 × (1 + 2)
  });

  test("split: ⌈len(text)/(max_chars − overlap)⌉ chunks", () => {
    const find = worker("find", [param("chunk", T.string)], { maxTurns: 1 });
    const mentions = flow("mentions", [param("document", T.string)], [
      S.let("chunks", E.split(E.param("document", T.string), 8000, 200)),
      S.ret(E.map("c", E.let("chunks"), E.call(ref("worker", "find"), { chunk: E.binder("c") }), 16)),
    ]);
    expect(boundOf("mentions", find, mentions).text).toBe("⌈len(document)/7800⌉");
  });

  test("tree reduce: ⌈(n−1)/(b−1)⌉ calls of the combining function", () => {
    const summarize = worker("summarize", [param("text", T.string)], { maxTurns: 1 });
    const merge = worker("merge_notes", [param("notes", T.array(T.string))], { maxTurns: 1 });
    const digest = flow("digest", [param("document", T.string)], [
      S.let("notes", E.map("c", E.split(E.param("document", T.string), 8000), E.call(ref("worker", "summarize"), { text: E.binder("c") }))),
      S.ret(E.reduce(E.let("notes"), ref("worker", "merge_notes"), "notes", 8)),
    ]);
    expect(boundOf("digest", summarize, merge, digest).text).toBe("⌈len(document)/8000⌉ + ⌈(⌈len(document)/8000⌉ − 1)/7⌉");
  });

  test("repeat multiplies its body; if takes the larger branch", () => {
    const critique = worker("critique", [param("text", T.string)], { maxTurns: 1 });
    const revise = worker("revise", [param("text", T.string)], { maxTurns: 2 });
    const refine = flow("refine", [param("draft", T.string)], [
      S.let("current", E.param("draft", T.string)),
      S.repeat(5, [
        S.let("review", E.call(ref("worker", "critique"), { text: E.let("current", T.string) })),
        S.if(E.bool(true), [S.ret(E.let("current", T.string))]),
        S.assign("current", E.call(ref("worker", "revise"), { text: E.let("current", T.string) })),
      ]),
      S.ret(E.let("current", T.string)),
    ]);
    expect(boundOf("refine", critique, revise, refine).text).toBe("15");
  });

  describe("the worst case is the costliest path", () => {
    const two = worker("two", [param("x", T.string)], { maxTurns: 2 });
    const call = () => E.call(ref("worker", "two"), { x: E.param("x", T.string) });
    const bound = (...body: Parameters<typeof flow>[2]) => boundOf("f", two, flow("f", [param("x", T.string), param("c", T.bool)], body)).text;

    test("code after an early return is not counted on the path that returned (issue #15: 6, not 8)", () => {
      expect(bound(S.let("a", call()), S.if(E.param("c", T.bool), [S.ret(call())]), S.let("b", call()), S.ret(call()))).toBe("6");
    });

    test("a branch that returns on both sides ends the paths; the other branch continues", () => {
      const nested = S.if(E.param("c", T.bool), [S.if(E.param("c", T.bool), [S.ret(call())], [S.expr(call()), S.ret(call())])], [S.expr(call())]);
      // then-then: 2; then-else: 4; else: 2 + the 3 calls after = 8
      expect(bound(nested, S.expr(call()), S.expr(call()), S.ret(call()))).toBe("8");
      expect(bound(S.if(E.param("c", T.bool), [S.ret(call())], [S.ret(call())]))).toBe("2");
    });

    test("repeat: rounds that go on, then one that returns, breaks or runs out", () => {
      // Each round: 2, then either return after 2 more, or break, or go on after 2 more (4).
      const body = [S.expr(call()), S.if(E.param("c", T.bool), [S.ret(call())]), S.if(E.param("c", T.bool), [S.brk()]), S.expr(call())];
      // 3 rounds of 4 = 12 and 2 rounds of 4 then a returning round of 4 = 12; after the loop 2 more: 14.
      expect(bound(S.repeat(3, body), S.ret(call()))).toBe("14");
      // A body that always returns runs once.
      expect(bound(S.repeat(5, [S.expr(call()), S.ret(call())]))).toBe("4");
      // A body that always breaks runs once, then the flow goes on.
      expect(bound(S.repeat(5, [S.expr(call()), S.brk()]), S.ret(call()))).toBe("4");
    });

    test("the low end is unchanged: nothing after a statement that may leave", () => {
      const f = flow("f", [param("x", T.string), param("c", T.bool)], [S.let("a", call()), S.if(E.param("c", T.bool), [S.ret(call())]), S.ret(call())]);
      expect(new CallBounds(program(two, f)).of(ref("flow", "f")).least.total.terms[0]?.coef).toBe(1);
    });
  });

  test("nested map over a field of each element", () => {
    const w = worker("read_page", [param("page", T.string)], { maxTurns: 1 });
    const f = flow("read_all", [param("decks", T.array(deck))], [
      S.ret(E.map("d", E.param("decks"), E.map("p", E.member(E.binder("d", deck), "pages"), E.call(ref("worker", "read_page"), { page: E.binder("p") })))),
    ]);
    expect(boundOf("read_all", w, f).text).toBe("len(decks)·len(decks[].pages)");
  });

  test("sizes flow through a call into another flow", () => {
    const w = worker("w", [param("x", T.string)], { maxTurns: 2 });
    const inner = flow("inner", [param("items", T.array(T.string))], [S.ret(E.map("i", E.param("items"), E.call(ref("worker", "w"), { x: E.binder("i") })))]);
    const outer = flow("outer", [param("groups", T.array(T.array(T.string)))], [
      S.ret(E.map("g", E.param("groups"), E.call(ref("flow", "inner"), { items: E.binder("g", T.array(T.string)) }))),
    ]);
    expect(boundOf("outer", w, inner, outer).text).toBe("2·len(groups)·len(groups[])");
  });

  test("a map over a worker's result depends on a run-time size", () => {
    const topics = worker("find_topics", [param("doc", T.string)], { maxTurns: 1 });
    const w = worker("w", [param("x", T.string)], { maxTurns: 1 });
    const f = flow("f", [param("doc", T.string)], [
      S.let("topics", E.call(ref("worker", "find_topics"), { doc: E.param("doc", T.string) })),
      S.ret(E.map("t", E.let("topics"), E.call(ref("worker", "w"), { x: E.binder("t") }))),
    ]);
    const bound = boundOf("f", topics, w, f);
    expect(bound.text).toBe("len(topics) + 1");
    expect(bound.runtimeSizes).toEqual(["len(topics): the result of find_topics"]);
  });

  test("recursion up to max_depth; without it, unbounded", () => {
    const self = (maxDepth?: number) => worker("solve", [param("x", T.string)], { maxTurns: 2, maxDepth, uses: [ref("worker", "solve")] });
    // max_depth D allows D levels of calls below the worker (runtime/frame.ts): c(0) = 2, c(k) = 2·(1 + c(k−1)).
    expect(boundOf("solve", self(1)).text).toBe("6");
    expect(boundOf("solve", self(3)).text).toBe("30");
    const loop = flow("loop", [param("x", T.string)], [S.ret(E.call(ref("flow", "loop"), { x: E.param("x", T.string) }))]);
    expect(boundOf("loop", loop).text).toBe("unbounded: recursion loop → loop has no max_depth");
  });

  test("a worker without delegates makes at most an answer and the runtime's repair requests", () => {
    expect(boundOf("w", worker("w", [], { maxTurns: 5 })).text).toBe(`${1 + DEFAULT_REPAIR_TURNS}`);
    expect(boundOf("w", worker("w", [], {})).text).toBe("3");
    expect(boundOf("w", worker("w", [], { maxTurns: 2 })).text).toBe("2");
    expect(boundOf("w", worker("w", [], { uses: [ref("tool", "t")] }), tool("t", [])).text).toBe(`${DEFAULT_MAX_TURNS}`);
    expect(DEFAULT_MAX_TURNS).toBe(RUNTIME_MAX_TURNS);
  });

  test("estimates a cost range from sizes and the price table", () => {
    const bound = boundOf("evaluate_decks", evaluate, marketSize, rank, memo, evaluateDecks);
    const e = estimate(bound, parseSizes(["decks=50"]));
    expect(e.requests).toEqual({ low: 51, high: 201 });
    expect(e.usd!.high).toBeCloseTo((201 * (2000 * 0.4 + 500 * 1.6)) / 1e6);
    expect(estimate(bound, new Map()).missing).toEqual(["decks"]);
  });
});
