// The call bounds of a module as text (what `flowc graph` prints on stderr).
import type { PlanModule } from "../../plan/ir.ts";
import { estimate, type CallBounds } from "./index.ts";

export interface BoundsReportOptions {
  /** Only this callable. */
  readonly only?: string;
  readonly sizes?: ReadonlyMap<string, number>;
}

function usd(n: number): string {
  return n < 0.01 ? `$${n.toFixed(4)}` : `$${n.toFixed(2)}`;
}

export function boundsReport(bounds: CallBounds, module: PlanModule, options: BoundsReportOptions = {}): string {
  const lines = ["worst-case LLM requests per call:"];
  const callables = module.decls.filter((d) => (d.kind === "worker" || d.kind === "flow") && (!options.only || d.name === options.only));
  const width = Math.max(0, ...callables.map((d) => d.name.length));
  for (const d of callables) {
    if (d.kind !== "worker" && d.kind !== "flow") continue;
    const bound = bounds.of({ kind: d.kind, name: d.name, module: module.file });
    lines.push(`  ${d.name.padEnd(width)}  ${bound.text}`);
    if (bound.runtimeSizes.length > 0) lines.push(`  ${"".padEnd(width)}  known only at run time: ${bound.runtimeSizes.join("; ")}`);
    if (!options.sizes || options.sizes.size === 0 || bound.worst.unbounded.length > 0) continue;
    const e = estimate(bound, options.sizes);
    if (e.missing.length > 0) {
      lines.push(`  ${"".padEnd(width)}  estimate needs ${e.missing.map((m) => `--size ${m}=N`).join(" ")}`);
    } else if (e.requests && e.usd) {
      const cost = `${usd(e.usd.low)}–${usd(e.usd.high)}`;
      const unpriced = e.unpriced.length > 0 ? ` (no price for ${e.unpriced.join(", ")})` : "";
      lines.push(`  ${"".padEnd(width)}  ${e.requests.low}–${e.requests.high} requests, about ${cost}${unpriced}`);
    }
  }
  return `${lines.join("\n")}\n`;
}
