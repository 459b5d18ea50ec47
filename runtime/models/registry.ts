// The model providers a run can reach by environment, as data: their names,
// the variables their credentials come from, and what to tell someone who set
// none. One table read by the runtime (the default provider), the CLI (does a
// run have credentials, and which variable to name when not) and redaction
// (which variables hold keys to scrub). Data only: no SDK is loaded here, so
// the CLI bundle and `redact.ts` can import it.

export type ProviderName = "openai" | "anthropic";

export interface ProviderEntry {
  readonly name: ProviderName;
  /** As people write it, in messages. */
  readonly title: string;
  /** The API key's variable. */
  readonly apiKeyVariable: string;
  /** The base URL's variable (a compatible server; its `user:password@` is a secret too). */
  readonly baseUrlVariable: string;
  /** What to set, for a message saying the credentials are missing. */
  readonly credentialsHint: string;
}

export const OPENAI: ProviderEntry = {
  name: "openai",
  title: "OpenAI",
  apiKeyVariable: "OPENAI_API_KEY",
  baseUrlVariable: "OPENAI_BASE_URL",
  credentialsHint:
    "export OPENAI_API_KEY=sk-... to use OpenAI, or OPENAI_BASE_URL=http://localhost:11434/v1 for an OpenAI-compatible server (Ollama, vLLM, llama.cpp)",
};

export const ANTHROPIC: ProviderEntry = {
  name: "anthropic",
  title: "Anthropic",
  apiKeyVariable: "ANTHROPIC_API_KEY",
  baseUrlVariable: "ANTHROPIC_BASE_URL",
  credentialsHint: "export ANTHROPIC_API_KEY=sk-ant-... to use Anthropic, or ANTHROPIC_BASE_URL for an Anthropic-compatible server",
};

/** The first is the default: a model id without a `provider:` prefix goes to it. */
export const PROVIDERS: readonly ProviderEntry[] = [OPENAI, ANTHROPIC];

/**
 * The provider a model id names, and the id that provider knows: `anthropic:claude-sonnet-4-5`
 * is Anthropic's `claude-sonnet-4-5`. Only the registry's names are prefixes, so ids with
 * colons of their own (`llama3:8b` on Ollama) go to the default provider whole.
 */
export function providerOfModel(id: string): { readonly provider: ProviderEntry; readonly model: string } {
  const colon = id.indexOf(":");
  const named = colon > 0 ? PROVIDERS.find((p) => p.name === id.slice(0, colon)) : undefined;
  return named ? { provider: named, model: id.slice(colon + 1) } : { provider: PROVIDERS[0]!, model: id };
}

type Env = Readonly<Record<string, string | undefined>>;

/** True when the provider's key or base URL is set (a compatible server may need no key). */
export function hasCredentials(provider: ProviderEntry, env: Env = process.env): boolean {
  return Boolean(env[provider.apiKeyVariable]?.trim() || env[provider.baseUrlVariable]?.trim());
}

/** `OPENAI_API_KEY and OPENAI_BASE_URL are both unset`. */
export function missingCredentials(provider: ProviderEntry): string {
  return `${provider.apiKeyVariable} and ${provider.baseUrlVariable} are both unset`;
}

/** Values of every provider's credential variables, for redaction: API keys and base URLs (whose passwords are secrets). */
export function credentialValues(env: Env): { readonly keys: readonly (string | undefined)[]; readonly baseUrls: readonly (string | undefined)[] } {
  return { keys: PROVIDERS.map((p) => env[p.apiKeyVariable]), baseUrls: PROVIDERS.map((p) => env[p.baseUrlVariable]) };
}
