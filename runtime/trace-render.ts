// `flowc trace`: a trace's frames as a call tree, with usage and time per node.
// A journal resumed into itself holds several runs (a run-start each): a frame
// started again is the same node. What is shown is redacted as messages are
// (known secrets and key-like patterns): a display is read, never resumed from.
import { redact } from "./redact.ts";
import type { TraceEvent } from "./trace.ts";
import type { UsageTotals } from "./usage.ts";

interface Node {
  readonly path: string;
  readonly label: string;
  readonly t: number;
  status: string;
  readonly children: Node[];
  readonly notes: string[];
}

/** Accepts the trace as text, lines, or parsed events. */
export function renderTrace(trace: string | readonly string[] | readonly TraceEvent[]): string {
  const events = parseEvents(trace);
  const nodes = new Map<string, Node>();
  const roots: Node[] = [];
  const starts: string[] = [];
  const ends: string[] = [];
  for (const event of events) {
    switch (event.type) {
      case "start": {
        const again = nodes.get(event.path);
        if (again) {
          again.status = "… running"; // run again after a resume
          break;
        }
        const kind = event.model ? `${event.kind}, ${event.model}` : event.kind;
        const label = `${relative(event.path, event.parent)} (${kind})`;
        const node: Node = { path: event.path, label, t: event.t, status: "… running", children: [], notes: [] };
        nodes.set(event.path, node);
        const parent = event.parent === null ? undefined : nodes.get(event.parent);
        (parent ? parent.children : roots).push(node);
        break;
      }
      case "end": {
        const node = nodes.get(event.path);
        if (node) node.status = `${usageText(event.usage)}  ${ms(event.durationMs)}${event.resumed ? "  (resumed)" : ""}`;
        break;
      }
      case "error": {
        const node = nodes.get(event.path);
        if (node) node.status = `✗ ${event.error}  ${usageText(event.usage)}  ${ms(event.durationMs)}`;
        break;
      }
      case "approval":
        nodes.get(event.path)?.notes.push(`approval: ${event.decision} (${event.by === "remembered" ? "remembered" : `by ${event.by}`})${event.reason ? `: ${event.reason}` : ""}`);
        break;
      case "run-start":
        if (starts.length === 0) starts.push(`run ${event.callable} (${event.kind}) at ${event.startedAt}`);
        else starts.push(`resumed at ${event.startedAt}${event.resumed ? ` (${event.resumed.entries} results from the journal)` : ""}`);
        break;
      case "run-end":
        ends.push(`${event.ok ? "ok" : `failed: ${event.error ?? "unknown error"}`}  total ${usageText(event.usage)}  ${ms(event.durationMs)}`);
        break;
      default:
        break;
    }
  }
  const lines = [...starts];
  for (const [i, root] of roots.entries()) renderNode(root, "", i === roots.length - 1, lines, true);
  lines.push(...ends);
  return redact(`${lines.join("\n")}\n`);
}

function renderNode(node: Node, prefix: string, last: boolean, out: string[], isRoot = false): void {
  const branch = isRoot ? "" : last ? "└─ " : "├─ ";
  out.push(`${prefix}${branch}${node.label}  ${node.status}`);
  const childPrefix = isRoot ? prefix : prefix + (last ? "   " : "│  ");
  for (const note of node.notes) out.push(`${childPrefix}${node.children.length > 0 ? "│ " : "  "} ${note}`);
  const children = [...node.children].sort((a, b) => a.t - b.t);
  children.forEach((child, i) => renderNode(child, childPrefix, i === children.length - 1, out));
}

/** The part of a path below its parent frame (`map[2]/evaluate_deck`). */
function relative(path: string, parent: string | null): string {
  return parent !== null && path.startsWith(`${parent}/`) ? path.slice(parent.length + 1) : path;
}

function usageText(usage: UsageTotals | undefined): string {
  if (!usage || usage.calls === 0) return "0 calls";
  const usd = usage.usd === null ? "" : `  ${formatUsd(usage.usd)}`;
  return `${usage.calls} call${usage.calls === 1 ? "" : "s"}  ${usage.promptTokens}+${usage.completionTokens} tok${usd}`;
}

/** Cents for real money, two significant digits for the tiny amounts of single calls. */
export function formatUsd(usd: number): string {
  if (usd === 0) return "$0";
  return usd >= 1 ? `$${usd.toFixed(2)}` : `$${Number(usd.toPrecision(2))}`;
}

function ms(value: number): string {
  return value >= 1000 ? `${(value / 1000).toFixed(1)}s` : `${Math.round(value)}ms`;
}

function parseEvents(trace: string | readonly string[] | readonly TraceEvent[]): TraceEvent[] {
  const items = typeof trace === "string" ? trace.split("\n") : trace;
  const events: TraceEvent[] = [];
  for (const item of items) {
    if (typeof item !== "string") events.push(item);
    else if (item.trim() !== "") {
      try {
        events.push(JSON.parse(item) as TraceEvent);
      } catch {
        // a torn last line of a crashed run
      }
    }
  }
  return events;
}
