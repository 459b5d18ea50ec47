// The flowc side of the figures: the real runtime with its `openai` provider,
// running the plans from bench/plans (see lib/plans.ts). It is imported by the
// package name, as the generated plans import it; bench/tsconfig.json maps
// that name to the repository's sources (../runtime/*.ts), and lib/plans.ts
// checks that it resolved there, so the figures and the plans share one runtime.
import { run, type RunOptions } from "@flowc/runtime";
import { createProvider, type ModelProvider } from "@flowc/runtime/models";
import { loadPlan } from "./plans.ts";

export { run };

export function flowcProvider(baseURL: string): ModelProvider {
  return createProvider({ kind: "openai", baseURL, apiKey: "bench" });
}

interface Reply {
  value: number;
}

export interface DispatchPlan {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  fan_out: any;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  fan_in: any;
}

/** flowc's runner for the trivial-worker fan-out: one `run` of the `fan_out` flow. */
export async function flowcRunner(baseURL: string, extra: RunOptions = {}) {
  const { plan, source } = await loadPlan<DispatchPlan>("dispatch");
  const provider = flowcProvider(baseURL);
  const runner = async (xs: readonly number[], concurrency: number): Promise<number[]> => {
    // Not copied: a copy would be one more array of the items (8 bytes each) in the memory figure.
    const r = await run(plan.fan_out, { xs: xs as number[] }, { provider, concurrency, ...extra });
    return (r.output as Reply[]).map((x) => x.value);
  };
  return { runner, source, plan, provider };
}
