// The provider a run uses when none is given: it sends each request to the
// provider its model id names (`anthropic:claude-…`, `openai:gpt-…`; no prefix
// is the default, OpenAI), with the prefix taken off. Each provider is built
// on its first request, so a run needs credentials (and loads the SDK) only
// for the providers its models use.
import type { CallInfo, ChatRequest, ChatResponse, JsonSchema, ModelProvider } from "./provider.ts";
import { providerOfModel } from "./registry.ts";
import type { ProviderName } from "./registry.ts";

/** Builds a provider (it may load its SDK); throws a ModelError when its credentials are missing. */
export type ProviderBuilder = () => ModelProvider | Promise<ModelProvider>;

export class RoutingProvider implements ModelProvider {
  readonly name = "routing";
  readonly #builders: Readonly<Partial<Record<ProviderName, ProviderBuilder>>>;
  readonly #built = new Map<ProviderName, Promise<ModelProvider>>();
  readonly #ready = new Map<ProviderName, ModelProvider>();

  constructor(builders: Readonly<Partial<Record<ProviderName, ProviderBuilder>>>) {
    this.#builders = builders;
  }

  async complete(request: ChatRequest, info: CallInfo): Promise<ChatResponse> {
    const { provider, model } = providerOfModel(request.model);
    const inner = this.#ready.get(provider.name) ?? (await this.#build(provider.name));
    return inner.complete(model === request.model ? request : { ...request, model }, info);
  }

  /** Decoded as the model's provider would (OpenAI's strict values; Anthropic's are plain). */
  decodeValue(value: unknown, schema: JsonSchema, model?: string): unknown {
    const inner = this.#ready.get(providerOfModel(model ?? "").provider.name);
    return inner?.decodeValue ? inner.decodeValue(value, schema) : value;
  }

  /** Where each provider used so far sends its requests, for recordings. */
  describe(): { provider: string; host?: string } {
    const described = [...this.#ready.values()].map((p) => (p as { describe?(): { provider: string; host?: string } }).describe?.() ?? { provider: p.name });
    if (described.length === 1) return described[0]!;
    return { provider: described.map((d) => d.provider).join("+") || this.name };
  }

  async close(): Promise<void> {
    await Promise.all([...this.#ready.values()].map((p) => p.close?.()));
  }

  #build(name: ProviderName): Promise<ModelProvider> {
    let built = this.#built.get(name);
    if (!built) {
      const builder = this.#builders[name];
      built = builder ? Promise.resolve().then(builder) : Promise.reject(new Error(`No ${name} provider was configured.`));
      built.then((p) => this.#ready.set(name, p), () => this.#built.delete(name));
      this.#built.set(name, built);
    }
    return built;
  }
}

/** Routes to the openai and anthropic providers, each loaded and built (from the environment) on first use. */
export function createRoutingProvider(options: { readonly env?: Readonly<Record<string, string | undefined>> } = {}): RoutingProvider {
  const env = options.env;
  return new RoutingProvider({
    openai: async () => new (await import("./openai.ts")).OpenAIProvider(env ? { env } : {}),
    anthropic: async () => new (await import("./anthropic.ts")).AnthropicProvider(env ? { env } : {}),
  });
}
