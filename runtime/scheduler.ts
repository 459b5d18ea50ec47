// Bounded, order-preserving, fail-fast execution of many items, and the tree
// reduction built on it. Each run of items gets its own AbortController: the
// first failure aborts the siblings in flight, the run waits for them to settle
// (so their frames close and dispose), then rejects with that first failure.
// A budget that ran out drains instead: no item starts, but the siblings in
// flight finish their requests, which the budget already holds (aborting them
// would waste what was paid for; their next request is refused anyway).
import { setMaxListeners } from "node:events";
import { AbortSource } from "./abort-source.ts";
import { BudgetExceededError, ConfigError, FlowcError } from "./errors.ts";

export interface Progress {
  start(total: number): void;
  update(done: number, failed: number, total: number): void;
  end(): void;
}

export const NO_PROGRESS: Progress = { start() {}, update() {}, end() {} };

/** Where one item runs (a map item's scope): opened as the item starts, closed once it settled. */
export interface ItemScope {
  /** Undefined when there is nothing to wait for. */
  close(): Promise<void> | undefined;
}

/** For items that need no scope of their own. */
export const NO_ITEM_SCOPE: ItemScope = { close: () => undefined };

/** What `runBounded` runs, and how. */
export interface BoundedRun<T, R, S extends ItemScope> {
  readonly items: readonly T[];
  /** Items running at once. */
  readonly concurrency: number;
  /** The abort the items follow (a failure of theirs aborts only their siblings). */
  readonly parent: AbortSource;
  /** Where the items run, for errors. */
  readonly path: string;
  /** Opens an item's scope as it starts; the lane closes it once the item settled. */
  readonly open: (index: number, abort: AbortSource) => S;
  readonly task: (item: T, index: number, scope: S, abort: AbortSource) => Promise<R>;
  readonly progress?: Progress;
}

export async function runBounded<T, R, S extends ItemScope>(run: BoundedRun<T, R, S>): Promise<R[]> {
  const { items, concurrency, parent, path, open, task, progress = NO_PROGRESS } = run;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new ConfigError(`concurrency must be a positive integer, got ${concurrency} at ${path}`);
  }
  parent.throwIfAborted(path);
  // The items' own abort: the first failure stops the siblings, not the parent.
  const abort = new AbortSource();
  setMaxListeners(0, abort.signal);
  const stopFollowing = abort.follow(parent.signal);
  const results = new Array<R>(items.length);
  let next = 0;
  let done = 0;
  let failed = 0;
  let firstError: { readonly error: unknown } | undefined;
  let draining = false;

  const lane = async () => {
    while (next < items.length && !abort.aborted && !draining) {
      const index = next++;
      // The item runs and its scope closes right here in the lane, not in an
      // async function of its own: one promise and one job less per item.
      const scope = open(index, abort);
      let ok = true;
      let error: unknown;
      try {
        results[index] = await task(items[index]!, index, scope, abort);
      } catch (caught) {
        ok = false;
        error = caught;
      }
      const closing = scope.close();
      if (closing) await closing;
      if (ok) {
        done++;
      } else {
        failed++;
        firstError ??= { error };
        if (error instanceof BudgetExceededError) draining = true;
        else abort.abort(firstError.error);
      }
      progress.update(done, failed, items.length);
    }
  };

  progress.start(items.length);
  try {
    await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, lane));
  } finally {
    stopFollowing();
    progress.end();
  }
  if (firstError) throw firstError.error;
  parent.throwIfAborted(path);
  return results;
}

/** How many combining calls a tree reduction of `count` items makes (single leftovers pass through). */
export function reduceCallCount(count: number, batch: number): number {
  let calls = 0;
  for (let level = count; level > 1; level = Math.ceil(level / batch)) {
    calls += Math.floor(level / batch) + (level % batch > 1 ? 1 : 0);
  }
  return calls;
}

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export class EmptyReduceError extends FlowcError {
  constructor(path: string) {
    super(`reduce over an empty list at ${path}: there is nothing to combine (give the result for an empty list: reduce xs with f (empty: value))`);
  }
}
