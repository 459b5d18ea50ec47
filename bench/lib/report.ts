// bench/results.json (everything, runs included) and bench/RESULTS.md (readable).
// Every number in RESULTS.md comes from the results it is made from: the rows'
// own figures, notes written by the figures from what they measured, and the
// explanations (lib/explanations.ts), which only restate those.
import { explain } from "./explanations.ts";
import type { Machine } from "./machine.ts";
import { fmt, fmtInterval, round, type Interval } from "./stats.ts";
import type { Row } from "./types.ts";

export interface Results {
  readonly mode: "full" | "quick";
  readonly machine: Machine;
  readonly loadAverage: { readonly start: readonly number[]; readonly end: readonly number[] };
  readonly durationS: number;
  /** Seconds each figure took, by name. */
  readonly figureSeconds?: Readonly<Record<string, number>>;
  readonly revision: string;
  readonly flowcCli: string;
  readonly plans: string;
  readonly versions: Readonly<Record<string, string>>;
  readonly rows: readonly Row[];
}

/** The budgets a run is held to (bench/README.md). */
export const BUDGET_S = { full: 25 * 60, quick: 180 } as const;

const VERDICT = (r: Row): string =>
  r.verdict === "met" ? "met" : r.verdict === "missed" ? "**missed**" : r.verdict === "not decided" ? "*not decided*" : r.flowc === null ? "not measured" : "—";

function digitsFor(unit: string): number {
  return unit === "ms" || unit === "MB" || unit === "s" || unit === "calls" || unit === "tokens" || unit === "bytes" ? 1 : 3;
}

export function value(row: Row): string {
  return fmt(row.flowc, digitsFor(row.unit), unitSuffix(row.unit));
}

export function peerValue(row: Row): string {
  return row.peer ? `${row.peer.name}: ${fmt(row.peer.value, digitsFor(row.unit), unitSuffix(row.unit))}` : "—";
}

function unitSuffix(unit: string): string {
  return unit === "×" || unit === "" || unit === "ratio" ? "" : ` ${unit}`;
}

/** `1.012–1.034 (101 pairs)`, or — */
export function intervalText(row: Row): string {
  const iv = row.interval;
  if (!iv) return "—";
  const d = iv.median < 10 ? 3 : 1;
  const unit = iv.of.includes("÷") ? (iv.n === 1 ? "pair" : "pairs") : iv.n === 1 ? "run" : "runs";
  return `${round(iv.low, d)}–${round(iv.high, d)} (${iv.n} ${unit})`;
}

/** The table printed at the top of RESULTS.md. */
export function table(rows: readonly Row[]): string {
  const head = ["figure", "flowc", "peer", "ratio (median, min–max)", "95 % interval of the judged median", "target", ""];
  const lines = rows.map((r) => [
    `${r.figure.split(".")[0]}. ${r.id}`,
    value(r),
    peerValue(r),
    r.ratio ? `${fmt(r.ratio, 3)}${r.ratioLabel ? ` (${r.ratioLabel})` : ""}` : "—",
    intervalText(r),
    r.target ?? "—",
    VERDICT(r),
  ]);
  const esc = (s: string): string => s.replace(/\|/g, "\\|");
  return [
    `| ${head.join(" | ")} |`,
    `| ${head.map(() => "---").join(" | ")} |`,
    ...lines.map((l) => `| ${l.map(esc).join(" | ")} |`),
  ].join("\n");
}

/** A plain console table (no markdown escapes): figure, flowc, ratio, interval, target, verdict. */
export function consoleTable(rows: readonly Row[]): string {
  const cells = rows.map((r) => [
    `${r.figure.split(".")[0]}. ${r.id}`,
    value(r),
    r.ratio ? fmt(r.ratio, 3) : "—",
    r.interval ? `${round(r.interval.low, 3)}–${round(r.interval.high, 3)}` : "",
    r.target ?? "",
    r.verdict === "met" ? "met" : r.verdict === "missed" ? "MISSED" : r.verdict === "not decided" ? "NOT DECIDED" : r.flowc === null ? "NOT MEASURED" : "",
  ]);
  const head = ["figure", "flowc (median (min–max))", "ratio", "95 % interval", "target", ""];
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]): string => c.map((x, i) => x.padEnd(widths[i]!)).join("  ").trimEnd();
  return [line(head), line(widths.map((w) => "-".repeat(w))), ...cells.map(line)].join("\n");
}

