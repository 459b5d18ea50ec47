// Fuzzed layouts of real `.flow` files: the same tokens with random
// whitespace between them (spaces, tabs, line breaks). Whitespace next to a
// comment is kept as written (comments end at the line break, doc comments
// must stay alone on their line), a call's `(` keeps touching its name, and
// an options `(` keeps its space.
import { lex } from "../../grammar/lexer.ts";
import { SourceText } from "../../grammar/source.ts";
import { CallLParen, Return } from "../../grammar/tokens.ts";
import { prng as rng } from "../support/prng.ts";

const GAPS = [" ", " ", "  ", "\n", "\n    ", "\t", " \n\t "];
const BREAKS = GAPS.filter((g) => g.includes("\n"));
const SPACES = GAPS.filter((g) => !g.includes("\n"));

export function relayout(text: string, seed: number): string {
  const random = rng(seed);
  const lexed = lex(new SourceText(text, "relayout.flow"));
  const tokens = [...lexed.tokens.map((t) => ({ t, comment: false })), ...lexed.comments.map((t) => ({ t, comment: true }))].sort(
    (a, b) => a.t.startOffset - b.t.startOffset,
  );
  let out = text.slice(0, tokens[0]?.t.startOffset ?? text.length);
  tokens.forEach(({ t, comment }, i) => {
    const previous = tokens[i - 1];
    if (previous) {
      const end = previous.t.startOffset + previous.t.image.length;
      const original = text.slice(end, t.startOffset);
      if (comment || previous.comment) out += original;
      else if (t.tokenType === CallLParen) out += "";
      else {
        // Line breaks matter in two places: between statements (they end
        // one) and after `return` (a value starts on its line). Keep a break
        // where there was one, and add none after `return`.
        const gaps = original.includes("\n") ? BREAKS : previous.t.tokenType === Return ? SPACES : GAPS;
        out += gaps[Math.floor(random() * gaps.length)];
      }
    }
    out += t.image;
  });
  const last = tokens[tokens.length - 1];
  return out + (last ? text.slice(last.t.startOffset + last.t.image.length) : "");
}
