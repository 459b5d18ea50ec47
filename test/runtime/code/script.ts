// A scripted model for code worker tests: turns get the cells listed for
// them (by how many cells the transcript already has), and `llm` sub-calls
// are answered by a function of their prompt and text.
import type { ChatRequest } from "../../../runtime/index.ts";
import { lastMessage, reply, ScriptedProvider, systemOf } from "../../../runtime/testing/scripted-provider.ts";

export interface Script {
  /** Answers of the code worker's turns, in order (each a reply with a ```js block, or anything else to test repairs). */
  readonly turns: readonly string[];
  /** The answer of an llm sub-call. */
  readonly llm?: (prompt: string, text: string) => string;
  readonly delayMs?: number;
  /** Which code worker's turns these are (the start of its system message); default any code worker. */
  readonly worker?: string;
}

export const js = (code: string): string => `\`\`\`js\n${code}\n\`\`\``;

export function isTurn(request: ChatRequest): boolean {
  return / a code worker: /.test(systemOf(request));
}

/** Every request is answered from the script; turn answers are taken in order, whatever the worker. */
export function scriptedModel(script: Script): ScriptedProvider {
  let turns = 0;
  return new ScriptedProvider(
    (request) => {
      if (isTurn(request)) {
        const answer = script.turns[turns++];
        if (answer === undefined) throw new Error(`the script has no turn ${turns}`);
        return reply(answer);
      }
      return reply((script.llm ?? ((p, t) => `${p}:${t}`))(systemOf(request), lastMessage(request)));
    },
    { delayMs: script.delayMs ?? 0 },
  );
}
