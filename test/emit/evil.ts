// Adversarial texts and a plan that puts them everywhere a `.flow` text can go.
import type { Program } from "../../compiler/plan/ir.ts";
import { e, field, module, param, s, span, t } from "./ir.ts";

export const EVIL = [
  `quotes " ' and \`backticks\` and \${globalThis.pwned = "template"}`,
  "*/ globalThis.pwned = 'comment'; /*",
  "/** nested */ */ */",
  "separators\u2028line\u2029paragraph\r\nCRLF\rCR\nLF\u0085NEL",
  "back\\slash \\u0041 \\n \\x41 trailing\\",
  "non-ASCII: héllo ñ 日本語 — 🦄 👨‍👩‍👧 \u{1F600}",
  "invisible: \u202Ebidi\u202C \u2066iso\u2069 \uFEFFbom \u200Bzw \u0000nul \u0007bell \u007Fdel \u00ADshy",
  `"); globalThis.pwned = "string"; ("`,
  "// line comment\nglobalThis.pwned = 'newline';",
  "</script><!-- --> {{deck.name}} {{ }}",
  "lone surrogate \uD800 end",
];
export const ALL = EVIL.join(" | ");

export function evilProgram(root: string): Program {
  const file = `${root}/flows/we"ird \${x} 🦄/evil.flow`;
  const Rec = t.record("Rec", file);
  return {
    modules: [
      module(file, [
        {
          kind: "record",
          name: "Rec",
          doc: ALL,
          fields: [
            ...EVIL.map((text, i) => field(`f${i}`, t.string, { doc: text })),
            field("stage", t.literals(...EVIL)),
          ],
          span,
        },
        { kind: "enum", name: "E", doc: ALL, members: EVIL.map((text, i) => ({ name: `m${i}`, doc: text })), span },
        {
          kind: "model",
          name: "m",
          doc: ALL,
          id: ALL,
          settings: EVIL.map((text, i) => ({ name: `s${i}`, value: text })),
          span,
        },
        {
          kind: "worker",
          name: "w",
          doc: ALL,
          signature: { params: [param("r", Rec)], returns: t.string },
          model: { kind: "declared", name: "m", module: file, id: ALL },
          instructions: { text: ALL, paths: [] },
          context: e.object({ a: e.str(ALL), b: e.member(e.param("r", Rec), "f0", t.string) }),
          uses: [],
          span,
        },
        {
          kind: "worker",
          name: "inline_model",
          signature: { params: [], returns: t.string },
          model: { kind: "inline", id: ALL },
          instructions: { text: EVIL[1]!, paths: [] },
          uses: [],
          span,
        },
        {
          kind: "tool",
          name: "tool_fn",
          doc: ALL,
          signature: { params: [param("x", t.string)], returns: t.string },
          from: `../tools/we"i'r\`d \${x} 🦄.ts`,
          implementation: `${root}/tools/we"i'r\`d \${x} 🦄.ts`,
          needsApproval: true,
          span,
        },
        {
          kind: "flow",
          name: "f",
          doc: ALL,
          signature: { params: [], returns: t.array(t.string) },
          body: [
            s.let(
              "xs",
              e.array(
                EVIL.map((text) => e.str(text)),
                t.array(t.string),
              ),
            ),
            s.ret(e.map("x", e.let("xs", t.array(t.string)), e.bin("+", e.binder("x", t.string), e.str(""), t.string))),
          ],
          span,
        },
      ]),
    ],
  };
}
