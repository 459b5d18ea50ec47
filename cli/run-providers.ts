// Which model providers a run calls: each worker's model id (after --model)
// names its provider (`anthropic:claude-…`; no prefix: OpenAI). The CLI asks
// for exactly those providers' credentials, and names the missing one.
import type { WorkerDef } from "../compiler/plan/ir.ts";
import { DEFAULT_MODEL } from "../runtime/defaults.ts";
import { hasCredentials, missingCredentials, OPENAI, providerOfModel } from "../runtime/models/registry.ts";
import type { ProviderEntry } from "../runtime/models/registry.ts";

/** The providers of the workers' models, in first-use order; OpenAI when no worker is reached (a --record still records it). */
export function providersOfWorkers(workers: readonly WorkerDef[], models: Readonly<Record<string, string>>): ProviderEntry[] {
  const out: ProviderEntry[] = [];
  for (const worker of workers) {
    const id = worker.model?.id ?? DEFAULT_MODEL;
    const alias = worker.model?.kind === "declared" ? (worker.model.name ?? id) : id;
    const { provider } = providerOfModel(models[alias] ?? models[id] ?? id);
    if (!out.includes(provider)) out.push(provider);
  }
  return out.length > 0 ? out : [OPENAI];
}

/** The first provider without credentials, or undefined when every one has them. */
export function missingProvider(needed: readonly ProviderEntry[]): ProviderEntry | undefined {
  return needed.find((provider) => !hasCredentials(provider));
}

/** `ANTHROPIC_API_KEY and ANTHROPIC_BASE_URL are both unset` and what to set, for the provider that lacks them. */
export function missingCredentialsMessage(provider: ProviderEntry): { readonly message: string; readonly hint: string } {
  return {
    message: `no model to call: ${missingCredentials(provider)}`,
    hint: `${provider.credentialsHint}; or run offline on a recording with --replay FILE`,
  };
}
