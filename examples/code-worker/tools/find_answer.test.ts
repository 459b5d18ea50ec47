// Replays the recorded run of find_answer (answer/find_answer in trace.jsonl) against
// the stabilized tool: its llm() requests get the recorded answers, and it
// returns what the code worker returned. Written by `flowc stabilize`.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";
import { defineTool, run, z } from "@flowc/runtime";
import { ReplayProvider } from "@flowc/runtime/models";
import { find_answer } from "./find_answer.ts";

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));

test("find_answer replays its recorded run", async () => {
  const tool = defineTool({ name: "find_answer", input: z.custom<Parameters<typeof find_answer>[0]>(), output: z.custom<string>(), implementation: find_answer });
  const input = JSON.parse(readFileSync(here("../input.json"), "utf8")) as Parameters<typeof find_answer>[0];
  const provider = new ReplayProvider({ path: here("../recording.jsonl") });
  const { output } = await run(tool, input, { provider });
  expect(output).toEqual("1924");
});
