// How much memory resuming a big journal takes: writes the journal of a
// crashed run of a 1,000,000-item map (every item ended, the flow did not),
// then resumes it in a child process, as `flowc run --resume` does (the journal
// is also the trace, appended to), and reports the child's peak RSS. Run from
// the repository root:
//
//   npx tsx bench/resume-memory.ts              # 1,000,000 items
//   npx tsx bench/resume-memory.ts --items 200000
//
// Three children: one only indexes the journal (ResumeJournal.open), one runs
// the whole resumed flow (input, map, a lookup per item, the result array), and
// one runs the same flow without a journal (instant answers, a new trace): the
// difference between the last two is what resuming costs.
import { spawnSync } from "node:child_process";
import { closeSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { hashJson } from "../runtime/json.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "..");
const itemsArg = process.argv.indexOf("--items");
const items = itemsArg > 0 ? Number(process.argv[itemsArg + 1]) : 1_000_000;

const dir = mkdtempSync(path.join(tmpdir(), "flowc-resume-bench-"));
const journal = path.join(dir, "journal.jsonl");
try {
  const started = performance.now();
  writeJournal(journal, items);
  const bytes = statSync(journal).size;
  console.log(`journal: ${items.toLocaleString("en")} items, ${(bytes / 1e6).toFixed(0)} MB, written in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  for (const mode of ["index", "resume", "fresh"] as const) {
    const child = spawnSync(process.execPath, ["--import", "tsx", path.join(here, "resume-memory-child.ts"), mode, journal, String(items)], {
      cwd: root,
      encoding: "utf8",
      maxBuffer: 1 << 20,
    });
    if (child.status !== 0) throw new Error(`${mode} child failed: ${child.stderr}`);
    console.log(child.stdout.trim());
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

/** The journal `flowc run --trace` writes for `label_all` on `items` ids, killed after every item ended. */
function writeJournal(file: string, count: number): void {
  const fd = openSync(file, "w");
  const ids = Array.from({ length: count }, (_, id) => ({ id }));
  const rootHash = hashJson({ items: ids });
  const usage = '{"calls":1,"promptTokens":10,"completionTokens":5,"totalTokens":15,"usd":0.000012}';
  const out: string[] = [
    JSON.stringify({ type: "run-start", t: 0, callable: "label_all", kind: "flow", inputHash: rootHash, startedAt: new Date().toISOString(), journal: 1 }),
    JSON.stringify({ type: "start", t: 0.1, path: "label_all", parent: null, callable: "label_all", kind: "flow", depth: 0, inputHash: rootHash }),
  ];
  for (let id = 0; id < count; id++) {
    const fields = `"path":"label_all/map[${id}]/label","parent":"label_all","callable":"label","kind":"worker","depth":1,"inputHash":"${hashJson({ item: { id } })}","model":"gpt-4.1-mini"`;
    out.push(`{"type":"start","t":${id},${fields}}`);
    const output = JSON.stringify({ id, note: `label ${id}: uses sk-learn-compatible-pipeline-${id}` });
    out.push(`{"type":"end","t":${id + 1},${fields},"durationMs":1,"output":${output},"usage":${usage}}`);
    if (out.length >= 10_000) writeSync(fd, `${out.splice(0).join("\n")}\n`);
  }
  writeSync(fd, `${out.join("\n")}\n`);
  closeSync(fd);
}
