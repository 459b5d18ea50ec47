// Process warnings (e.g. MaxListenersExceededWarning) are collected, printed
// once each, and attributed to the code that raised them, for the report.
const seen = new Map<string, { count: number; source: string }>();

function sourceOf(stack: string): string {
  if (stack.includes("/runtime/")) return "flowc runtime";
  if (stack.includes("@langchain")) return "LangGraph/LangChain";
  if (stack.includes("/ai/") || stack.includes("@ai-sdk")) return "AI SDK";
  return "unknown";
}

export function collectWarnings(): void {
  process.removeAllListeners("warning");
  process.on("warning", (w) => {
    const source = sourceOf(w.stack ?? "");
    const key = `${w.name}: ${w.message}`;
    const entry = seen.get(`${source}\0${key}`);
    if (entry) entry.count++;
    else {
      seen.set(`${source}\0${key}`, { count: 1, source });
      process.stderr.write(`  (warning from ${source}, shown once) ${key}\n`);
    }
  });
}

/** Warnings since the last call, as report notes. */
export function takeWarnings(): string[] {
  const out = [...seen.entries()].map(([k, v]) => `process warning ×${v.count} (from ${v.source}): ${k.split("\0")[1]}`);
  seen.clear();
  return out;
}
