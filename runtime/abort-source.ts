// Where the runtime's own aborts come from (a run, a map), readable without
// touching the signal. Every AbortSignal in Node 20 gets a hidden class of its
// own (it is an EventTarget given a new prototype), so code that reads
// `signal.aborted` per call is deoptimized whenever a new signal comes along:
// each run and each map, measured as several recompilations per run on the
// dispatch path. The per-call checks read `AbortSource.aborted`, a field of
// one stable class, instead.
import { abortReason } from "./errors.ts";

export class AbortSource {
  readonly #controller = new AbortController();
  readonly signal: AbortSignal = this.#controller.signal;
  /** Set before the signal's listeners run, as `signal.aborted` is. */
  aborted = false;

  abort(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.#controller.abort(reason);
  }

  /** Throws the abort reason (named after `path` when it is not an error of its own) once aborted. */
  throwIfAborted(path: string): void {
    if (this.aborted) throw abortReason(this.signal, path);
  }

  /**
   * Aborts when `outer` does, with its reason; returns the function that stops
   * listening. A source made for an aborted signal starts aborted.
   */
  follow(outer: AbortSignal | undefined): () => void {
    if (!outer) return NOTHING_TO_UNDO;
    if (outer.aborted) {
      this.abort(outer.reason);
      return NOTHING_TO_UNDO;
    }
    const onAbort = () => this.abort(outer.reason);
    outer.addEventListener("abort", onAbort, { once: true });
    return () => outer.removeEventListener("abort", onAbort);
  }
}

const NOTHING_TO_UNDO = (): void => {};
