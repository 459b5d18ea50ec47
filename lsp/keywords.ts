// The language's fixed words, with one line each for completion and hover
// (from docs/language.md).

/** A worker's settings (`test/lsp/keywords.test.ts` keeps this list equal to the checker's). */
export const WORKER_SETTINGS: Readonly<Record<string, string>> = {
  model: "a declared `model` or a model id string",
  instructions: "the system message (required); `{{path}}` placeholders refer to the parameters and are checked",
  context: "an expression over the parameters, sent as the user message; without it the whole input is sent as JSON",
  uses: "callables the model may call as tools: workers, tools or flows",
  max_turns: "model turns before the call fails (default 8)",
  max_depth: "how deep calls through this worker may nest; required on a worker in a `uses` cycle",
  temperature: "sampling temperature (0 to 2)",
  retries: "retries of a failed model request (429, 5xx, timeouts)",
  answer: "`text` (the default) or `code`: a code worker, which answers by writing JavaScript cells run in a sandbox",
  max_sub_calls: "code workers: `llm` calls, `llm_batch` items and `uses` calls per call (default 64)",
  batch_concurrency: "code workers: `llm_batch` items in flight (default 8)",
};

export const DECLARATION_KEYWORDS = ["import", "type", "enum", "model", "worker", "tool", "flow"] as const;

export const STATEMENT_KEYWORDS = ["let", "if", "else", "repeat", "break", "return"] as const;

export const EXPRESSION_KEYWORDS = ["map", "filter", "reduce", "true", "false", "and", "or", "not"] as const;

export const PRIMITIVE_TYPES = ["string", "int", "number", "bool", "json", "void"] as const;
