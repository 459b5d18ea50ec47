// Approving `needs approval` tools for a run: the --approve flags, else a prompt on a terminal, else deny.
import { isInteractive } from "./output.ts";
import type { Progress } from "./progress.ts";
import type { RunCommandOptions } from "./run.ts";

type Runtime = typeof import("../runtime/index.ts");

export function approvalFor(runtime: Runtime, options: RunCommandOptions, progress: Progress | undefined) {
  // Tools not approved by flags: ask on a terminal (progress bars stop first,
  // so the question is readable), deny otherwise.
  const prompt = isInteractive(process.stdin) && isInteractive(process.stderr) ? runtime.interactivePrompt() : undefined;
  return runtime.allowList({
    approve: options.approve ?? [],
    approveAll: options.approveAll ?? false,
    otherwise: prompt && {
      name: prompt.name,
      decide: (request) => {
        progress?.stop();
        return prompt.decide(request);
      },
    },
  });
}
