// The `replay` provider: answers from a recording (see record.ts for the
// format) by exact match on the request key. No network. Identical requests
// are answered in recorded order: each key has a queue; an entry recorded at
// the same call path is preferred (so concurrent identical requests get the
// answer recorded for their own path); once a key's answers are used up, the
// last one is reused.
import { readFileSync } from "node:fs";
import { ModelError } from "./provider.ts";
import type { CallInfo, ChatRequest, ChatResponse, JsonSchema, ModelProvider } from "./provider.ts";
import { redact } from "../redact.ts";
import { parseRecording } from "./record.ts";
import { toOpenAIRequest } from "./openai-chat.ts";
import { fromStrictValue } from "./openai-strict-values.ts";
import { ANTHROPIC, providerOfModel } from "./registry.ts";
import type { Recording, RecordingEntry } from "./record.ts";
import { messagesDigest, normalizeRequest, requestKey, stableStringify } from "./request-key.ts";

export type ReplayProviderOptions =
  /** A recording file (JSON lines). */
  | { readonly path: string; readonly recording?: undefined; readonly text?: undefined }
  /** A parsed recording (tests). */
  | { readonly recording: Recording; readonly path?: string; readonly text?: undefined }
  /** Recording text (JSON lines); `path` only names it in messages. */
  | { readonly text: string; readonly path?: string; readonly recording?: undefined };

interface Slot {
  readonly entry: RecordingEntry;
  used: boolean;
}

export class ReplayProvider implements ModelProvider {
  readonly name = "replay";
  /** The recording's name in messages (its path, or "recording"). */
  readonly source: string;
  readonly recording: Recording;
  readonly #byKey = new Map<string, Slot[]>();
  /** The last answer given per key, reused once the key's queue is exhausted. */
  readonly #last = new Map<string, RecordingEntry>();

  constructor(options: ReplayProviderOptions) {
    this.source = options.path ?? "recording";
    if (options.recording) {
      this.recording = options.recording;
    } else if (options.text !== undefined) {
      this.recording = parseRecording(options.text, this.source);
    } else {
      let text: string;
      try {
        text = readFileSync(options.path, "utf8");
      } catch (error) {
        const code = (error as { code?: string }).code;
        throw new ModelError(
          code === "ENOENT"
            ? `Recording not found: ${options.path}. Create it with \`--record ${options.path}\` against a real model.`
            : `Could not read the recording ${options.path}: ${(error as Error).message}`,
          { retryable: false, cause: error },
        );
      }
      try {
        this.recording = parseRecording(text, options.path);
      } catch (error) {
        throw new ModelError(`Invalid recording: ${(error as Error).message}`, { retryable: false, cause: error });
      }
    }
    for (const entry of this.recording.entries) {
      const slots = this.#byKey.get(entry.key) ?? [];
      slots.push({ entry, used: false });
      this.#byKey.set(entry.key, slots);
    }
  }

  async complete(request: ChatRequest, info: CallInfo): Promise<ChatResponse> {
    if (info.signal.aborted) throw info.signal.reason ?? new DOMException("The operation was aborted.", "AbortError");
    // Recordings hold chat-completions bodies and answers (record.ts).
    const body = toOpenAIRequest(request);
    const key = requestKey(body);
    const slots = this.#byKey.get(key);
    if (!slots) throw this.#miss(request, key, info);
    const slot = slots.find((s) => !s.used && s.entry.path === info.path) ?? slots.find((s) => !s.used);
    let entry: RecordingEntry;
    if (slot) {
      slot.used = true;
      entry = slot.entry;
      this.#last.set(key, entry);
    } else {
      // Exhausted: reuse the last answer given for this key (one recorded at this path if any).
      const samePath = [...slots].reverse().find((s) => s.entry.path === info.path);
      entry = samePath?.entry ?? this.#last.get(key) ?? slots[slots.length - 1]!.entry;
    }
    return structuredClone(entry.response) as ChatResponse;
  }

