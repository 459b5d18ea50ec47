// The diff report as markdown (a pull-request comment) and as JSON (machines).
import { CHANGE_CLASSES, type Change, type ChangeClass, type DiffReport } from "./types.ts";

const MARK: Record<ChangeClass, string> = { breaking: "🔴 **breaking**", dangerous: "🟠 **dangerous**", safe: "🟢 safe" };

function code(text: string): string {
  const fence = text.includes("`") ? "``" : "`";
  return `${fence}${fence === "``" ? " " : ""}${text}${fence === "``" ? " " : ""}${fence}`;
}

function beforeAfter(c: Change): string {
  if (c.before === undefined && c.after === undefined) return "";
  const multiline = (c.before ?? "").includes("\n") || (c.after ?? "").includes("\n");
  if (multiline) {
    const block = (label: string, text: string | undefined) => (text === undefined ? [] : [`  ${label}:`, "", "  ```", ...text.split("\n").map((l) => `  ${l}`), "  ```", ""]);
    return `\n${[...block("before", c.before), ...block("after", c.after)].join("\n")}`;
  }
  if (c.before === undefined) return `: ${code(c.after!)}`;
  if (c.after === undefined) return `: was ${code(c.before)}`;
  return `: ${code(c.before)} → ${code(c.after)}`;
}

function changeLines(c: Change): string[] {
  const lines = [`- ${MARK[c.class]} ${c.reason}${beforeAfter(c)}`];
  if (c.diff) {
    lines.push("", "  <details><summary>line diff</summary>", "", "  ```diff", ...c.diff.split("\n").map((l) => `  ${l}`), "  ```", "", "  </details>");
  }
  return lines;
}

function countsLine(report: DiffReport): string {
  if (report.changes.length === 0) return "No changes to the plan.";
  const parts = CHANGE_CLASSES.map((c) => `${report.counts[c]} ${c}`);
  const total = report.changes.length;
  return `**${total} ${total === 1 ? "change" : "changes"}**: ${parts.join(", ")}`;
}

export function toMarkdown(report: DiffReport): string {
  const out = [`## flowc diff: ${code(report.base)} → ${code(report.head)}`, "", countsLine(report)];
  const subjects: string[] = [];
  for (const c of report.changes) if (!subjects.includes(c.subject)) subjects.push(c.subject);
  for (const subject of subjects) {
    const list = report.changes.filter((c) => c.subject === subject);
    const rank = (c: Change) => CHANGE_CLASSES.indexOf(c.class);
    const sorted = list.map((c, i) => [c, i] as const).sort((x, y) => rank(x[0]) - rank(y[0]) || x[1] - y[1]).map(([c]) => c);
    out.push("", `### ${code(subject)} (${list[0]!.subjectKind})`, "");
    for (const c of sorted) out.push(...changeLines(c));
    const shape = report.shapes.find((s) => s.subject === subject);
    if (shape) {
      out.push("", "<details open><summary>shape before and after</summary>", "", "Before:", "", "```mermaid", shape.before.trimEnd(), "```", "", "After:", "", "```mermaid", shape.after.trimEnd(), "```", "", "</details>");
    }
  }
  return `${out.join("\n")}\n`;
}

export function toJson(report: DiffReport): string {
  const json = {
    base: report.base,
    head: report.head,
    counts: report.counts,
    changes: report.changes.map((c) => ({
      class: c.class,
      rule: c.rule,
      subject: c.subject,
      kind: c.subjectKind,
      reason: c.reason,
      ...(c.before === undefined ? {} : { before: c.before }),
      ...(c.after === undefined ? {} : { after: c.after }),
      ...(c.diff === undefined ? {} : { diff: c.diff }),
    })),
    shapes: report.shapes,
  };
  return `${JSON.stringify(json, null, 2)}\n`;
}
