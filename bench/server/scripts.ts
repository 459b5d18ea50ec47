// Scripted answers for the loopback OpenAI-compatible server. A script reads
// the chat request (as JSON) and answers by rule, the way a perfectly reliable
// model would. Each answer fits the requested response format: a record result
// as the record itself, any other result wrapped as {"result": ...}, text as text.

import { CUES, LABELS } from "../lib/oolong.ts";

export type ScriptName = "echo" | "niah" | "oolong";

interface Message {
  role: string;
  content?: unknown;
}

export interface ScriptRequest {
  model?: string;
  messages?: Message[];
  response_format?: { type?: string; json_schema?: { schema?: { properties?: Record<string, unknown> } } };
}

function text(content: unknown): string {
  if (typeof content === "string") return content;
  if (Array.isArray(content)) {
    return content.map((part) => (part && typeof part === "object" && "text" in part ? String(part.text) : "")).join("");
  }
  return "";
}

function systemText(req: ScriptRequest): string {
  return (req.messages ?? []).filter((m) => m.role === "system" || m.role === "developer").map((m) => text(m.content)).join("\n");
}

function userText(req: ScriptRequest): string {
  return (req.messages ?? []).filter((m) => m.role === "user").map((m) => text(m.content)).join("\n");
}

/** Property names of the requested JSON schema, or null for a text answer. */
function schemaKeys(req: ScriptRequest): string[] | null {
  const rf = req.response_format;
  if (!rf || rf.type !== "json_schema") return rf?.type === "json_object" ? [] : null;
  return Object.keys(rf.json_schema?.schema?.properties ?? {});
}

/** Shape `value` for the requested format: wrapped when the schema is `{result}`. */
function shape(req: ScriptRequest, record: Record<string, unknown>, scalar: unknown): string {
  const keys = schemaKeys(req);
  if (keys === null) return typeof scalar === "string" ? scalar : JSON.stringify(scalar);
  if (keys.length === 1 && keys[0] === "result" && !("result" in record)) return JSON.stringify({ result: scalar });
  return JSON.stringify(record);
}

/**
 * echo: `[op:sum]` in the system message sums every `"value": N` in the user
 * message (a reduce step); otherwise it answers the first integer of the user
 * message as `{"value": N}`.
 */
function echo(req: ScriptRequest): string {
  const user = userText(req);
  if (systemText(req).includes("[op:sum]")) {
    let sum = 0;
    for (const m of user.matchAll(/"value"\s*:\s*(-?\d+)/g)) sum += Number(m[1]);
    return shape(req, { value: sum }, sum);
  }
  const m = /-?\d+/.exec(user);
  const value = m ? Number(m[0]) : 0;
  return shape(req, { value }, value);
}

/** niah: finds "The magic number is N" in the user message. */
function niah(req: ScriptRequest): string {
  const m = /The magic number is (\d+)/.exec(userText(req));
  const record = m ? { found: true, number: Number(m[1]) } : { found: false, number: 0 };
  return shape(req, record, record);
}

const RECORD_LINE = /^\[r(\d+)\] (u\d+) \| ([^\n]*)\n/gm;

/** oolong: classifies every complete record line of the user message. */
function oolong(req: ScriptRequest): string {
  const records: { id: number; user: string; label: string }[] = [];
  for (const m of userText(req).matchAll(RECORD_LINE)) {
    const body = m[3]!;
    const label = LABELS.find((l) => CUES[l].some((cue) => body.includes(cue)));
    if (label) records.push({ id: Number(m[1]), user: m[2]!, label });
  }
  return shape(req, { records }, records);
}

export const SCRIPTS: Record<ScriptName, (req: ScriptRequest) => string> = { echo, niah, oolong };
