// Request limits shared by every map of a run, nested maps included: per model,
// at most `concurrency` requests in flight and `rpm` request starts in any
// sliding minute; per run, at most RunOptions.maxInFlight requests in flight
// (RunState.inFlight, a `Slots`).
import { raceAbort, throwIfAborted, type Clock } from "./clock.ts";
import { ConfigError } from "./errors.ts";

export interface ModelLimit {
  /** Requests in flight at once for this model. */
  readonly concurrency?: number;
  /** Request starts per minute for this model. */
  readonly rpm?: number;
}

export type ModelLimits = Readonly<Record<string, ModelLimit>>;

const MINUTE_MS = 60_000;

/**
 * A counting semaphore. A free slot is taken without a promise (`tryTake`),
 * so a request that does not have to wait costs no async layer; a slot given
 * back passes straight to the next waiter.
 */
export class Slots {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly max: number) {}

  tryTake(): boolean {
    if (this.active >= this.max) return false;
    this.active++;
    return true;
  }

  async take(signal: AbortSignal, path: string): Promise<void> {
    throwIfAborted(signal, path);
    if (this.tryTake()) return;
    let wake!: () => void;
    const turn = new Promise<void>((resolve) => (wake = resolve));
    this.waiting.push(wake);
    try {
      await raceAbort(turn, signal, path);
    } catch (error) {
      const index = this.waiting.indexOf(wake);
      if (index >= 0) this.waiting.splice(index, 1);
      else this.give(); // the slot was handed over just as we aborted
      throw error;
    }
  }

  give(): void {
    // Most requests find no one waiting: no shift() of an empty queue on their way out.
    if (this.waiting.length === 0) this.active--;
    else this.waiting.shift()!();
  }
}

export class ModelLimiter {
  private readonly slots: Slots;
  private readonly starts: number[] = [];

  constructor(
    private readonly limit: ModelLimit,
    private readonly clock: Clock,
  ) {
    this.slots = new Slots(limit.concurrency ?? Infinity);
  }

  /** Waits for a free slot (and a rate token); returns the function that frees the slot. */
  async acquire(signal: AbortSignal, path: string): Promise<() => void> {
    await this.slots.take(signal, path);
    try {
      await this.rate(signal, path);
    } catch (error) {
      this.slots.give();
      throw error;
    }
    let released = false;
    return () => {
      if (!released) {
        released = true;
        this.slots.give();
      }
    };
  }

  private async rate(signal: AbortSignal, path: string): Promise<void> {
    const rpm = this.limit.rpm;
    if (rpm === undefined) return;
    for (;;) {
      const now = this.clock.now();
      while (this.starts.length > 0 && this.starts[0]! <= now - MINUTE_MS) this.starts.shift();
      if (this.starts.length < rpm) {
        this.starts.push(now);
        return;
      }
      await this.clock.sleep(this.starts[0]! + MINUTE_MS - now, signal);
    }
  }
}

/** The limiters of one run, looked up by model alias first, then by model id. */
export class RunLimits {
  private readonly limiters = new Map<string, ModelLimiter>();

  constructor(
    private readonly config: ModelLimits,
    private readonly clock: Clock,
  ) {
    for (const [model, limit] of Object.entries(config)) {
      for (const key of ["concurrency", "rpm"] as const) {
        const value = limit[key];
        if (value !== undefined && (!Number.isInteger(value) || value < 1)) {
          throw new ConfigError(`limits.${model}.${key} must be a positive integer, got ${value}`);
        }
      }
    }
  }

  forModel(alias: string, id: string): ModelLimiter | undefined {
    const key = this.config[alias] ? alias : this.config[id] ? id : undefined;
    if (key === undefined) return undefined;
    let limiter = this.limiters.get(key);
    if (!limiter) this.limiters.set(key, (limiter = new ModelLimiter(this.config[key]!, this.clock)));
    return limiter;
  }
}
