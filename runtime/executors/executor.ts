// Where a run and its calls execute. In process (the default, no executor set)
// everything runs in this Node process; another executor (runtime/dbos) may
// take over the whole run, and the dispatch of each worker and tool call, at
// the two hooks `run()` and the dispatch path consult. Generated code does not
// change: the executor comes in through RunOptions.
import type { Frame } from "../frame.ts";
import type { FrameFields } from "../frame-end.ts";
import type { RunOptions, RunResult } from "../options.ts";
import type { Callable } from "../types.ts";

export interface Executor {
  /** "in-process", "dbos", … (for messages). */
  readonly name: string;
  /**
   * Runs a whole run instead of `run()`, when set. It usually ends by calling
   * `run()` again somewhere, with an executor that has only `dispatch`.
   */
  readonly run?: <In, Out>(callable: Callable<In, Out>, input: In, options: RunOptions) => Promise<RunResult<Out>>;
  /**
   * Takes one call whose frame is open (validated input, traced start) and
   * returns its output, ending the frame (frameSucceeded/frameFailed); or
   * returns undefined to let the call run here as usual.
   */
  readonly dispatch?: <In, Out>(frame: Frame, callable: Callable<In, Out>, input: In, fields: FrameFields | undefined) => Promise<Out> | undefined;
}

/** The default: the run and every call in this process. */
export const inProcessExecutor: Executor = Object.freeze({ name: "in-process" });
