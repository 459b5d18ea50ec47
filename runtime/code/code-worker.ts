// A code worker: a callable that answers by writing JavaScript. It is a flow
// to the rest of the runtime (one `Callable`, dispatched like any other) whose
// body is the code loop (code-loop.ts). Its model turns are calls of an inner
// worker `turn` and its `llm()` sub-calls calls of an inner worker `llm`, so
// every request goes through the runtime's worker loop: frames, usage,
// budgets, retries, record and replay, with nothing special for code workers.
import { z } from "zod";
import { defineFlow, defineWorker } from "../callable.ts";
import type { AnyCallable, Flow, ModelSpec, Worker } from "../types.ts";
import { runCodeLoop } from "./code-loop.ts";
import type { LlmInput } from "./host-functions.ts";
import { resolveCodeSettings, type CodeWorkerSettings, type ResolvedCodeSettings } from "./limits.ts";

export interface CodeWorkerSpec<In, Out> {
  readonly name: string;
  /** The `///` doc comment, if any (shown to models that may call this one). */
  readonly doc?: string;
  readonly input: z.ZodType<In>;
  readonly output: z.ZodType<Out>;
  /** The model that writes the cells. */
  readonly model?: ModelSpec;
  /** The model `llm()` and `llm_batch()` call; default the code worker's. */
  readonly subModel?: ModelSpec;
  /** The task, with `{{path}}` placeholders rendered against the input. */
  readonly instructions: string;
  /** Workers, tools and flows the cells may call by name (itself included, for recursion). */
  readonly uses?: () => readonly AnyCallable[];
  readonly settings?: CodeWorkerSettings;
}

/** What a code worker is made of; generated code and `flowc graph` read `codeWorker.settings`. */
export interface CodeWorkerShape<In, Out> {
  readonly spec: CodeWorkerSpec<In, Out>;
  readonly settings: ResolvedCodeSettings;
  readonly turn: Worker<TurnInput, string>;
  readonly llm: Worker<LlmInput, string>;
}

export type CodeWorker<In, Out> = Flow<In, Out> & { readonly codeWorker: CodeWorkerShape<In, Out> };

export interface TurnInput {
  readonly system: string;
  readonly transcript: string;
}

const CELL_BLOCK = /```(?:js|javascript)?[^\S\n]*\n([\s\S]*?)```/;

/** The code of the first fenced block of an answer (the turn worker's output schema makes sure there is one). */
export function cellCode(answer: string): string {
  return (CELL_BLOCK.exec(answer)?.[1] ?? "").trimEnd();
}

const TurnAnswer = z.string().refine((answer) => CELL_BLOCK.test(answer), {
  message: "it has no ```js code block; reply with exactly one JavaScript code cell",
});

export function defineCodeWorker<In, Out>(spec: CodeWorkerSpec<In, Out>): CodeWorker<In, Out> {
  const settings = resolveCodeSettings(spec.name, spec.settings);
  const shape: CodeWorkerShape<In, Out> = {
    spec,
    settings,
    turn: defineWorker<TurnInput, string>({
      name: "turn",
      input: z.object({ system: z.string(), transcript: z.string() }),
      output: TurnAnswer,
      ...(spec.model ? { model: spec.model } : {}),
      instructions: "{{system}}",
      context: (input) => input.transcript,
    }),
    llm: subCallWorker(spec.subModel ?? spec.model),
  };
  const flow = defineFlow<In, Out>({
    name: spec.name,
    ...(spec.doc ? { doc: spec.doc } : {}),
    input: spec.input,
    output: spec.output,
    body: (ctx, input) => runCodeLoop(shape, ctx, input),
  });
  return Object.freeze({ ...flow, codeWorker: shape });
}

/** The worker `llm()` and `llm_batch()` call (one request: the prompt as instructions, the text as the user message); a stabilized code worker calls the same one. */
export function subCallWorker(model: ModelSpec | undefined): Worker<LlmInput, string> {
  return defineWorker<LlmInput, string>({
    name: "llm",
    input: z.object({ prompt: z.string(), text: z.string() }),
    output: z.string(),
    ...(model ? { model } : {}),
    instructions: "{{prompt}}",
    context: (input) => input.text,
  });
}
