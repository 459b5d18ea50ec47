// A hand-built plan (two modules) covering every construct, used until/alongside the golden fixtures.
import type { CallableRef, Program, WorkerDef } from "../../compiler/plan/ir.ts";
import { e, field, module, param, s, span, t } from "./ir.ts";

/** `root/flows/types.flow`, `root/flows/app/pitch.flow`; tools in `root/tools/`. */
export function sampleProgram(root: string): Program {
  const ROOT = `${root}/flows`;
  const TOOLS = `${root}/tools`;
  const TYPES = `${ROOT}/types.flow`;
  const MAIN = `${ROOT}/app/pitch.flow`;

  const Deck = t.record("Deck", TYPES);
  const Evaluation = t.record("Evaluation", MAIN);
  const Verdict = t.enum("Verdict", MAIN);
  const Review = t.record("Review", MAIN);
  const ref = (kind: CallableRef["kind"], name: string, mod = MAIN): CallableRef => ({ kind, name, module: mod });

  const evaluate_deck: WorkerDef = {
    kind: "worker",
    name: "evaluate_deck",
    doc: "Scores one pitch deck.",
    signature: { params: [param("deck", Deck)], returns: Evaluation },
    model: { kind: "declared", name: "analyst", module: MAIN, id: "gpt-4.1-mini" },
    instructions: {
      text: 'You are an early-stage investor. Score the deck "{{deck.name}}" from 1 to 10.\nUse market_size for any market claim.',
      paths: [["deck", "name"]],
    },
    context: e.member(e.param("deck", Deck), "text", t.string),
    uses: [ref("tool", "market_size")],
    maxTurns: 4,
    maxDepth: 2,
    temperature: 0.5,
    retries: 1,
    span,
  };

  return {
    modules: [
      module(TYPES, [
        {
          kind: "record",
          name: "Deck",
          doc: "A pitch deck.",
          fields: [field("name", t.string), field("text", t.string, { doc: "The full text." })],
          span,
        },
      ]),
      module(
        MAIN,
        [
          {
            kind: "record",
            name: "Evaluation",
            fields: [
              field("company", t.string),
              field("score", t.int, { doc: "1 (weak) to 10 (exceptional)" }),
              field("strengths", t.array(t.string)),
              field("verdict", Verdict),
              field("notes", t.string, { optional: true }),
              field("stage", t.literals("seed", "series_a", "later")),
              field("tags", t.array(t.literals("a", "b"))),
              field("extra", t.json, { optional: true }),
            ],
            span,
          },
          {
            kind: "enum",
            name: "Verdict",
            doc: "What to do.",
            members: [{ name: "invest" }, { name: "maybe", doc: "Needs another look." }, { name: "pass" }],
            span,
          },
          { kind: "record", name: "Review", fields: [field("ok", t.bool), field("notes", t.string)], span },
          evaluate_deck,
          {
            kind: "model",
            name: "analyst",
            id: "gpt-4.1-mini",
            settings: [
              { name: "temperature", value: 0.2 },
              { name: "top_p", value: 1 },
            ],
            span,
          },
          {
            kind: "tool",
            name: "market_size",
            doc: "Estimates a market's size in USD.",
            signature: { params: [param("sector", t.string)], returns: t.number },
            from: "../tools/market.ts",
            implementation: `${TOOLS}/market.ts`,
            needsApproval: false,
            span,
          },
          {
            kind: "tool",
            name: "save_report",
            signature: { params: [param("path", t.string), param("markdown", t.string)], returns: t.void },
            from: "../tools/files.ts",
            implementation: `${TOOLS}/files.ts`,
            needsApproval: true,
            span,
          },
          {
            kind: "worker",
            name: "critique",
            signature: { params: [param("text", t.string)], returns: Review },
            model: { kind: "inline", id: "gpt-4o" },
            instructions: { text: "Critique this.", paths: [] },
            uses: [],
            span,
          },
          {
            kind: "worker",
            name: "merge",
            signature: { params: [param("notes", t.array(t.string))], returns: t.string },
            instructions: { text: "Merge.", paths: [] },
            context: e.param("notes", t.array(t.string)),
            uses: [],
            span,
          },
          {
            kind: "flow",
            name: "evaluate_decks",
            doc: "Evaluates every deck.",
            signature: { params: [param("decks", t.array(Deck)), param("topic", t.string)], returns: t.string },
            body: [
              s.let(
                "evaluations",
                e.map(
                  "deck",
                  e.param("decks", t.array(Deck)),
                  e.call(ref("worker", "evaluate_deck"), { deck: e.binder("deck", Deck) }, Evaluation),
                  4,
                ),
              ),
              s.let(
                "good",
                e.filter(
                  "x",
                  e.let("evaluations", t.array(Evaluation)),
                  e.bin(
                    "and",
                    e.bin(">=", e.member(e.binder("x", Evaluation), "score", t.int), e.num(7)),
                    e.bin(
                      "==",
                      e.member(e.binder("x", Evaluation), "verdict", Verdict),
                      e.enumMember("Verdict", MAIN, "invest"),
                    ),
                  ),
                ),
              ),
              s.let(
                "names",
                e.map(
                  "x",
                  e.let("good", t.array(Evaluation)),
                  e.member(e.binder("x", Evaluation), "company", t.string),
                ),
              ),
              s.let(
                "chunks",
                e.builtin("split", [e.param("topic", t.string)], t.array(t.string), {
                  max_chars: e.num(8000),
                  overlap: e.num(200),
                }),
              ),
              s.let("memo", e.reduce(e.let("chunks", t.array(t.string)), ref("worker", "merge"), "notes", 8)),
              s.let("current", e.str("draft"), true),
              s.repeat(5, [
                s.let("review", e.call(ref("worker", "critique"), { text: e.let("current", t.string) }, Review)),
                s.if(
                  e.member(e.let("review", Review), "ok", t.bool),
                  [s.break()],
                  [s.if(e.bin("==", e.let("review", Review), e.let("review", Review)), [s.ret(e.str("same"))])],
                ),
                s.assign(
                  "current",
                  e.bin(
                    "+",
                    e.let("current", t.string),
                    e.member(e.let("review", Review), "notes", t.string),
                    t.string,
                  ),
                ),
              ]),
              s.expr(
                e.call(
                  ref("tool", "save_report"),
                  { path: e.str("out/memo.md"), markdown: e.let("memo", t.string) },
                  t.void,
                ),
              ),
              s.let("acc", e.array([], t.array(t.never)), true, t.array(Verdict)),
              s.assign(
                "acc",
                e.builtin(
                  "concat",
                  [e.let("acc", t.array(Verdict)), e.array([e.enumMember("Verdict", MAIN, "pass")], t.array(Verdict))],
                  t.array(Verdict),
                ),
              ),
              s.let(
                "n",
                e.bin(
                  "/",
                  e.bin("+", e.builtin("len", [e.let("names", t.array(t.string))], t.int), e.num(1), t.int),
                  e.num(2),
                  t.int,
                ),
              ),
              s.if(e.not(e.bin("<", e.let("n", t.int), e.neg(e.num(1)))), [
                s.ret(e.builtin("join", [e.let("names", t.array(t.string)), e.str(", ")], t.string)),
              ]),
              s.ret(e.let("memo", t.string)),
            ],
            span,
          },
        ],
        [{ names: ["Deck"], module: TYPES, specifier: "../types.flow", span }],
      ),
    ],
  };
}
