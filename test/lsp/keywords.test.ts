// The server's lists of fixed words stay those of the checker: worker
// settings (completion and hover) and built-ins (navigation, completion).
import { describe, expect, test } from "vitest";
import { BUILTIN_NAMES } from "../../compiler/check/names.ts";
import { WORKER_SETTINGS as CHECKED_SETTINGS } from "../../compiler/check/worker.ts";
import { BUILTIN_SIGNATURES } from "../../lsp/describe.ts";
import { WORKER_SETTINGS } from "../../lsp/keywords.ts";
import { BUILTINS } from "../../lsp/occurrences.ts";

describe("the language server's word lists", () => {
  test("worker settings", () => {
    expect(Object.keys(WORKER_SETTINGS)).toEqual([...CHECKED_SETTINGS]);
  });
  test("built-ins", () => {
    expect([...BUILTINS]).toEqual([...BUILTIN_NAMES]);
    expect(Object.keys(BUILTIN_SIGNATURES)).toEqual([...BUILTIN_NAMES]);
  });
});
