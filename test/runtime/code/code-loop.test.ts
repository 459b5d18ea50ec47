import { describe, expect, it } from "vitest";
import { defineCodeWorker, defineModel, MaxTurnsError, memoryTraceSink, OutputValidationError, run, z } from "../../../runtime/index.ts";
import { isTurn, js, scriptedModel } from "./script.ts";
import { lastMessage } from "../../../runtime/testing/scripted-provider.ts";

const model = defineModel({ alias: "coder", id: "code-model", settings: {} });

const words = defineCodeWorker({
  name: "shout_words",
  doc: "Upper-cases every word of a document.",
  input: z.object({ doc: z.string() }),
  output: z.object({ words: z.array(z.string()) }),
  model,
  instructions: "Upper-case every word of doc.",
  settings: { maxTurns: 4 },
});

const cells = [
  js(`const parts = doc.split(" ");\nprint(parts.length)`),
  js(`const answers = llm_batch(parts.map((p) => ({ prompt: "upper", text: p })));\nprint(answers.join(","))`),
  js(`FINAL({ words: answers })`),
];
const upper = (_prompt: string, text: string) => text.toUpperCase();

describe("the code loop", () => {
  it("runs cells until FINAL and returns the validated value", async () => {
    const provider = scriptedModel({ turns: cells, llm: upper });
    const result = await run(words, { doc: "alpha beta gamma" }, { provider });
    expect(result.output).toEqual({ words: ["ALPHA", "BETA", "GAMMA"] });
    const turns = provider.requests.filter(isTurn);
    expect(turns).toHaveLength(3);
    expect(turns.map((r) => r.model)).toEqual(["code-model", "code-model", "code-model"]);
    expect(lastMessage(turns[0]!)).toBe("Write the first cell.");
    expect(lastMessage(turns[2]!)).toBe(
      [
        "### Cell 1",
        "```js",
        'const parts = doc.split(" ");',
        "print(parts.length)",
        "```",
        "### Output 1",
        "3",
        "",
        "### Cell 2",
        "```js",
        'const answers = llm_batch(parts.map((p) => ({ prompt: "upper", text: p })));',
        'print(answers.join(","))',
        "```",
        "### Output 2",
        "ALPHA,BETA,GAMMA",
        "",
        "Write the next cell.",
      ].join("\n"),
    );
  });

  it("shows the variables, not their text, and the functions with their schemas", async () => {
    const provider = scriptedModel({ turns: cells, llm: upper });
    await run(words, { doc: "alpha beta gamma" }, { provider });
    const system = provider.requests[0]!.messages[0]!.content as string;
    expect(system).toContain('- doc: string, 16 characters; preview: "alpha beta gamma"');
    expect(system).toContain("Upper-case every word of doc.");
    expect(system).toContain(
      '- FINAL(value) — ends the task with value as the answer. The value must match this JSON schema: {"type":"object","properties":{"words":{"type":"array","items":{"type":"string"}}},"required":["words"],"additionalProperties":false}',
    );
    expect(system).toContain("4 cells in all; 64 calls of llm, llm_batch items and the functions above together; 2000 ms of sandbox time per cell; 64 MiB of memory.");
  });

  it("sends a rejected FINAL back as a repair turn, then fails after repairTurns", async () => {
    const bad = js(`FINAL({ words: "not a list" })`);
    const provider = scriptedModel({ turns: [bad, cells[0]!.replace("print(parts.length)", "FINAL({ words: parts })")] });
    const result = await run(words, { doc: "a b" }, { provider });
    expect(result.output).toEqual({ words: ["a", "b"] });
    const second = lastMessage(provider.requests.filter(isTurn)[1]!);
    expect(second).toContain(
      "### Output 1\nFINAL was rejected: the value does not match the output schema: words: Invalid input: expected array, received string. Fix it and call FINAL again.",
    );

    const stubborn = scriptedModel({ turns: [bad, bad, bad] });
    await expect(run(words, { doc: "a b" }, { provider: stubborn })).rejects.toThrow(OutputValidationError);
    await expect(run(words, { doc: "a b" }, { provider: scriptedModel({ turns: [bad, bad, bad] }) })).rejects.toThrow(
      "Worker shout_words at shout_words returned invalid output 3 times (after 2 repair turns): words: Invalid input: expected array, received string",
    );
  });

  it("stops after maxTurns cells", async () => {
    const provider = scriptedModel({ turns: [js("print(1)"), js("print(2)"), js("print(3)"), js("print(4)"), js("print(5)")] });
    await expect(run(words, { doc: "x" }, { provider })).rejects.toThrow(
      new MaxTurnsError("shout_words", "shout_words", 4),
    );
    expect(provider.requests.filter(isTurn)).toHaveLength(4);
  });

  it("asks again for an answer without a code block (the turn worker's repair)", async () => {
    const provider = scriptedModel({ turns: ["I think the answer is 3.", js(`FINAL({ words: [] })`)] });
    const result = await run(words, { doc: "x" }, { provider });
    expect(result.output).toEqual({ words: [] });
    expect(lastMessage(provider.requests[1]!)).toBe(
      "Your answer was invalid: (value): it has no ```js code block; reply with exactly one JavaScript code cell. Reply again with only the corrected answer.",
    );
  });

  it("traces each cell's code and printed output, with its sub-calls nested under it", async () => {
    const trace = memoryTraceSink();
    await run(words, { doc: "alpha beta" }, { provider: scriptedModel({ turns: cells, llm: upper }), trace });
    const ends = trace.events().filter((e) => e.type === "end");
    expect(ends.map((e) => e.type === "end" && `${e.path} <- ${e.parent}`)).toEqual([
      "shout_words/turn <- shout_words",
      "shout_words/cell <- shout_words",
      "shout_words/turn#2 <- shout_words",
      "shout_words/cell#2/map[0]/llm <- shout_words/cell#2",
      "shout_words/cell#2/map[1]/llm <- shout_words/cell#2",
      "shout_words/cell#2 <- shout_words",
      "shout_words/turn#3 <- shout_words",
      "shout_words/cell#3 <- shout_words",
      "shout_words <- null",
    ]);
    const cell2 = ends.find((e) => e.path === "shout_words/cell#2");
    expect(cell2?.type === "end" && cell2.output).toEqual({
      code: 'const answers = llm_batch(parts.map((p) => ({ prompt: "upper", text: p })));\nprint(answers.join(","))',
      printed: "ALPHA,BETA",
    });
    const cell3 = ends.find((e) => e.path === "shout_words/cell#3");
    expect(cell3?.type === "end" && cell3.output).toEqual({ code: "FINAL({ words: answers })", printed: "", final: { words: ["ALPHA", "BETA"] } });
  });
});
