// Call frames and scopes. A frame is one call of a callable (traced, with its
// own messages and usage); a scope is where calls are made from: a frame, or
// one item of a map/filter/reduce inside a frame. Scopes name their children
// (`critique`, `critique#2`, `map[3]`), own the tool instances created in them
// and enforce the depth limit.
import type { AbortSource } from "./abort-source.ts";
import { DepthLimitError } from "./errors.ts";
import type { ChatMessage } from "./models/provider.ts";
import type { RunState } from "./run-state.ts";
import type { AnyCallable, ToolContext, ToolInstance } from "./types.ts";
import { makeFlowContext } from "./context.ts";
import { UsageCounter, type UsageRecord } from "./usage.ts";

export interface DepthLimit {
  readonly limit: number;
  /** Who set it, for the error message. */
  readonly by: string;
}

/** Where a scope sits in the call tree. */
export interface ScopeInit {
  readonly run: RunState;
  /** "" for the root scope, above the root frame. */
  readonly path: string;
  /** Depth of the frame this scope belongs to (-1 above the root). */
  readonly depth: number;
  /** Aborts this scope's calls: the run's, or the map's the scope is an item of. */
  readonly abort: AbortSource;
  /** The frame this scope is in (absent above the root frame, and for a frame, which is its own). */
  readonly frame?: Frame | null;
  /** Limit set by a worker's `max_depth` somewhere above; null when none was. */
  readonly declaredDepthLimit: DepthLimit | null;
}

/** A frame's place, and what it is a call of. */
export interface FrameInit extends ScopeInit {
  readonly parent: Frame | null;
  readonly callable: AnyCallable;
}

export class Scope {
  readonly run: RunState;
  readonly path: string;
  readonly depth: number;
  readonly abort: AbortSource;
  readonly declaredDepthLimit: DepthLimit | null;
  private readonly ownerFrame: Frame | null;
  // Made on first use: most scopes (a map item, a worker without tools) call
  // one callable once and create no tool instance.
  private firstChild: string | undefined;
  private siblingCounts: Map<string, number> | undefined;
  private instances: Map<AnyCallable, Promise<ToolInstance<unknown, unknown>>> | undefined;

  constructor(init: ScopeInit) {
    this.run = init.run;
    this.path = init.path;
    this.depth = init.depth;
    this.abort = init.abort;
    this.declaredDepthLimit = init.declaredDepthLimit;
    this.ownerFrame = init.frame ?? null;
  }

  get frame(): Frame | null {
    return this.ownerFrame;
  }

  get signal(): AbortSignal {
    return this.abort.signal;
  }

  /** A name unique among this scope's children: the first `x` is `x`, then `x#2`, `x#3`, in call order. */
  childName(name: string): string {
    if (this.firstChild === undefined) {
      this.firstChild = name;
      return name;
    }
    const counts = (this.siblingCounts ??= new Map([[this.firstChild, 1]]));
    const count = (counts.get(name) ?? 0) + 1;
    counts.set(name, count);
    return count === 1 ? name : `${name}#${count}`;
  }

  childPath(segment: string): string {
    return this.path === "" ? segment : `${this.path}/${segment}`;
  }

  /** A scope for one item of a map/filter/reduce: same frame and depth, own names and tool instances. */
  itemScope(segment: string, abort: AbortSource): Scope {
    return new Scope({ run: this.run, path: this.childPath(segment), depth: this.depth, abort, frame: this.frame, declaredDepthLimit: this.declaredDepthLimit });
  }

  /** Opens the frame of a call from this scope; throws DepthLimitError when it would be too deep. */
  openFrame(callable: AnyCallable, path: string): Frame {
    const depth = this.depth + 1;
    const limit = this.effectiveDepthLimit();
    if (depth > limit.limit) throw new DepthLimitError(path, depth, limit.limit, limit.by);
    let declared = this.declaredDepthLimit;
    if (callable.kind === "worker" && callable.maxDepth !== undefined) {
      const own = depth + callable.maxDepth;
      if (!declared || own < declared.limit) declared = { limit: own, by: `max_depth ${callable.maxDepth} of worker ${callable.name}` };
    }
    return new Frame({ run: this.run, path, depth, abort: this.abort, parent: this.frame, callable, declaredDepthLimit: declared });
  }

  private effectiveDepthLimit(): DepthLimit {
    const runLimit = this.run.depthLimit;
    const declared = this.declaredDepthLimit;
    if (!declared) return runLimit;
    return this.run.maxDepthIsExplicit && runLimit.limit < declared.limit ? runLimit : declared;
  }

  /** The instance of a factory tool for this scope: created on first use, reused by later calls from the same scope. */
  toolInstance(tool: AnyCallable, create: () => Promise<ToolInstance<unknown, unknown>>): Promise<ToolInstance<unknown, unknown>> {
    const instances = (this.instances ??= new Map());
    let instance = instances.get(tool);
    if (!instance) {
      instance = create();
      instances.set(tool, instance);
    }
    return instance;
  }

  /**
   * Disposes the tool instances created in this scope, newest first; errors are
   * traced, not thrown. Undefined when there is nothing to dispose, so the hot
   * path (no tool instances) costs no promise: `await scope.close()` still works.
   */
  close(): Promise<void> | undefined {
    return this.instances && this.instances.size > 0 ? this.disposeInstances(this.instances) : undefined;
  }

  private async disposeInstances(instances: Map<AnyCallable, Promise<ToolInstance<unknown, unknown>>>): Promise<void> {
    const created = [...instances.entries()].reverse();
    instances.clear();
    for (const [tool, pending] of created) {
      try {
        const instance = await pending;
        await instance.dispose?.();
      } catch (error) {
        this.run.tracer.emit({ type: "dispose-error", path: this.path, tool: tool.name, error: (error as Error)?.message ?? String(error) });
      }
    }
  }

  toolContext(): ToolContext {
    const { call, map } = makeFlowContext(this);
    return { path: this.path, depth: this.depth, signal: this.signal, call, map };
  }
}

export class Frame extends Scope {
  /** The chat history of a worker frame (the worker loop starts it; other frames have none). */
  #messages: ChatMessage[] | undefined;
  #usage: UsageCounter | undefined;
  readonly startedAt: number;

  readonly parent: Frame | null;
  readonly callable: AnyCallable;

  constructor(init: FrameInit) {
    super(init);
    this.parent = init.parent;
    this.callable = init.callable;
    // Read only by the trace's end/error lines (durationMs).
    this.startedAt = init.run.tracer.enabled ? init.run.elapsed() : 0;
  }

  override get frame(): Frame {
    return this;
  }

  /**
   * The history so far. Never changed in place (appending makes a new array),
   * so a model request can hold it as it is while the history grows.
   */
  get messages(): readonly ChatMessage[] {
    return (this.#messages ??= []);
  }

  /** Starts the history with its first messages, in an array of their size. */
  startHistory(...messages: ChatMessage[]): readonly ChatMessage[] {
    return (this.#messages = messages);
  }

  appendHistory(...messages: ChatMessage[]): readonly ChatMessage[] {
    return (this.#messages = this.#messages ? this.#messages.concat(messages) : messages);
  }

  /** Tokens of this frame and all frames below it (made on first use). */
  get usage(): UsageCounter {
    return (this.#usage ??= new UsageCounter());
  }

  /** Adds one model response to this frame's usage and to every ancestor's. */
  addUsageToLineage(record: UsageRecord, usd: number | null): void {
    for (let frame: Frame | null = this; frame; frame = frame.parent) frame.usage.add(record, usd);
  }
}
