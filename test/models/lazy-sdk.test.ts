// A run that calls only OpenAI never loads the Anthropic SDK: the routing
// provider imports a provider's module on its first request.
import { afterEach, describe, expect, it, vi } from "vitest";
import { startOpenAIServer } from "../../runtime/testing/openai-server.ts";

const sdk = vi.hoisted(() => ({ loads: 0 }));
vi.mock("@anthropic-ai/sdk", async (importOriginal) => {
  sdk.loads++;
  return importOriginal();
});

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

describe("loading the Anthropic SDK", () => {
  it("happens on the first anthropic: request, not when the models module loads or OpenAI is called", async () => {
    const { createProvider } = await import("../../runtime/models/index.ts");
    const server = await startOpenAIServer({ handler: () => ({ content: "hi" }) });
    closers.push(server.close);
    const provider = createProvider({ kind: "models", env: { OPENAI_BASE_URL: server.url, ANTHROPIC_BASE_URL: "http://127.0.0.1:9" } });
    const info = { path: "p", worker: "w", signal: new AbortController().signal };
    expect((await provider.complete({ model: "gpt-4.1-mini", messages: [] }, info)).message.content).toBe("hi");
    expect(sdk.loads).toBe(0);
    await provider.complete({ model: "anthropic:claude-haiku-4-5", messages: [] }, info).catch(() => undefined);
    expect(sdk.loads).toBe(1);
  });
});
