// What a code worker's model reads: a system message (the task, the sandbox's
// rules, its variables described rather than pasted, every function it may
// call with its schema, the limits) and a user message holding the cells so
// far with their output. Inputs stay in the sandbox: the prompt shows their
// names, types, sizes and a short preview.
import { plainJsonSchema } from "../json-schema.ts";
import { toolDescription } from "../delegation.ts";
import type { AnyCallable } from "../types.ts";
import type { z } from "zod";
import type { ResolvedCodeSettings } from "./limits.ts";

const PREVIEW_CHARS = 160;

export interface PromptParts {
  readonly name: string;
  /** The instructions, already rendered against the input. */
  readonly task: string;
  readonly variables: Readonly<Record<string, unknown>>;
  readonly callables: readonly AnyCallable[];
  readonly output: z.ZodType;
  readonly settings: ResolvedCodeSettings;
}

export function systemPrompt(parts: PromptParts): string {
  const { settings } = parts;
  return [
    `You are ${parts.name}, a code worker: you answer by writing JavaScript, one code cell per reply, in a fenced \`\`\`js block.`,
    "",
    "## Task",
    parts.task,
    "",
    "## The sandbox",
    "Each cell runs as a plain script in a QuickJS sandbox. Top-level declarations (const, let, function) persist between cells.",
    "There is no file system, network, process, require, import, timers or Date-based waiting. Host functions are synchronous: they return their result directly (never use await).",
    `Print what you need to see with print(...) (or console.log); you get back at most ${settings.maxOutputChars} characters per cell, and the value of the cell's last expression.`,
    "Keep large data in variables and print only slices, counts or summaries.",
    "",
    "## Variables",
    ...Object.entries(parts.variables).map(([name, value]) => describeVariable(name, value)),
    "",
    "## Functions",
    "- llm(prompt: string, text?: string): string — one language-model call: the prompt as instructions, the text as its input. Returns the answer.",
    `- llm_batch(items: {prompt: string, text?: string}[]): string[] — many llm calls at once, up to ${settings.batchConcurrency} in flight; answers in the order of the items.`,
    ...parts.callables.map(describeCallable),
    `- FINAL(value) — ends the task with value as the answer. The value must match this JSON schema: ${JSON.stringify(plainJsonSchema(parts.output))}`,
    "",
    "## Limits",
    `${settings.maxTurns} cells in all; ${settings.maxSubCalls} calls of llm, llm_batch items and the functions above together; ${settings.cellTimeMs} ms of sandbox time per cell; ${mib(settings.memoryLimitBytes)} MiB of memory.`,
  ].join("\n");
}

/** The cells so far, each with what it printed; the request for the next one. */
export function transcript(entries: readonly string[]): string {
  if (entries.length === 0) return "Write the first cell.";
  return `${entries.join("\n\n")}\n\nWrite the next cell.`;
}

export function transcriptEntry(index: number, code: string, report: string): string {
  return `### Cell ${index}\n\`\`\`js\n${code}\n\`\`\`\n### Output ${index}\n${report === "" ? "(nothing printed)" : report}`;
}

export function describeVariable(name: string, value: unknown): string {
  return `- ${name}: ${typeOf(value)}; preview: ${preview(value)}`;
}

function describeCallable(callable: AnyCallable): string {
  const input = JSON.stringify(plainJsonSchema(callable.input));
  const output = JSON.stringify(plainJsonSchema(callable.output));
  const doc = toolDescription(callable).replace(/\n/g, " ");
  return `- ${callable.name}(args: ${input}): ${output} — ${doc}`;
}

function typeOf(value: unknown): string {
  if (typeof value === "string") return `string, ${value.length} characters`;
  if (Array.isArray(value)) {
    const first = value.length > 0 ? `, items like ${typeOf(value[0]).split(",")[0]}` : "";
    return `array of ${value.length} items${first}, ${jsonLength(value)} characters as JSON`;
  }
  if (value !== null && typeof value === "object") {
    const keys = Object.keys(value);
    return `object with ${keys.length} keys (${keys.slice(0, 12).join(", ")}${keys.length > 12 ? ", …" : ""}), ${jsonLength(value)} characters as JSON`;
  }
  return value === null ? "null" : typeof value;
}

function preview(value: unknown): string {
  // Only the start is read: a variable may be tens of megabytes.
  const text = (typeof value === "string" ? value : (JSON.stringify(value) ?? "undefined")).slice(0, PREVIEW_CHARS * 4);
  const flat = text.replace(/\s+/g, " ");
  return JSON.stringify(flat.length <= PREVIEW_CHARS ? flat : `${flat.slice(0, PREVIEW_CHARS)}…`);
}

function jsonLength(value: unknown): number {
  return (JSON.stringify(value) ?? "").length;
}

function mib(bytes: number): number {
  return Math.round((bytes / (1024 * 1024)) * 10) / 10;
}
