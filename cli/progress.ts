// Progress bars for `flowc run` on a terminal: one bar per running `map`
// (done/total, failures, rate), fed by the runtime's `onEvent`. Retries are
// logged above the bars. Off a terminal nothing is drawn.
import type { MultiBar, SingleBar } from "cli-progress";
import type { RunEvent } from "../runtime/options.ts";
import { importExternal } from "../compiler/external.ts";
import { colors } from "./output.ts";

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
        case "retry": {
          const status = event.status === undefined ? "" : ` (HTTP ${event.status})`;
          multi.log(
            `${c.yellow("retry")} ${event.path}: ${event.model}${status}, attempt ${event.attempt}, waiting ${Math.round(event.delayMs)}ms\n`,
          );
          break;
        }
        default:
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
