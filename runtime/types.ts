// The contract between generated code and the runtime. Generated modules
// import only what `runtime/index.ts` exports; everything they use is typed here.
import type { z } from "zod";

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** A named model from a `.flow` file (`model analyst = "gpt-4.1-mini" { temperature: 0.2 }`). */
export interface ModelSpec {
  /** The alias users can override at run time (`--model analyst=...`); for an inline id, the id itself. */
  readonly alias: string;
  readonly id: string;
  readonly settings: Readonly<Record<string, string | number | boolean>>;
}

interface CallableBase<In, Out> {
  readonly name: string;
  /** The `///` doc comment, if any. */
  readonly doc?: string;
  readonly input: z.ZodType<In>;
  readonly output: z.ZodType<Out>;
}

export interface WorkerSpec<In, Out> extends CallableBase<In, Out> {
  readonly model?: ModelSpec;
  /** Instructions with `{{path}}` placeholders, rendered against the input at call time. */
  readonly instructions: string;
  /** Builds the value sent as the user message; without it the input is sent as JSON. */
  readonly context?: (input: In) => unknown;
  /** Thunk, so declarations may refer to each other in any order (and to themselves). */
  readonly uses?: () => readonly AnyCallable[];
  readonly maxTurns?: number;
  readonly maxDepth?: number;
  readonly temperature?: number;
  readonly retries?: number;
  /** Repair turns after an invalid answer; default RunOptions.repairTurns (2). */
  readonly repairTurns?: number;
}

export interface Worker<In, Out> extends WorkerSpec<In, Out> {
  readonly kind: "worker";
}

/** What a tool implementation receives besides its input. */
export interface ToolContext {
  /** The call path of this tool call (`evaluate_decks/save_report`). */
  readonly path: string;
  readonly depth: number;
  readonly signal: AbortSignal;
  /** Calls a worker, tool or flow through the runtime, under this tool's frame (a stabilized code worker's sub-calls). */
  call<In, Out>(callable: Callable<In, Out>, input: NoInfer<In>): Promise<Out>;
  /** Bounded, order-preserving map, as in a flow. */
  map: FlowContext["map"];
}

export type ToolFunction<In, Out> = (input: In, ctx: ToolContext) => Out | Promise<Out>;

/** A tool instance made fresh for one call frame and disposed when the frame ends. */
export interface ToolInstance<In, Out> {
  call(input: In, ctx: ToolContext): Out | Promise<Out>;
  dispose?(): void | Promise<void>;
}

/** A tool module may export, under the tool's name, a plain function or a factory object. */
export type ToolImplementation<In, Out> =
  | ToolFunction<In, Out>
  | { readonly create: (ctx: ToolContext) => ToolInstance<In, Out> | Promise<ToolInstance<In, Out>> };

interface ToolSpecBase<In, Out> extends CallableBase<In, Out> {
  /** Ask the run's approval policy before every call (`needs approval`). */
  readonly needsApproval?: boolean;
}

/** A tool whose implementation is at hand when it is defined (its module is already loaded). */
export interface EagerToolSpec<In, Out> extends ToolSpecBase<In, Out> {
  readonly implementation: ToolImplementation<In, Out>;
  readonly loadImplementation?: undefined;
}

/**
 * A tool whose module is loaded on its first call, after the approval
 * decision: generated code defines `needs approval` tools this way, so a
 * denied call never runs the tool module's top-level code.
 */
export interface LazyToolSpec<In, Out> extends ToolSpecBase<In, Out> {
  readonly loadImplementation: () => Promise<ToolImplementation<In, Out>>;
  readonly implementation?: undefined;
}

export type ToolSpec<In, Out> = EagerToolSpec<In, Out> | LazyToolSpec<In, Out>;

export type Tool<In, Out> = ToolSpec<In, Out> & { readonly kind: "tool" };

export interface FlowSpec<In, Out> extends CallableBase<In, Out> {
  readonly body: (ctx: FlowContext, input: In) => Promise<Out>;
}

export interface Flow<In, Out> extends FlowSpec<In, Out> {
  readonly kind: "flow";
}

export type Callable<In, Out> = Worker<In, Out> | Tool<In, Out> | Flow<In, Out>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyCallable = Callable<any, any>;

export interface MapOptions {
  /** Items in flight at once; default from the run options. */
  readonly concurrency?: number;
}

export interface ReduceOptions<T = unknown> {
  /** Items per combining call; default 8. */
  readonly batch?: number;
  /** The result for an empty list (no call is made); without it an empty list is an error. */
  readonly empty?: T;
}

/** What a flow body sees: the one dispatch path and the scheduler. */
export interface FlowContext {
  /** Call path of the current frame (`evaluate_decks/map[3]`). */
  readonly path: string;
  readonly depth: number;
  readonly signal: AbortSignal;
  /** The single dispatch path for workers, tools and flows. */
  call<In, Out>(callable: Callable<In, Out>, input: NoInfer<In>): Promise<Out>;
  /** Bounded, order-preserving map; each item runs in a child frame `map[i]`. Fail-fast. */
  map<T, R>(
    items: readonly T[],
    options: MapOptions,
    fn: (item: T, ctx: FlowContext, index: number) => Promise<R>,
  ): Promise<R[]>;
  /** Like `map`, keeping the items whose predicate is true. */
  filter<T>(
    items: readonly T[],
    options: MapOptions,
    fn: (item: T, ctx: FlowContext, index: number) => Promise<boolean>,
  ): Promise<T[]>;
  /** Tree reduction: batches of `batch` combined concurrently, level by level, until one value is left. */
  reduce<T>(
    items: readonly T[],
    options: ReduceOptions<T>,
    fn: (batch: T[], ctx: FlowContext) => Promise<T>,
  ): Promise<T>;
}
