// Seeded mutations of `.flow` sources for fuzzing: tokens deleted, duplicated,
// swapped, and files truncated. Tokenizing is deliberately crude (a regex, not
// the real lexer) so the fuzzer does not share the lexer's blind spots.

import { prng } from "./prng.ts";

const TOKEN = /"""[\s\S]*?"""|"(?:[^"\\\n]|\\.)*"|\/\/[^\n]*|[A-Za-z_][A-Za-z0-9_]*|\d+(?:\.\d+)?|->|=>|==|!=|<=|>=|\{\{|\}\}|\s+|./g;

export type Mutation = "delete" | "duplicate" | "swap" | "truncate" | "insert";
const MUTATIONS: readonly Mutation[] = ["delete", "duplicate", "swap", "truncate", "insert"];

/** Fragments that often break parsers at interesting places. */
const INSERTS = ["{", "}", "(", ")", "[", "]", '"', '"""', "{{", "}}", "->", "=>", ",", ":", "?", ".", "map", "reduce", "with", "in", "let", "return", "repeat", "flow", "worker", "\n", "\u2028", "`${x}`", "*/", "\\"];


export function tokenize(text: string): string[] {
  return text.match(TOKEN) ?? [];
}

/** Applies 1–3 random mutations to `text`; the same seed gives the same result. */
export function mutate(text: string, seed: number): { text: string; applied: Mutation[] } {
  const random = prng(seed);
  const pick = (n: number) => Math.floor(random() * n);
  let tokens = tokenize(text);
  const applied: Mutation[] = [];
  const count = 1 + pick(3);
  for (let i = 0; i < count && tokens.length > 0; i++) {
    const kind = MUTATIONS[pick(MUTATIONS.length)]!;
    applied.push(kind);
    const at = pick(tokens.length);
    switch (kind) {
      case "delete":
        tokens.splice(at, 1);
        break;
      case "duplicate":
        tokens.splice(at, 0, tokens[at]!);
        break;
      case "swap": {
        const other = pick(tokens.length);
        [tokens[at], tokens[other]] = [tokens[other]!, tokens[at]!];
        break;
      }
      case "truncate":
        tokens = tokens.slice(0, at);
        break;
      case "insert":
        tokens.splice(at, 0, INSERTS[pick(INSERTS.length)]!);
        break;
      default: {
        const never: never = kind;
        throw new Error(`unknown mutation ${String(never)}`);
      }
    }
  }
  return { text: tokens.join(""), applied };
}
