// The FlowContext a flow body (and each map item) sees: `call` is the one
// dispatch path; `map`/`filter`/`reduce` schedule items in child scopes
// (`map[3]`, `filter[0]`, `reduce[1][2]` = level 1, batch 2).
import type { AbortSource } from "./abort-source.ts";
import { dispatch } from "./callable.ts";
import type { Scope } from "./frame.ts";
import { chunk, EmptyReduceError, NO_ITEM_SCOPE, NO_PROGRESS, reduceCallCount, runBounded, type Progress } from "./scheduler.ts";
import { ConfigError } from "./errors.ts";
import type { FlowContext, MapOptions, ReduceOptions } from "./types.ts";

import { DEFAULT_REDUCE_BATCH } from "./defaults.ts";
export { DEFAULT_REDUCE_BATCH };

export function makeFlowContext(scope: Scope): FlowContext {
  return new ScopeContext(scope);
}

/**
 * The FlowContext of one scope (a flow body's frame, or one map item). Its
 * functions are bound to the scope when first read, so `const { call } = ctx`
 * works, rather than all made up front: a map item usually reads only `call`,
 * and a context is made for every item.
 */
class ScopeContext implements FlowContext {
  readonly path: string;
  readonly depth: number;
  readonly signal: AbortSignal;
  #call: FlowContext["call"] | undefined;
  #map: FlowContext["map"] | undefined;
  #filter: FlowContext["filter"] | undefined;
  #reduce: FlowContext["reduce"] | undefined;

  constructor(private readonly scope: Scope) {
    this.path = scope.path;
    this.depth = scope.depth;
    this.signal = scope.signal;
  }

  get call(): FlowContext["call"] {
    return (this.#call ??= (callable, input) => dispatch(this.scope, callable, input));
  }

  get map(): FlowContext["map"] {
    return (this.#map ??= (items, options, fn) => mapItems(this.scope, "map", items, options, fn));
  }

  get filter(): FlowContext["filter"] {
    return (this.#filter ??= async (items, options, fn) => {
      const keep = await mapItems(this.scope, "filter", items, options, fn);
      return items.filter((_item, index) => keep[index] === true);
    });
  }

  get reduce(): FlowContext["reduce"] {
    return (this.#reduce ??= (items, options, fn) => reduceTree(this.scope, items, options, fn));
  }
}

async function mapItems<T, R>(
  scope: Scope,
  kind: "map" | "filter",
  items: readonly T[],
  options: MapOptions,
  fn: (item: T, ctx: FlowContext, index: number) => Promise<R>,
): Promise<R[]> {
  const name = scope.childName(kind);
  const path = scope.childPath(name);
  const concurrency = options.concurrency ?? scope.run.concurrency;
  // Each item runs in its own scope (same frame and depth, own names and tool instances), closed by the scheduler.
  return runBounded({
    items,
    concurrency,
    parent: scope.abort,
    path,
    open: (index, abort) => scope.itemScope(`${name}[${index}]`, abort),
    task: (item, index, itemScope) => fn(item, makeFlowContext(itemScope), index),
    progress: scope.run.listening ? progressEvents(scope, path) : NO_PROGRESS,
  });
}

async function reduceTree<T>(
  scope: Scope,
  items: readonly T[],
  options: ReduceOptions<T>,
  fn: (batch: T[], ctx: FlowContext) => Promise<T>,
): Promise<T> {
  const name = scope.childName("reduce");
  const path = scope.childPath(name);
  if (items.length === 0) {
    if ("empty" in options) return options.empty as T;
    throw new EmptyReduceError(path);
  }
  if (items.length === 1) return items[0]!;
  const batch = options.batch ?? DEFAULT_REDUCE_BATCH;
  if (!Number.isInteger(batch) || batch < 2) throw new ConfigError(`reduce batch must be an integer >= 2, got ${batch} at ${path}`);
  // One progress bar for the whole tree: total = every combining call of every level.
  const total = reduceCallCount(items.length, batch);
  let done = 0;
  scope.run.emit({ type: "map-start", path, total });
  let level: readonly T[] = items;
  try {
    for (let depth = 0; level.length > 1; depth++) {
      // Batches open their scope in runBatch (a single leftover needs none).
      level = await runBounded({
        items: chunk(level, batch),
        concurrency: scope.run.concurrency,
        parent: scope.abort,
        path,
        open: () => NO_ITEM_SCOPE,
        task: async (group, index, _none, abort) => {
          if (group.length === 1) return group[0]!; // a single leftover passes up unchanged
          const combined = await runBatch(scope, `${name}[${depth}][${index}]`, abort, fn, group);
          done++;
          if (scope.run.listening) scope.run.emit({ type: "map-progress", path, done, failed: 0, total });
          return combined;
        },
      });
    }
  } finally {
    scope.run.emit({ type: "map-end", path });
  }
  return level[0]!;
}

/** Runs one reduce batch in its own scope and disposes the tool instances it created. */
async function runBatch<T>(scope: Scope, segment: string, abort: AbortSource, fn: (batch: T[], ctx: FlowContext) => Promise<T>, batch: T[]): Promise<T> {
  const batchScope = scope.itemScope(segment, abort);
  try {
    return await fn(batch, makeFlowContext(batchScope));
  } finally {
    const closing = batchScope.close();
    if (closing) await closing;
  }
}

function progressEvents(scope: Scope, path: string): Progress {
  return {
    start: (total) => scope.run.emit({ type: "map-start", path, total }),
    update: (done, failed, total) => scope.run.emit({ type: "map-progress", path, done, failed, total }),
    end: () => scope.run.emit({ type: "map-end", path }),
  };
}