  /**
   * As the provider the model names wrote them: strict-mode values from OpenAI
   * (and from a model without a prefix), plain ones from Anthropic.
   */
  decodeValue(value: unknown, schema: JsonSchema, model?: string): unknown {
    return providerOfModel(model ?? "").provider === ANTHROPIC ? value : fromStrictValue(value, schema);
  }

  #miss(request: ChatRequest, key: string, info: CallInfo): ModelError {
    const count = this.recording.entries.length;
    const lines = [
      `No recorded model response for worker "${info.worker}" at ${info.path}.`,
      `  model:     ${request.model}`,
      `  messages:  ${describeMessages(request)}`,
      `  key:       ${key}`,
      `  recording: ${this.source} (${count} ${count === 1 ? "entry" : "entries"})`,
    ];
    const nearest = this.#nearest(request, info);
    if (nearest) lines.push(`  the request recorded ${nearest.where} differs in: ${nearest.differences.join(", ")}`);
    lines.push(
      "The request changed since the recording was made (or was never recorded). " +
        "Re-record with `--record <file>` against a real model (OPENAI_API_KEY or OPENAI_BASE_URL), then run with `--replay <file>`.",
    );
    return new ModelError(redact(lines.join("\n")), { retryable: false });
  }

  /** The recorded request closest to this one: same path first, then same worker. */
  #nearest(request: ChatRequest, info: CallInfo): { where: string; differences: string[] } | undefined {
    const entries = this.recording.entries;
    const samePath = entries.find((e) => e.path === info.path);
    const sameWorker = samePath ? undefined : entries.find((e) => e.worker === info.worker);
    const other = samePath ?? sameWorker;
    if (!other) return undefined;
    const differences = diffRequests(normalizeRequest(other.request), normalizeRequest(toOpenAIRequest(request)));
    if (differences.length === 0) return undefined;
    return { where: samePath ? "at this path" : `for this worker (at ${other.path})`, differences };
  }
}

export function createReplayProvider(options: ReplayProviderOptions): ReplayProvider {
  return new ReplayProvider(options);
}

/** `3 (digest 1a2b3c4d5e6f), last: user "…"` */
function describeMessages(request: ChatRequest): string {
  const messages = request.messages ?? [];
  const last = messages[messages.length - 1];
  let preview = "";
  if (last) {
    const content = typeof last.content === "string" ? last.content : "";
    const flat = content.replace(/\s+/g, " ").trim();
    preview = `, last: ${last.role} ${JSON.stringify(flat.length > 60 ? `${flat.slice(0, 60)}…` : flat)}`;
  }
  return `${messages.length} (digest ${messagesDigest(messages)})${preview}`;
}

/** Names of the top-level fields (and, for messages, the first differing message field) that differ. */
export function diffRequests(recorded: Record<string, unknown>, actual: Record<string, unknown>): string[] {
  const out: string[] = [];
  const keys = [...new Set([...Object.keys(recorded), ...Object.keys(actual)])].sort();
  for (const key of keys) {
    const a = recorded[key];
    const b = actual[key];
    if (stableStringify(a) === stableStringify(b)) continue;
    if (key === "messages" && Array.isArray(a) && Array.isArray(b)) {
      if (a.length !== b.length) out.push(`messages (count ${a.length} → ${b.length})`);
      const n = Math.min(a.length, b.length);
      for (let i = 0; i < n; i++) {
        if (stableStringify(a[i]) === stableStringify(b[i])) continue;
        const fields = [...new Set([...Object.keys(a[i] ?? {}), ...Object.keys(b[i] ?? {})])]
          .sort()
          .filter((f) => stableStringify((a[i] as Record<string, unknown>)?.[f]) !== stableStringify((b[i] as Record<string, unknown>)?.[f]));
        out.push(fields.map((f) => `messages[${i}].${f}`).join(", "));
        break;
      }
      continue;
    }
    out.push(key);
  }
  return out;
}
