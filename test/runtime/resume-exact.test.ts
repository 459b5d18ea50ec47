// Resume returns exactly what a call returned, and nothing it cannot trust:
// outputs that merely look like secrets come back as they were; an entry that
// had a known secret scrubbed, a torn line or an output its schema rejects
// runs again; a journal of another run is refused before anything runs.
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { defineFlow, defineModel, defineWorker, renderTrace, run, runFlow, z } from "../../runtime/index.ts";
import type { RunEvent, TraceEvent } from "../../runtime/index.ts";
import { registerSecret } from "../../runtime/redact.ts";
import { ResumeJournal, ResumeMismatchError } from "../../runtime/resume.ts";
import { memoryTraceSink } from "../../runtime/trace.ts";
import { reply, ScriptedProvider } from "../../runtime/testing/scripted-provider.ts";

const dir = mkdtempSync(join(tmpdir(), "flowc-resume-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const TOKEN_ENV = "RESUME_TEST_API_TOKEN";
const TOKEN_VALUE = "tok-live-0123456789";
beforeEach(() => void (process.env[TOKEN_ENV] = TOKEN_VALUE));
afterEach(() => void delete process.env[TOKEN_ENV]);

const model = defineModel({ alias: "m", id: "gpt-4.1-mini", settings: {} });
const Label = z.object({ id: z.number().int(), note: z.string() });
const label = defineWorker<{ id: number }, z.infer<typeof Label>>({
  name: "label",
  input: z.object({ id: z.number().int() }),
  output: Label,
  model,
  instructions: "Label item {{id}}.",
});
const labelAll = defineFlow<{ ids: number[] }, z.infer<typeof Label>[]>({
  name: "label_all",
  input: z.object({ ids: z.array(z.number().int()) }),
  output: z.array(Label),
  body: (ctx, { ids }) => ctx.map(ids, { concurrency: 4 }, (id, ctx) => ctx.call(label, { id })),
});

/** Text a pattern redactor takes for a secret, though none of it is one the run knows. */
function secretLooking(id: number): string {
  switch (id % 4) {
    case 0:
      return `pip install sk-learn-compatible-estimators-${id}`;
    case 1:
      return "Authorization: pending review";
    case 2:
      return `the token is ${TOKEN_VALUE}`; // the value of an env var named *TOKEN*
    default:
      return `Bearer bonds 2031 issue ${id}`;
  }
}

const idOf = (request: { messages: readonly { content: string | null }[] }) => Number(/item (\d+)/.exec(request.messages[0]!.content ?? "")![1]);
const answering = (note: (id: number) => string = secretLooking) =>
  new ScriptedProvider((request) => {
    const id = idOf(request);
    return reply(JSON.stringify({ id, note: note(id) }));
  });

const ids = Array.from({ length: 200 }, (_, i) => i);
const lines = (file: string) => readFileSync(file, "utf8").split("\n").filter(Boolean);
const endLineOf = (id: number) => (line: string) => line.startsWith('{"type":"end"') && line.includes(`"path":"label_all/map[${id}]/label"`);

/** The journal of a run killed after `keep` of its end lines: everything up to there, plus a torn half line. */
function crashedJournal(file: string, keep: number): void {
  const all = lines(file);
  let ends = 0;
  const cut = all.findIndex((line) => line.startsWith('{"type":"end"') && line.includes("/label") && ++ends > keep);
  writeFileSync(file, all.slice(0, cut).map((l) => `${l}\n`).join("") + all[cut]!.slice(0, 40));
}

describe("resume is exact", () => {
  it("returns every journaled output as it was, secret-looking text included (200 items)", async () => {
    const file = join(dir, "exact.jsonl");
    const first = await runFlow(labelAll, { ids }, { provider: answering(), trace: file });
    crashedJournal(file, 150);
    const provider = answering();
    const events: RunEvent[] = [];
    const resumed = await runFlow(labelAll, { ids }, { provider, resume: file, trace: file, onEvent: (e) => void events.push(e) });
    const wrong = resumed.filter((item, i) => JSON.stringify(item) !== JSON.stringify(first[i]));
    expect(wrong).toEqual([]);
    expect(resumed).toEqual(first);
    // Only the 50 calls that had not ended were sent again.
    expect(provider.requests).toHaveLength(50);
    expect(events.find((e) => e.type === "resume")).toEqual({ type: "resume", source: file, entries: 150, redacted: 0, unreadable: 1 });
    // The journal holds the text itself: nothing was scrubbed from it.
    const text = readFileSync(file, "utf8");
    expect(text).toContain("sk-learn-compatible-estimators-4");
    expect(text).toContain(TOKEN_VALUE);
    expect(text).not.toContain("[REDACTED]");
  });

  it("appends to its own journal: lines already there are not written again, and a third run sends nothing", async () => {
    const file = join(dir, "append.jsonl");
    await runFlow(labelAll, { ids: ids.slice(0, 10) }, { provider: answering(), trace: file });
    crashedJournal(file, 6);
    const before = readFileSync(file, "utf8");
    const provider = answering();
    await runFlow(labelAll, { ids: ids.slice(0, 10) }, { provider, resume: file, trace: file });
    expect(provider.requests.map(idOf).sort((a, b) => a - b)).toEqual([6, 7, 8, 9]);
    const after = readFileSync(file, "utf8");
    expect(after.startsWith(`${before}\n`)).toBe(true); // the torn line ends on its own line; nothing before it changed
    for (const id of ids.slice(0, 10)) expect(lines(file).filter(endLineOf(id))).toHaveLength(1);

    const third = answering();
    await runFlow(labelAll, { ids: ids.slice(0, 10) }, { provider: third, resume: file, trace: file });
    expect(third.requests).toHaveLength(0);
    const tree = renderTrace(readFileSync(file, "utf8")).replace(/\d+ms/g, "Xms").replace(/ at \S+/g, " at T");
    expect(tree.split("\n").slice(0, 3)).toEqual(["run label_all (flow) at T", "resumed at T (6 results from the journal)", "resumed at T (11 results from the journal)"]);
    expect(tree.match(/^label_all \(flow\)/gm)).toHaveLength(1);
    expect(tree.match(/map\[\d\]\/label/g)).toHaveLength(10);
  });

  it("runs again, never returns, an entry that had a known secret scrubbed", async () => {
    const secret = "db-password-Zq81-never-shown";
    registerSecret(secret);
    const note = (id: number) => (id === 3 ? `connected with ${secret}` : `note ${id}`);
    const file = join(dir, "redacted.jsonl");
    const first = await runFlow(labelAll, { ids: ids.slice(0, 6) }, { provider: answering(note), trace: file });
    expect(first[3]!.note).toBe(`connected with ${secret}`);
    const text = readFileSync(file, "utf8");
    expect(text).not.toContain(secret);
    expect(JSON.parse(lines(file).find(endLineOf(3))!)).toMatchObject({ redacted: true, output: { id: 3, note: "connected with [REDACTED]" } });
    expect(JSON.parse(lines(file).find(endLineOf(2))!)).not.toHaveProperty("redacted");

    const provider = answering(note);
    const events: RunEvent[] = [];
    const resumed = await runFlow(labelAll, { ids: ids.slice(0, 6) }, { provider, resume: file, onEvent: (e) => void events.push(e) });
    expect(resumed).toEqual(first);
    expect(provider.requests.map(idOf)).toEqual([3]);
    // Item 3 and the flow, whose output holds item 3's.
    expect(events.find((e) => e.type === "resume")).toMatchObject({ entries: 5, redacted: 2 });
  });

  it("runs again an entry scrubbed by an older flowc ([REDACTED] in the output) and one its schema rejects", async () => {
    const file = join(dir, "tampered.jsonl");
    const first = await runFlow(labelAll, { ids: ids.slice(0, 4) }, { provider: answering((id) => `note ${id}`), trace: file });
    const tampered = lines(file).map((line) => {
      if (endLineOf(1)(line)) return line.replace('"note 1"', '"key [REDACTED]"');
      if (endLineOf(2)(line)) return line.replace('"id":2', '"id":"two"');
      return line;
    });
    // The whole run ended too: without this the root's own end line would answer everything.
    writeFileSync(file, tampered.filter((line) => !line.includes('"path":"label_all","parent":null') || !line.startsWith('{"type":"end"')).join("\n"));
    const provider = answering((id) => `note ${id}`);
    expect(await runFlow(labelAll, { ids: ids.slice(0, 4) }, { provider, resume: file })).toEqual(first);
    expect(provider.requests.map(idOf).sort()).toEqual([1, 2]);
  });

  it("skips torn lines anywhere in the journal", () => {
    const end = (id: number, note: string) =>
      JSON.stringify({ type: "end", t: 1, path: `f/map[${id}]/w`, parent: "f", callable: "w", kind: "worker", depth: 1, inputHash: `h${id}`, durationMs: 1, output: note, usage: {} });
    const file = join(dir, "torn.jsonl");
    const start = JSON.stringify({ type: "run-start", t: 0, callable: "f", kind: "flow", inputHash: "x", startedAt: "now", journal: 1 });
    writeFileSync(file, [start, end(0, "a"), end(1, "b").slice(0, 30), end(2, "c"), '{"type":"start","t":3,"pa', end(3, "d"), end(4, "e").slice(0, 50)].join("\n"));
    const journal = ResumeJournal.open(file);
    expect(journal.counts).toEqual({ entries: 3, redacted: 0, unreadable: 3 });
    expect([0, 1, 2, 3, 4].map((id) => journal.lookup(`f/map[${id}]/w`, `h${id}`)?.output)).toEqual(["a", undefined, "c", "d", undefined]);
    expect(journal.lookup("f/map[0]/w", "other input")).toBeUndefined();
    journal.close();
  });

  it("refuses a journal of another flow, of another input, or no journal at all, before anything runs", async () => {
    const file = join(dir, "other.jsonl");
    await runFlow(labelAll, { ids: [1, 2] }, { provider: answering(), trace: file });
    const before = readFileSync(file, "utf8");
    const provider = answering();
    const otherInput = await run(labelAll, { ids: [1, 3] }, { provider, resume: file, trace: file }).catch((e: unknown) => e);
    expect(otherInput).toBeInstanceOf(ResumeMismatchError);
    expect(otherInput).toMatchObject({ reason: "other-input", name: "ResumeMismatchError" });
    expect((otherInput as Error).message).toMatch(new RegExp(`^${file} is the journal of a run of label_all on another input \\(input hash [0-9a-f]{12}…, this input [0-9a-f]{12}…\\)$`));

    const otherFlow = await run(label, { id: 1 }, { provider, resume: file, trace: file }).catch((e: unknown) => e);
    expect(otherFlow).toMatchObject({ reason: "other-flow", message: `${file} is the journal of flow label_all, not of worker label` });

    const notJournal = join(dir, "not-a-journal.jsonl");
    writeFileSync(notJournal, '{"hello": 1}\n');
    await expect(run(labelAll, { ids: [1] }, { provider, resume: notJournal })).rejects.toThrow(`${notJournal} is not a flowc journal: it has no run-start line`);
    // Nothing ran, and the journal was not touched.
    expect(provider.requests).toHaveLength(0);
    expect(readFileSync(file, "utf8")).toBe(before);
  });

  it("resumes into another trace file: it gets the journaled results too, so it is a whole journal itself", async () => {
    const file = join(dir, "source.jsonl");
    const copy = join(dir, "copy.jsonl");
    const first = await runFlow(labelAll, { ids: ids.slice(0, 5) }, { provider: answering(), trace: file });
    crashedJournal(file, 3);
    await runFlow(labelAll, { ids: ids.slice(0, 5) }, { provider: answering(), resume: file, trace: copy });
    const provider = answering();
    expect(await runFlow(labelAll, { ids: ids.slice(0, 5) }, { provider, resume: copy })).toEqual(first);
    expect(provider.requests).toHaveLength(0);
    expect(lines(copy).filter((l) => l.includes('"resumed":true')).map((l) => (JSON.parse(l) as { path: string }).path)).toEqual([
      "label_all/map[0]/label",
      "label_all/map[1]/label",
      "label_all/map[2]/label",
    ]);
  });

  it("streams a large journal: every entry found, one line longer than a read chunk included", () => {
    const file = join(dir, "large.jsonl");
    const count = 100_000;
    writeFileSync(file, `${JSON.stringify({ type: "run-start", t: 0, callable: "f", kind: "flow", inputHash: "x", startedAt: "now", journal: 1 })}\n`);
    const batch: string[] = [];
    for (let i = 0; i < count; i++) {
      const fields = `"path":"f/map[${i}]/w","parent":"f","callable":"w","kind":"worker","depth":1,"inputHash":"${i.toString(16).padStart(64, "0")}"`;
      batch.push(`{"type":"start","t":${i},${fields}}`);
      const output = i === 777 ? "x".repeat(3 << 20) : `out ${i} sk-looking-but-not-a-secret-0000`;
      batch.push(`{"type":"end","t":${i},${fields},"durationMs":1,"output":${JSON.stringify(output)},"usage":{}}`);
      if (batch.length >= 20_000) appendFileSync(file, `${batch.splice(0).join("\n")}\n`);
    }
    appendFileSync(file, `${batch.join("\n")}\n{"type":"end","t":1,"path":"f/map[`);
    const journal = ResumeJournal.open(file);
    expect(journal.counts).toEqual({ entries: count, redacted: 0, unreadable: 1 });
    const hash = (i: number) => i.toString(16).padStart(64, "0");
    expect(journal.lookup("f/map[0]/w", hash(0))?.output).toBe("out 0 sk-looking-but-not-a-secret-0000");
    expect(journal.lookup("f/map[99999]/w", hash(99999))?.output).toBe("out 99999 sk-looking-but-not-a-secret-0000");
    expect((journal.lookup("f/map[777]/w", hash(777))?.output as string).length).toBe(3 << 20);
    expect(journal.lookup("f/map[100000]/w", hash(100000))).toBeUndefined();
    journal.close();
  });
});

describe("resume from lines in memory", () => {
  it("checks the run and skips untrusted lines there too", async () => {
    const sink = memoryTraceSink();
    const first = await runFlow(labelAll, { ids: [0, 1, 2] }, { provider: answering(), trace: sink });
    const journal = sink.lines.filter((l) => !(l.startsWith('{"type":"end"') && l.includes('"path":"label_all",'))).map((l) => (l.includes("map[1]/label") && l.startsWith('{"type":"end"') ? l.slice(0, 20) : l));
    const provider = answering();
    expect(await runFlow(labelAll, { ids: [0, 1, 2] }, { provider, resume: journal })).toEqual(first);
    expect(provider.requests.map(idOf)).toEqual([1]);
    const events: TraceEvent[] = sink.events().filter((e) => e.type !== "run-start");
    await expect(run(labelAll, { ids: [0, 1, 2] }, { provider, resume: events })).rejects.toThrow("the resume journal is not a flowc journal: it has no run-start line");
  });
});
