// Running a tool: approval first (for `needs approval`), then loading a lazy
// tool's module (only now, so a denied call never runs its top-level code),
// then the plain function, or the instance the calling scope holds for a
// factory tool. An abort ends the call at once (the frame closes and
// disposes); a tool that has cleanup to do listens to ctx.signal.
import { raceAbort } from "./clock.ts";
import type { Frame, Scope } from "./frame.ts";
import { mayHoldSecretFields, registerSecretFields } from "./secret-fields.ts";
import type { Tool, ToolImplementation, ToolInstance } from "./types.ts";

export async function runTool<In, Out>(caller: Scope, frame: Frame, tool: Tool<In, Out>, input: In): Promise<Out> {
  // A password (or token, key) passed to a tool is a secret from now on: no trace, recording or error shows it.
  if (mayHoldSecretFields(tool.input)) registerSecretFields(input, tool.input);
  if (tool.needsApproval) {
    await raceAbort(
      frame.run.approvals.check({ tool: tool.name, path: frame.path, arguments: input, schema: tool.input, signal: frame.signal }),
      frame.signal,
      frame.path,
    );
  }
  const implementation =
    tool.loadImplementation === undefined
      ? tool.implementation
      : await raceAbort(loaded(tool, tool.loadImplementation), frame.signal, frame.path);
  const context = frame.toolContext();
  const invoke = (call: () => Out | Promise<Out>) => raceAbort(new Promise<Out>((resolve) => resolve(call())), frame.signal, frame.path);
  if (typeof implementation === "function") return invoke(() => implementation(input, context));
  // Instances belong to the calling scope: one per worker run or map item, disposed with it.
  const instance = (await caller.toolInstance(tool, async () => implementation.create(caller.toolContext()))) as ToolInstance<In, Out>;
  return invoke(() => instance.call(input, context));
}

/** Each lazy tool's implementation, loaded once per process (a failed load is tried again on the next call). */
const loads = new WeakMap<object, Promise<unknown>>();

function loaded<In, Out>(
  tool: Tool<In, Out>,
  loadImplementation: () => Promise<ToolImplementation<In, Out>>,
): Promise<ToolImplementation<In, Out>> {
  let load = loads.get(tool) as Promise<ToolImplementation<In, Out>> | undefined;
  if (load === undefined) {
    load = loadImplementation().then((implementation) => {
      if (typeof implementation !== "function" && typeof implementation?.create !== "function") {
        throw new TypeError(`tool ${tool.name}: its module does not export a function or a { create } factory named ${tool.name}`);
      }
      return implementation;
    });
    load.catch(() => loads.delete(tool));
    loads.set(tool, load);
  }
  return load;
}
