// bench/results.json (everything, runs included) and bench/RESULTS.md (readable).
import { explain } from "./explanations.ts";
import type { Machine } from "./machine.ts";
import { fmt, round } from "./stats.ts";
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

const PASS = (p: boolean | null | undefined): string => (p === true ? "met" : p === false ? "**missed**" : "—");

function digitsFor(unit: string): number {
  return unit === "ms" || unit === "MB" || unit === "s" || unit === "calls" || unit === "tokens" ? 1 : 3;
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

/** The table printed on the console and at the top of RESULTS.md. */
export function table(rows: readonly Row[]): string {
  const head = ["figure", "flowc", "peer", "ratio (median, min–max)", "target", ""];
  const lines = rows.map((r) => [
    `${r.figure.split(".")[0]}. ${r.id}`,
    value(r),
    peerValue(r),
    r.ratio ? `${fmt(r.ratio, 3)} ${r.ratioLabel ? `(${r.ratioLabel})` : ""}` : r.ratioLabel && !r.ratio ? "—" : "—",
    r.target ?? "—",
    PASS(r.pass),
  ]);
  const esc = (s: string): string => s.replace(/\|/g, "\\|");
  return [
    `| ${head.join(" | ")} |`,
    `| ${head.map(() => "---").join(" | ")} |`,
    ...lines.map((l) => `| ${l.map(esc).join(" | ")} |`),
  ].join("\n");
}

/** A plain console table (no markdown escapes): figure, flowc, ratio, target, verdict. */
export function consoleTable(rows: readonly Row[]): string {
  const cells = rows.map((r) => [
    `${r.figure.split(".")[0]}. ${r.id}`,
    value(r),
    r.ratio ? fmt(r.ratio, 3) : "—",
    r.target ?? "",
    r.pass === true ? "met" : r.pass === false ? "MISSED" : r.flowc === null ? "NOT MEASURED" : "",
  ]);
  const head = ["figure", "flowc (median (min–max))", "ratio", "target", ""];
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]): string => c.map((x, i) => x.padEnd(widths[i]!)).join("  ").trimEnd();
  return [line(head), line(widths.map((w) => "-".repeat(w))), ...cells.map(line)].join("\n");
}

export function markdown(results: Results): string {
  const m = results.machine;
  const out: string[] = [];
  out.push("# flowc benchmark results", "");
  if (results.mode === "quick") {
    out.push(
      "> **Quick run** (`npm run bench -- --quick`): reduced sizes and fewer runs, a smoke test of the harness.",
      "> These are not the figures of record; run `npm run bench` for those.",
      "",
    );
  } else {
    out.push("Full run (`npm run bench` in `bench/`). Regenerate with the same command; `--quick` is a reduced smoke run.", "");
  }
  out.push(
    "## Machine and date",
    "",
    `- date: ${m.date}`,
    `- machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.os}`,
    `- node: ${m.node}`,
    `- load average (1, 5, 15 min) at start: ${results.loadAverage.start.map((x) => round(x, 2)).join(", ")}; at end: ${results.loadAverage.end.map((x) => round(x, 2)).join(", ")}` +
      " (other work on the machine shows here: the figures are ratios taken run by run for that reason)",
    `- whole run: ${round(results.durationS, 1)} s` +
      (results.figureSeconds
        ? ` (${Object.entries(results.figureSeconds)
            .map(([k, v]) => `${k} ${round(v, 1)} s`)
            .join(", ")})`
        : "") +
      (results.mode === "full" && results.durationS > 900
        ? "; **over the 15-minute budget** of a full run, because of the slow figures named here (see Targets missed)"
        : results.mode === "quick" && results.durationS > 60
          ? "; over the 60-second budget of a quick run"
          : ""),
    `- flowc revision: ${results.revision}`,
    `- flowc plans: ${results.plans}`,
    `- flowc CLI (check, build): ${results.flowcCli}; the runtime always runs from its TypeScript sources through tsx`,
    `- peers: ${Object.entries(results.versions)
      .map(([k, v]) => `${k} ${v}`)
      .join(", ")}`,
    "",
    "## How to read this",
    "",
    "Every figure is the median of several runs with the minimum and maximum beside it: `median (min–max)`.",
    "A ratio is taken run by run between runs made side by side (interleaved, order rotated), then summarized the same way,",
    "so a slow moment of the machine weighs on both sides of a ratio. All model traffic goes to a loopback",
    "OpenAI-compatible server (`bench/server/`, node:http in a worker thread) that answers by rule after a configured latency.",
    "",
    "## Summary",
    "",
    table(results.rows),
    "",
  );
  const missed = results.rows.filter((r) => r.pass === false);
  const unmeasured = results.rows.filter((r) => r.flowc === null);
  out.push("## Targets missed", "");
  if (missed.length === 0 && unmeasured.length === 0) out.push("None.", "");
  for (const r of missed) {
    const why = explain(r, results.rows);
    out.push(`- **${r.id}** (${r.figure}): ${value(r)}${r.ratio ? `; ${r.ratioLabel}: ${fmt(r.ratio, 3)}` : ""}; target ${r.target}.${why ? ` Why: ${why}` : ""}`);
  }
  for (const r of unmeasured) out.push(`- **${r.id}** (${r.figure}) was not measured: ${(r.notes ?? []).join(" ")}`);
  if (missed.length + unmeasured.length > 0) out.push("");

  let figure = "";
  for (const r of results.rows) {
    if (r.figure !== figure) {
      figure = r.figure;
      out.push(`## ${figure}`, "");
    }
    out.push(`### ${r.id}`, "");
    out.push(`- measured: ${r.measured}`);
    out.push(`- flowc: ${value(r)}`);
    if (r.peer) out.push(`- peer (${r.peer.name}): ${fmt(r.peer.value, digitsFor(r.unit), unitSuffix(r.unit))}`);
    if (r.ratioLabel) out.push(`- ratio, ${r.ratioLabel}: ${fmt(r.ratio, 3)}`);
    if (r.target) out.push(r.pass === null || r.pass === undefined ? `- target: ${r.target}` : `- target: ${r.target} — ${PASS(r.pass)}`);
    const why = explain(r, results.rows);
    if (why) out.push(`- why missed: ${why}`);
    for (const n of r.notes ?? []) if (n) out.push(`- ${n}`);
    if (r.extra && Object.keys(r.extra).length > 0) {
      out.push(`- details: ${Object.entries(r.extra).map(([k, v]) => `${k} = ${typeof v === "number" ? round(v, 3) : JSON.stringify(v)}`).join("; ")}`);
    }
    out.push("");
  }
  return out.join("\n");
}
