// Running a tool: approval first (for `needs approval`), then the plain
// function, or the instance the calling scope holds for a factory tool.
// An abort ends the call at once (the frame closes and disposes); a tool that
// has cleanup to do listens to ctx.signal.
import { raceAbort } from "./clock.ts";
import type { Frame, Scope } from "./frame.ts";
import { mayHoldSecretFields, registerSecretFields } from "./secret-fields.ts";
import type { Tool, ToolInstance } from "./types.ts";

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
  const implementation = tool.implementation;
  const context = frame.toolContext();
  const invoke = (call: () => Out | Promise<Out>) => raceAbort(new Promise<Out>((resolve) => resolve(call())), frame.signal, frame.path);
  if (typeof implementation === "function") return invoke(() => implementation(input, context));
  // Instances belong to the calling scope: one per worker run or map item, disposed with it.
  const instance = (await caller.toolInstance(tool, async () => implementation.create(caller.toolContext()))) as ToolInstance<In, Out>;
  return invoke(() => instance.call(input, context));
}
