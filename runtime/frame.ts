// Call frames and scopes. A frame is one call of a callable (traced, with its
// own messages and usage); a scope is where calls are made from: a frame, or
// one item of a map/filter/reduce inside a frame. Scopes name their children
// (`critique`, `critique#2`, `map[3]`), own the tool instances created in them
// and enforce the depth limit.
import { DepthLimitError } from "./errors.ts";
import type { ChatMessage } from "./models/provider.ts";
import type { RunState } from "./run-state.ts";
import type { AnyCallable, ToolContext, ToolInstance } from "./types.ts";
import { UsageCounter } from "./usage.ts";

interface DepthLimit {
  readonly limit: number;
  /** Who set it, for the error message. */
  readonly by: string;
}

export class Scope {
  private readonly siblingCounts = new Map<string, number>();
  private readonly instances = new Map<AnyCallable, Promise<ToolInstance<unknown, unknown>>>();

  constructor(
    readonly run: RunState,
    /** "" for the root scope, above the root frame. */
    readonly path: string,
    /** Depth of the frame this scope belongs to (-1 above the root). */
    readonly depth: number,
    readonly signal: AbortSignal,
    /** The frame this scope is in (null above the root frame). */
    private readonly ownerFrame: Frame | null,
    /** Limit set by a worker's `max_depth` somewhere above; null when none was. */
    readonly declaredDepthLimit: DepthLimit | null,
  ) {}

  get frame(): Frame | null {
    return this.ownerFrame;
  }

  /** A name unique among this scope's children: the first `x` is `x`, then `x#2`, `x#3`, in call order. */
  childName(name: string): string {
    const count = (this.siblingCounts.get(name) ?? 0) + 1;
    this.siblingCounts.set(name, count);
    return count === 1 ? name : `${name}#${count}`;
  }

  childPath(segment: string): string {
    return this.path === "" ? segment : `${this.path}/${segment}`;
  }

  /** A scope for one item of a map/filter/reduce: same frame and depth, own names and tool instances. */
  itemScope(segment: string, signal: AbortSignal): Scope {
    return new Scope(this.run, this.childPath(segment), this.depth, signal, this.frame, this.declaredDepthLimit);
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
    return new Frame(this.run, path, depth, this.signal, this.frame, callable, declared);
  }

  private effectiveDepthLimit(): DepthLimit {
    const run = this.run;
    const runLimit: DepthLimit = {
      limit: run.maxDepth,
      by: run.maxDepthIsExplicit ? "RunOptions.maxDepth" : "the default; set max_depth on the worker or RunOptions.maxDepth",
    };
    const declared = this.declaredDepthLimit;
    if (!declared) return runLimit;
    return run.maxDepthIsExplicit && runLimit.limit < declared.limit ? runLimit : declared;
  }

  /** The instance of a factory tool for this scope: created on first use, reused by later calls from the same scope. */
  toolInstance(tool: AnyCallable, create: () => Promise<ToolInstance<unknown, unknown>>): Promise<ToolInstance<unknown, unknown>> {
    let instance = this.instances.get(tool);
    if (!instance) {
      instance = create();
      this.instances.set(tool, instance);
    }
    return instance;
  }

  /** Disposes the tool instances created in this scope, newest first. Errors are traced, not thrown. */
  async close(): Promise<void> {
    const created = [...this.instances.entries()].reverse();
    this.instances.clear();
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
    return { path: this.path, depth: this.depth, signal: this.signal };
  }
}

export class Frame extends Scope {
  /** The chat history of a worker frame. */
  readonly messages: ChatMessage[] = [];
  /** Tokens of this frame and all frames below it. */
  readonly usage = new UsageCounter();
  readonly startedAt: number;

  constructor(
    run: RunState,
    path: string,
    depth: number,
    signal: AbortSignal,
    readonly parent: Frame | null,
    readonly callable: AnyCallable,
    declaredDepthLimit: DepthLimit | null,
  ) {
    super(run, path, depth, signal, null, declaredDepthLimit);
    this.startedAt = run.elapsed();
  }

  override get frame(): Frame {
    return this;
  }

  /** This frame and its ancestors, for rolling usage up. */
  *lineage(): Generator<Frame> {
    for (let frame: Frame | null = this; frame; frame = frame.parent) yield frame;
  }
}
