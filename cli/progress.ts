// Progress bars for `flowc run` on a terminal: one bar per running `map`
// (done/total, failures, rate), fed by the runtime's `onEvent`. Retries and
// repairs are logged above the bars; off a terminal nothing is drawn, and each
// retry and repair is a line on stderr instead (logRunEvent).
import type { MultiBar, SingleBar } from "cli-progress";
import type { RunEvent } from "../runtime/options.ts";
import { importExternal } from "../compiler/external.ts";
import { colors, writeErr, type Colors } from "./output.ts";

/** Finished bars are removed once more than this many are on screen. */
const MAX_VISIBLE = 8;

export interface Progress {
  readonly onEvent: (event: RunEvent) => void;
  /** Stops drawing (idempotent); call before printing the result. */
  stop(): void;
}

interface BarState {
  readonly bar: SingleBar;
  readonly startedAt: number;
  done: boolean;
}

/** Bars on stderr. `cli-progress` is loaded only when a terminal will show it. */
export async function createProgress(stream: NodeJS.WriteStream = process.stderr): Promise<Progress> {
  const { default: cliProgress } = await importExternal<{ default: typeof import("cli-progress") }>("cli-progress");
  const c = colors();
  const multi: MultiBar = new cliProgress.MultiBar(
    {
      stream,
      format: (options, params, payload: { label: string; failed: number; rate: string }) => {
        const bar = cliProgress.Format.BarFormat(params.progress, options);
        const failed = payload.failed > 0 ? c.red(` ${payload.failed} failed`) : "";
        return `${payload.label} ${c.cyan(bar)} ${params.value}/${params.total}${failed} ${c.dim(payload.rate)}`;
      },
      barsize: 20,
      hideCursor: true,
      clearOnComplete: false,
      stopOnComplete: false,
      gracefulExit: true,
      autopadding: true,
    },
    cliProgress.Presets.shades_classic,
  );
  const bars = new Map<string, BarState>();
  let stopped = false;

  // Leave room for the bar (20), counts, failures and rate on one terminal line.
  const width = Math.max(12, Math.min(36, (stream.columns ?? 80) - 50));
  const label = (path: string) => {
    const shown = path.length > width ? `…${path.slice(path.length - width + 1)}` : path;
    return shown.padEnd(width);
  };
  const rate = (state: BarState, done: number) => {
    const seconds = (Date.now() - state.startedAt) / 1000;
    if (seconds <= 0) return "";
    const perSecond = done / seconds;
    return `${perSecond >= 10 ? Math.round(perSecond) : perSecond.toFixed(1)}/s`;
  };
  const prune = () => {
    if (bars.size <= MAX_VISIBLE) return;
    for (const [path, state] of bars) {
      if (bars.size <= MAX_VISIBLE) break;
      if (state.done) {
        multi.remove(state.bar);
        bars.delete(path);
      }
    }
  };

  return {
    onEvent(event) {
      if (stopped) return;
      switch (event.type) {
        case "map-start": {
          const bar = multi.create(event.total, 0, { label: label(event.path), failed: 0, rate: "" });
          bars.set(event.path, { bar, startedAt: Date.now(), done: false });
          prune();
          break;
        }
        case "map-progress": {
          const state = bars.get(event.path);
          if (!state) break;
          state.bar.setTotal(event.total);
          state.bar.update(event.done + event.failed, { failed: event.failed, rate: rate(state, event.done + event.failed) });
          break;
        }
        case "map-end": {
          const state = bars.get(event.path);
          if (!state) break;
          state.done = true;
          prune();
          break;
        }
        case "retry":
        case "repair":
          multi.log(`${eventLine(event, c)}\n`);
          break;
        case "run-end":
        case "resume":
          break;
      }
    },
    stop() {
      if (stopped) return;
      stopped = true;
      multi.stop();
    },
  };
}

/** A retry or a repair as one line on stderr (when no progress bars are drawn); other events print nothing. */
export function logRunEvent(event: RunEvent): void {
  if (event.type === "retry" || event.type === "repair") writeErr(eventLine(event, colors()));
}

/** `retry fan/map[3]/shout: gpt-4.1-mini (HTTP 429), attempt 1 of 7 failed, next in 250ms: Rate limit reached`. */
function eventLine(event: Extract<RunEvent, { type: "retry" | "repair" }>, c: Colors): string {
  if (event.type === "repair") {
    return `${c.yellow("repair")} ${event.path}: invalid answer, repair turn ${event.repair} of ${event.repairTurns}: ${oneLine(event.problem)}`;
  }
  const status = event.status === undefined ? "" : ` (HTTP ${event.status})`;
  const next = `next in ${Math.round(event.delayMs)}ms`;
  return `${c.yellow("retry")} ${event.path}: ${event.model}${status}, attempt ${event.attempt} of ${event.retries + 1} failed, ${next}: ${oneLine(event.error)}`;
}

function oneLine(text: string, max = 200): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}
