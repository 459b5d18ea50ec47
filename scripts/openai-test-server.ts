// Runs the scripted OpenAI-compatible test server on 127.0.0.1 until Ctrl-C,
// for trying the CLI (or making a clearly labelled recording) without network:
//
//   npx tsx scripts/openai-test-server.ts [--handler ./my-handler.ts] [--latency 50] [--jitter 100]
//   OPENAI_BASE_URL=<printed url> flowc run ... --record out.jsonl
//
// A handler module exports `handler(body, index)` returning a ScriptedReply
// (see test/support/openai-server.ts). Without one, every request is answered
// with an echo of its last user message. A recording made against this server
// records `"host": "127.0.0.1:PORT"`, which says where its answers came from.
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { startOpenAIServer } from "../runtime/testing/openai-server.ts";
import type { ScriptHandler } from "../runtime/testing/openai-server.ts";

function option(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

const echo: ScriptHandler = (body) => {
  const messages: { role: string; content: unknown }[] = Array.isArray(body?.messages) ? body.messages : [];
  const last = [...messages].reverse().find((m) => m.role === "user");
  return { content: `echo: ${typeof last?.content === "string" ? last.content : ""}` };
};

const handlerPath = option("handler");
const handler: ScriptHandler = handlerPath
  ? ((await import(pathToFileURL(resolve(handlerPath)).href)) as { handler: ScriptHandler }).handler
  : echo;
if (typeof handler !== "function") {
  console.error(`${handlerPath} does not export a function named "handler"`);
  process.exit(2);
}

const server = await startOpenAIServer({
  handler,
  latencyMs: Number(option("latency") ?? 0),
  jitterMs: Number(option("jitter") ?? 0),
});
console.log(`OPENAI_BASE_URL=${server.url}`);
const stop = async () => {
  await server.close();
  console.error(`served ${server.requests.length} requests (max ${server.inFlightMax} in flight)`);
  process.exit(0);
};
process.once("SIGINT", () => void stop());
process.once("SIGTERM", () => void stop());
