import type { Row } from "./types.ts";

export function errorText(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split("\n").slice(0, 6).join(" ").slice(0, 600);
}

/** A row for a figure that could not be measured: reported as such, never dropped. */
export function notMeasured(figure: string, id: string, measured: string, error: unknown, unit = "ms"): Row {
  return { figure, id, measured, unit, flowc: null, pass: null, notes: [`not measured: ${errorText(error)}`] };
}