export function markdown(results: Results): string {
  const m = results.machine;
  const out: string[] = [];
  const quick = results.mode === "quick";
  out.push(quick ? "# flowc benchmark results (QUICK run)" : "# flowc benchmark results", "");
  if (quick) {
    out.push(
      "> **Quick run** (`npm run bench -- --quick`): reduced sizes and a few runs each, a smoke test of the harness.",
      "> Its figures are not the figures of record and most of its intervals are wide; run `npm run bench` for those.",
      "",
    );
  } else {
    out.push("Full run (`npm run bench` in `bench/`). Regenerate with the same command; `--quick` is a reduced smoke run.", "");
  }
  const budget = BUDGET_S[results.mode];
  const counts = { met: 0, missed: 0, "not decided": 0 } as Record<string, number>;
  for (const r of results.rows) if (r.verdict) counts[r.verdict]!++;
  out.push(
    "## Machine and date",
    "",
    `- date: ${m.date}`,
    `- machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.os}`,
    `- node: ${m.node}`,
    `- load average (1, 5, 15 min) at start: ${results.loadAverage.start.map((x) => round(x, 2)).join(", ")}; at end: ${results.loadAverage.end.map((x) => round(x, 2)).join(", ")}` +
      ` on ${m.cores} cores`,
    `- whole run: ${round(results.durationS, 1)} s` +
      (results.figureSeconds
        ? ` (${Object.entries(results.figureSeconds)
            .map(([k, v]) => `${k} ${round(v, 1)} s`)
            .join(", ")})`
        : "") +
      (results.durationS > budget ? `; over the ${budget} s budget of a ${results.mode} run` : `; within the ${budget} s budget of a ${results.mode} run`),
    `- flowc revision: ${results.revision}`,
    `- flowc plans: ${results.plans}`,
    `- flowc CLI (check, build): ${results.flowcCli}; the runtime always runs from its TypeScript sources through tsx`,
    `- peers: ${Object.entries(results.versions)
      .map(([k, v]) => `${k} ${v}`)
      .join(", ")}`,
    `- targets: ${counts.met} met, ${counts.missed} missed, ${counts["not decided"]} not decided`,
    "",
    "## How to read this",
    "",
    "Every figure is the median of several runs with the minimum and maximum beside it: `median (min–max)`.",
    "A ratio is taken run by run between runs made side by side (order rotated in every pair), then summarized the same way.",
    "Beside it is a 95 % bootstrap interval of the median that the target is judged on (2,000 resamples, seeded: lib/stats.ts):",
    "how far that median would move if the same number of runs were made again.",
    "A target is **met** when the whole interval is on the right side of its limit, **missed** when the whole interval is on the",
    "wrong side, and *not decided* when the interval contains the limit: the row then says how many pairs would decide it",
    "if the median and the spread stayed as they are. Exact targets (answers right, a context that does not grow) are met or missed.",
    "Each row names the state of every cache that could change it. All model traffic goes to a loopback OpenAI-compatible",
    "server (`bench/server/`, node:http in a worker thread) that answers by rule after a configured latency.",
    "",
    "## Summary",
    "",
    table(results.rows),
    "",
  );
  const missed = results.rows.filter((r) => r.verdict === "missed");
  const undecided = results.rows.filter((r) => r.verdict === "not decided");
  const unmeasured = results.rows.filter((r) => r.flowc === null);
  out.push("## Targets missed", "");
  if (missed.length === 0) out.push("None.", "");
  for (const r of missed) out.push(`- ${headline(r, results.rows)}`);
  if (missed.length > 0) out.push("");
  out.push("## Targets not decided", "");
  if (undecided.length === 0) out.push("None.", "");
  for (const r of undecided) out.push(`- ${headline(r, results.rows)} To decide it: ${r.decide ?? "more runs"}.`);
  if (undecided.length > 0) out.push("");
  if (unmeasured.length > 0) {
    out.push("## Not measured", "");
    for (const r of unmeasured) out.push(`- **${r.id}** (${r.figure}): ${(r.notes ?? []).join(" ")}`);
    out.push("");
  }

  let figure = "";
  for (const r of results.rows) {
    if (r.figure !== figure) {
      figure = r.figure;
      out.push(`## ${figure}`, "");
    }
    out.push(`### ${r.id}`, "");
    out.push(`- measured: ${r.measured}`);
    if (r.caches) out.push(`- caches: ${r.caches}`);
    out.push(`- flowc: ${value(r)}`);
    if (r.peer) out.push(`- peer (${r.peer.name}): ${fmt(r.peer.value, digitsFor(r.unit), unitSuffix(r.unit))}`);
    if (r.ratioLabel) out.push(`- ratio, ${r.ratioLabel}: ${fmt(r.ratio, 3)}`);
    if (r.interval) out.push(`- 95 % bootstrap interval of the median ${r.interval.of}: ${intervalText(r)}, median ${round(r.interval.median, 4)}`);
    if (r.target) out.push(r.verdict ? `- target: ${r.target} — ${VERDICT(r)}` : `- target: ${r.target}`);
    if (r.verdict === "not decided" && r.decide) out.push(`- to decide it: ${r.decide}`);
    const why = explain(r, results.rows);
    if (why) out.push(`- ${r.verdict === "missed" ? "why missed" : "what the run measured around it"}: ${why}`);
    for (const n of r.notes ?? []) if (n) out.push(`- ${n}`);
    if (r.extra && Object.keys(r.extra).length > 0) {
      const show = (v: unknown): string =>
        typeof v === "number" ? String(round(v, 3)) : v && typeof v === "object" && "low" in v && "high" in v ? fmtInterval(v as Interval) : JSON.stringify(v);
      out.push(`- details: ${Object.entries(r.extra).map(([k, v]) => `${k} = ${show(v)}`).join("; ")}`);
    }
    out.push("");
  }
  return out.join("\n");
}

function headline(r: Row, rows: readonly Row[]): string {
  const why = explain(r, rows);
  return (
    `**${r.id}** (${r.figure}): ${value(r)}` +
    (r.ratio ? `; ${r.ratioLabel}: ${fmt(r.ratio, 3)}` : "") +
    (r.interval ? `; 95 % interval of the median ${r.interval.of}: ${intervalText(r)}` : "") +
    `; target ${r.target}.` +
    (why ? ` Measured: ${why}.` : "")
  );
}
