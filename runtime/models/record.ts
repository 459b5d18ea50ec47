// The `record` provider: wraps a real provider, passes every request through,
// and on close() writes what the model answered as a recording that `replay`
// can serve offline.
//
// Recording format (JSON lines, UTF-8, one object per line, keys sorted):
//   line 1: { "flowc_recording": 1, "recorded_from": { "provider": "openai", "host": "api.openai.com", "note"?: "..." } }
//   then one line per answered request, sorted by key, then by order of occurrence:
//   { "key": sha256 of the request, "path": call path, "request": the request's
//     chat-completions body (openai-chat.ts), "response": the answer as the
//     model wrote it (ChatResponse), "worker": worker name }
// Whatever the provider, requests are kept in that one form, so recordings
// made before providers were neutral replay as they are.
// Secrets (API keys, bearer tokens) are scrubbed from every line. Failed
// requests (errors, retries) are not recorded: only answers.
import { mkdir, rename, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import type { CallInfo, ChatRequest, ChatResponse, JsonSchema, ModelProvider } from "./provider.ts";
import { toOpenAIRequest, type OpenAIChatRequest } from "./openai-chat.ts";
import { redactDeep } from "../redact.ts";
import { normalizeRequest, requestKey, stableStringify } from "./request-key.ts";

export const RECORDING_VERSION = 1;

export interface RecordedFrom {
  /** Provider name (`openai`). */
  readonly provider: string;
  /** Host (and port) of the server the answers came from; never a key or a full URL with credentials. */
  readonly host?: string;
  /** Free text, e.g. "scripted test server" when the answers did not come from a real model. */
  readonly note?: string;
}

export interface RecordingHeader {
  readonly flowc_recording: number;
  readonly recorded_from: RecordedFrom;
}

export interface RecordingEntry {
  readonly key: string;
  readonly worker: string;
  readonly path: string;
  readonly request: OpenAIChatRequest;
  readonly response: ChatResponse;
}

export interface Recording {
  readonly header?: RecordingHeader;
  readonly entries: readonly RecordingEntry[];
}

/** A provider that can say where its answers come from (the openai provider does). */
interface Describable {
  describe?(): { provider: string; host?: string };
}

export interface RecordProviderOptions {
  /** The real provider whose answers are recorded. */
  readonly inner: ModelProvider;
  /** File written on close() (parent directories are created). */
  readonly path: string;
  /** Written as `recorded_from.note` (say so when the answers are not from a real model). */
  readonly note?: string;
}

export class RecordProvider implements ModelProvider {
  readonly name = "record";
  readonly path: string;
  readonly #inner: ModelProvider;
  readonly #note: string | undefined;
  readonly #entries: { entry: RecordingEntry; seq: number }[] = [];
  #seq = 0;
  #closed = false;

  constructor(options: RecordProviderOptions) {
    this.#inner = options.inner;
    this.#note = options.note;
    this.path = options.path;
  }

  async complete(request: ChatRequest, info: CallInfo): Promise<ChatResponse> {
    // The order of occurrence is the order requests are made, not the order answers arrive.
    const seq = this.#seq++;
    const response = await this.#inner.complete(request, info);
    if (!this.#closed) {
      const body = toOpenAIRequest(request);
      const plain = normalizeRequest(body) as unknown as OpenAIChatRequest;
      this.#entries.push({
        seq,
        entry: { key: requestKey(body), worker: info.worker, path: info.path, request: plain, response },
      });
    }
    return response;
  }

  decodeValue(value: unknown, schema: JsonSchema, model?: string): unknown {
    return this.#inner.decodeValue ? this.#inner.decodeValue(value, schema, model) : value;
  }

  /** Where the answers come from, as written in the header. */
  recordedFrom(): RecordedFrom {
    const described = (this.#inner as ModelProvider & Describable).describe?.();
    return {
      provider: described?.provider ?? this.#inner.name,
      ...(described?.host ? { host: described.host } : {}),
      ...(this.#note ? { note: this.#note } : {}),
    };
  }

  /** The recording so far, in file order. */
  recording(): Recording {
    const entries = [...this.#entries]
      .sort((a, b) => (a.entry.key < b.entry.key ? -1 : a.entry.key > b.entry.key ? 1 : a.seq - b.seq))
      .map((e) => e.entry);
    return { header: { flowc_recording: RECORDING_VERSION, recorded_from: this.recordedFrom() }, entries };
  }

  /** Writes the recording (atomically: a temporary file, then rename) and closes the inner provider. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    try {
      const text = formatRecording(this.recording());
      await mkdir(dirname(this.path), { recursive: true });
      const temporary = `${this.path}.${process.pid}.tmp`;
      await writeFile(temporary, text, "utf8");
      await rename(temporary, this.path);
    } finally {
      await this.#inner.close?.();
    }
  }
}

export function createRecordProvider(options: RecordProviderOptions): RecordProvider {
  return new RecordProvider(options);
}

/** The recording as JSON lines (header first), secrets scrubbed, keys sorted, ending with a newline. */
export function formatRecording(recording: Recording): string {
  const lines: string[] = [];
  if (recording.header) lines.push(stableStringify(redactDeep(recording.header)));
  for (const entry of recording.entries) {
    lines.push(
      stableStringify(
        redactDeep({
          key: entry.key,
          worker: entry.worker,
          path: entry.path,
          request: entry.request,
          response: entry.response,
        }),
      ),
    );
  }
  return lines.map((line) => `${line}\n`).join("");
}

/**
 * Parses a recording. `source` names the file in error messages. Blank lines
 * are skipped; the header line is optional. A bad line is an error naming its
 * line number.
 */
export function parseRecording(text: string, source = "recording"): Recording {
  let header: RecordingHeader | undefined;
  const entries: RecordingEntry[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === "") continue;
    const where = `${source}:${i + 1}`;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw new Error(`${where}: not valid JSON (${(error as Error).message}). A recording has one JSON object per line.`);
    }
    if (!isRecord(value)) throw new Error(`${where}: expected a JSON object.`);
    if ("flowc_recording" in value) {
      if (value.flowc_recording !== RECORDING_VERSION) {
        throw new Error(`${where}: unsupported recording version ${JSON.stringify(value.flowc_recording)} (expected ${RECORDING_VERSION}).`);
      }
      header = value as unknown as RecordingHeader;
      continue;
    }
    if (!isRecord(value.request) || typeof value.request.model !== "string") {
      throw new Error(`${where}: entry has no "request" with a "model".`);
    }
    if (!isRecord(value.response) || !isRecord(value.response.message)) {
      throw new Error(`${where}: entry has no "response" with a "message".`);
    }
    const request = value.request as unknown as OpenAIChatRequest;
    // The stored key is the identity (it was computed from the request before secrets were
    // scrubbed); an entry without one (written by hand) gets the key of its request.
    const key = typeof value.key === "string" && value.key !== "" ? value.key : requestKey(request);
    entries.push({
      key,
      worker: typeof value.worker === "string" ? value.worker : "",
      path: typeof value.path === "string" ? value.path : "",
      request,
      response: value.response as unknown as ChatResponse,
    });
  }
  return header ? { header, entries } : { entries };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
