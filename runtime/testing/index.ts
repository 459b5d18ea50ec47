// @flowc/runtime/testing: what an app's tests use to run generated flows
// without a model service. `ScriptedProvider` answers in memory from a
// function; `startOpenAIServer` is a real OpenAI-compatible HTTP server on
// 127.0.0.1 (for tests of the `openai` provider, timeouts and retries). For
// replaying a recording, use `createReplayProvider` from @flowc/runtime/models.
export { ScriptedProvider, reply, replyJson, callTools, lastMessage, systemOf } from "./scripted-provider.ts";
export type { Responder, ScriptedOptions } from "./scripted-provider.ts";
export { startOpenAIServer } from "./openai-server.ts";
export type {
  OpenAIServer,
  OpenAIServerOptions,
  RecordedRequest,
  ScriptHandler,
  ScriptedReply,
  ScriptedToolCall,
  ScriptedUsage,
} from "./openai-server.ts";
export { startAnthropicServer } from "./anthropic-server.ts";
export type { AnthropicServer, AnthropicReply, AnthropicHandler, AnthropicBlock, AnthropicServerRequest, AnthropicScriptedUsage } from "./anthropic-server.ts";
