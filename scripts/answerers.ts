// Deterministic, rule-based answers for the workers of the examples. These play
// the model in scripts/record-examples.ts: the scripted local OpenAI-compatible
// server (test/support/openai-server.ts) calls `answer` for every chat request,
// and what it answers is recorded as the examples' `recording.jsonl`. Nothing
// here is a real model; the rules are simple on purpose, so every recorded
// answer can be explained from the request.
import type { ScriptedReply, ScriptedToolCall } from "../runtime/testing/openai-server.ts";
import { categorize } from "../examples/stabilize/tools/categorize.ts";
import { answerFromQuotes, codeWorkerTurn, quoteSentence } from "./answerers-code-worker.ts";

interface Message {
  role: string;
  content?: string | null;
  tool_calls?: { id: string; function: { name: string; arguments: string } }[];
  tool_call_id?: string;
}

interface Request {
  model: string;
  messages: Message[];
  tools?: unknown[];
  response_format?: { type: string; json_schema?: { name: string; schema: { properties?: Record<string, unknown> } } };
}

type Answer = { readonly toolCalls: readonly ScriptedToolCall[] } | { readonly value: unknown };

interface Answerer {
  /** Recognizes the worker by its (rendered) instructions in the system message. */
  readonly match: RegExp;
  readonly answer: (request: Request, system: string) => Answer;
}

const ANSWERERS: readonly Answerer[] = [
  { match: /You are an early-stage investor/, answer: evaluateDeck },
  { match: /Write a one-page memo/, answer: writeMemo },
  { match: /List every passage about/, answer: findMentions },
  { match: /Summarize this part of the harbor log/, answer: summarize },
  { match: /Merge these notes/, answer: mergeNotes },
  { match: /Put the support ticket in exactly one category/, answer: categorizeTicket },
  { match: /Break the task into concrete steps/, answer: planTask },
  { match: /Check the plan \(one step per line\)/, answer: critique },
  { match: /Rewrite the plan \(one step per line\)/, answer: revise },
  { match: /Summarize the text: a short title/, answer: summarizeText },
  { match: /You are find_answer, a code worker/, answer: (request) => ({ value: codeWorkerTurn(userText(request)) }) },
  { match: /^Quote the sentence of this section/, answer: (request, system) => ({ value: quoteSentence(system, userText(request)) }) },
  { match: /^Answer the question in a few words, from these quotes/, answer: (request) => ({ value: answerFromQuotes(userText(request)) }) },
];

/** The scripted server's handler: one reply per chat request. */
export function answer(body: unknown): ScriptedReply {
  const request = body as Request;
  const system = request.messages.find((m) => m.role === "system")?.content ?? "";
  const answerer = ANSWERERS.find((a) => a.match.test(system));
  if (!answerer) {
    return { status: 400, message: `scripted server: no answerer for instructions ${JSON.stringify(system.slice(0, 80))}` };
  }
  const result = answerer.answer(request, system);
  const promptChars = JSON.stringify(request.messages).length + JSON.stringify(request.tools ?? []).length;
  if ("toolCalls" in result) {
    const completion = JSON.stringify(result.toolCalls).length;
    return { toolCalls: result.toolCalls, usage: tokens(promptChars, completion) };
  }
  const content = encode(request, result.value);
  return { content, usage: tokens(promptChars, content.length) };
}

/** Token counts estimated as characters / 4, as the examples' READMEs explain. */
function tokens(promptChars: number, completionChars: number) {
  return { prompt_tokens: Math.ceil(promptChars / 4), completion_tokens: Math.max(1, Math.ceil(completionChars / 4)) };
}

/** The wire format the runtime asked for: text, a record as JSON, anything else as {"result": ...}. */
function encode(request: Request, value: unknown): string {
  const format = request.response_format;
  if (!format || format.type !== "json_schema") return typeof value === "string" ? value : JSON.stringify(value);
  const properties = Object.keys(format.json_schema?.schema.properties ?? {});
  if (properties.length === 1 && properties[0] === "result") return JSON.stringify({ result: value });
  return JSON.stringify(value);
}

function userText(request: Request): string {
  return request.messages.find((m) => m.role === "user")?.content ?? "";
}

function toolResults(request: Request): Message[] {
  return request.messages.filter((m) => m.role === "tool");
}

function parseJson(text: string | null | undefined): unknown {
  try {
    return JSON.parse(text ?? "");
  } catch {
    return text;
  }
}

// ------------------------------------------------------------ pitchdeck

function evaluateDeck(request: Request, system: string): Answer {
  const company = /Score the deck "([^"]+)"/.exec(system)?.[1] ?? "unknown";
  const text = userText(request);
  const sector = /^Sector: (.*)$/m.exec(text)?.[1]?.trim() ?? "unknown";
  const results = toolResults(request);
  if (results.length === 0) {
    return { toolCalls: [{ name: "market_size", arguments: { sector } }] };
  }
  const market = Number(/[\d.]+(?:e\d+)?/.exec(String(results[0]!.content))?.[0] ?? "0");
  let score = 4;
  const strengths: string[] = [];
  const risks: string[] = [];
  const billions = Math.round(market / 1e9);
  if (market >= 20e9) {
    score += 2;
    strengths.push(`large market (about $${billions}B)`);
  } else if (market >= 5e9) {
    score += 1;
    strengths.push(`sizeable market (about $${billions}B)`);
  } else {
    risks.push(`small market (about $${billions}B)`);
  }
  const arr = /\$([\d.]+)(k|M) ARR/.exec(text);
  if (arr) {
    const usd = Number(arr[1]) * (arr[2] === "M" ? 1e6 : 1e3);
    score += usd >= 1e6 ? 2 : 1;
    strengths.push(`$${arr[1]}${arr[2]} ARR`);
  }
  if (/no revenue/i.test(text)) {
    score -= 1;
    risks.push("no revenue yet");
  }
  const growth = /growing (\d+)% month over month/.exec(text);
  if (growth && Number(growth[1]) >= 10) {
    score += 1;
    strengths.push(`${growth[1]}% monthly growth`);
  }
  if (/ex-|PhD|previously built and sold|former/.test(text)) {
    score += 1;
    strengths.push("experienced team");
  }
  if (/first-time founders/i.test(text)) {
    score -= 1;
    risks.push("first-time founders");
  }
  for (const risk of text.matchAll(/^Risk: (.*)$/gm)) {
    score -= 1;
    risks.push(risk[1]!.trim());
  }
  score = Math.max(1, Math.min(10, score));
  const stageText = /^Stage: (\w+)/m.exec(text)?.[1] ?? "seed";
  const stage = ["seed", "series_a", "later"].includes(stageText) ? stageText : "later";
  return {
    value: {
      company,
      score,
      strengths,
      risks,
      verdict: score >= 8 ? "invest" : score >= 5 ? "maybe" : "pass",
      notes: `market_size estimates the ${sector} market at $${billions}B`,
      stage,
    },
  };
}

interface Evaluation {
  company: string;
  score: number;
  strengths: string[];
  risks: string[];
  verdict: string;
  stage: string;
}

function writeMemo(request: Request): Answer {
  const ranked = parseJson(userText(request)) as Evaluation[];
  const lines = [`# Investment memo: ${ranked.length} decks`, "", "| # | company | score | verdict | stage |", "| --- | --- | --- | --- | --- |"];
  ranked.forEach((e, i) => lines.push(`| ${i + 1} | ${e.company} | ${e.score}/10 | ${e.verdict} | ${e.stage} |`));
  for (const e of ranked) {
    lines.push("", `## ${e.company}: ${e.score}/10, ${e.verdict}`);
    lines.push(`Strengths: ${e.strengths.length > 0 ? e.strengths.join("; ") : "none noted"}.`);
    lines.push(`Risks: ${e.risks.length > 0 ? e.risks.join("; ") : "none noted"}.`);
  }
  const names = (verdict: string) => ranked.filter((e) => e.verdict === verdict).map((e) => e.company);
  const parts: string[] = [];
  if (names("invest").length) parts.push(`invest in ${names("invest").join(" and ")}`);
  if (names("maybe").length) parts.push(`follow ${names("maybe").join(" and ")} for another quarter`);
  if (names("pass").length) parts.push(`pass on ${names("pass").join(" and ")}`);
  lines.push("", `Recommendation: ${parts.join("; ")}.`);
  return { value: lines.join("\n") };
}

// ------------------------------------------------------------ long-context

const PAGE_MARKER = /=== Page (\d+) ===/g;

/** Page markers in a chunk, with their offsets. */
function pageMarkers(text: string): { offset: number; page: number }[] {
  return [...text.matchAll(PAGE_MARKER)].map((m) => ({ offset: m.index, page: Number(m[1]) }));
}

function pageAt(markers: { offset: number; page: number }[], offset: number): number {
  let page: number | undefined;
  for (const marker of markers) if (marker.offset <= offset) page = marker.page;
  if (page !== undefined) return page;
  return markers.length > 0 ? markers[0]!.page - 1 : 0;
}

function findMentions(request: Request, system: string): Answer {
  const topic = /List every passage about (.+?): quote/.exec(system)?.[1] ?? "";
  const chunk = userText(request);
  const markers = pageMarkers(chunk);
  const found: { quote: string; page: number }[] = [];
  // Whole sentences only: a sentence cut by the chunk border is in the overlap of the next chunk.
  for (const sentence of chunk.matchAll(/[A-Z][^.=\n]*\./g)) {
    if (sentence.index === 0 || !/\s/.test(chunk[sentence.index - 1]!)) continue;
    if (sentence[0].toLowerCase().includes(topic.toLowerCase())) {
      found.push({ quote: sentence[0], page: pageAt(markers, sentence.index) });
    }
  }
  return { value: found };
}

const THEMES = ["harbor", "storm", "ferry", "market", "festival", "lighthouse"] as const;

function formatNote(first: number, last: number, counts: Map<string, number>): string {
  const themes = [...counts.entries()]
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([theme, n]) => `${theme} ${n}`);
  return `pages ${first}-${last} | ${themes.join(", ")}`;
}

function summarize(request: Request): Answer {
  const chunk = userText(request);
  const markers = pageMarkers(chunk);
  const first = pageAt(markers, 0) || 1;
  const last = markers.length > 0 ? markers[markers.length - 1]!.page : first;
  const counts = new Map<string, number>();
  for (const theme of THEMES) counts.set(theme, (chunk.match(new RegExp(`\\b${theme}\\b`, "gi")) ?? []).length);
  return { value: formatNote(first, last, counts) };
}

function mergeNotes(request: Request): Answer {
  const notes = parseJson(userText(request)) as string[];
  let first = Infinity;
  let last = -Infinity;
  const counts = new Map<string, number>();
  for (const note of notes) {
    const match = /^pages (\d+)-(\d+) \| (.*)$/.exec(note);
    if (!match) continue;
    first = Math.min(first, Number(match[1]));
    last = Math.max(last, Number(match[2]));
    for (const part of match[3]!.split(", ")) {
      const [theme, n] = part.split(" ");
      counts.set(theme!, (counts.get(theme!) ?? 0) + Number(n));
    }
  }
  return { value: formatNote(first, last, counts) };
}

// ------------------------------------------------------------ stabilize

/** The scripted "model" follows the same rules as the stabilized tool, so both versions agree. */
function categorizeTicket(request: Request): Answer {
  return { value: categorize({ ticket: { id: 0, text: userText(request) } }) };
}

// ------------------------------------------------------------ decompose

/** Splits at commas outside parentheses. */
function splitTop(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = "";
  for (const ch of text) {
    if (ch === "(") depth++;
    if (ch === ")") depth--;
    if (ch === "," && depth === 0) {
      parts.push(current.trim());
      current = "";
    } else {
      current += ch;
    }
  }
  if (current.trim() !== "") parts.push(current.trim());
  return parts;
}

/** `name (a, b (c))` -> { name, inner: "a, b (c)" }; a leaf has no inner. */
function parsePart(part: string): { name: string; inner?: string } {
  const open = part.indexOf("(");
  if (open === -1 || !part.endsWith(")")) return { name: part };
  return { name: part.slice(0, open).trim(), inner: part.slice(open + 1, -1).trim() };
}

function planTask(request: Request): Answer {
  const task = userText(request).trim();
  const colon = task.indexOf(":");
  const body = colon === -1 ? task : task.slice(colon + 1);
  const parts = splitTop(body).map(parsePart);
  const delegated = parts.filter((p) => p.inner !== undefined);
  const results = toolResults(request);
  if (delegated.length > 0 && results.length === 0) {
    return { toolCalls: delegated.map((p) => ({ name: "plan_task", arguments: { task: `${p.name}: ${p.inner}` } })) };
  }
  const steps: string[] = [];
  let next = 0;
  for (const part of parts) {
    if (part.inner === undefined) {
      steps.push(part.name);
      continue;
    }
    const result = parseJson(results[next++]?.content) as { steps?: string[]; result?: { steps?: string[] } } | string;
    const childSteps = typeof result === "object" && result ? (result.steps ?? result.result?.steps) : undefined;
    if (childSteps) for (const step of childSteps) steps.push(`${part.name}: ${step}`);
    else for (const leaf of splitTop(part.inner!)) steps.push(`${part.name}: ${leaf}`);
  }
  return { value: { steps } };
}

const NOTE_NUMBER = 'number the steps "1. ", "2. ", ...';
const NOTE_CAPITAL = "start every step with a capital letter";
const NOTE_REVIEW = "end with a step that reviews the outcome";

function stripNumber(line: string): string {
  return line.replace(/^\d+\.\s+/, "");
}

function critique(request: Request): Answer {
  const lines = userText(request).split("\n").filter((l) => l.trim() !== "");
  const notes: string[] = [];
  if (!lines.every((l) => /^\d+\. /.test(l))) notes.push(NOTE_NUMBER);
  if (!lines.every((l) => /^[A-Z]/.test(stripNumber(l)))) notes.push(NOTE_CAPITAL);
  // Style first; the content rule is checked once the style holds.
  if (notes.length === 0 && !/review/i.test(lines[lines.length - 1] ?? "")) notes.push(NOTE_REVIEW);
  return { value: { ok: notes.length === 0, notes } };
}

function revise(request: Request): Answer {
  const input = parseJson(userText(request)) as { text: string; notes: string[] };
  const wasNumbered = input.text.split("\n").every((l) => /^\d+\. /.test(l));
  let steps = input.text.split("\n").filter((l) => l.trim() !== "").map(stripNumber);
  const has = (note: string) => input.notes.includes(note);
  if (has(NOTE_CAPITAL)) steps = steps.map((s) => s[0]!.toUpperCase() + s.slice(1));
  if (has(NOTE_REVIEW)) steps.push("Review the outcome and write down what to change next time");
  const numbered = has(NOTE_NUMBER) || wasNumbered;
  return { value: steps.map((s, i) => (numbered ? `${i + 1}. ${s}` : s)).join("\n") };
}

// ------------------------------------------------------------ init (templates/init)

/** Title: the first sentence's first six words; points: the first three sentences. */
function summarizeText(request: Request): Answer {
  const sentences = userText(request)
    .split(/(?<=[.!?])\s+/)
    .map((sentence) => sentence.trim())
    .filter(Boolean);
  const title = (sentences[0] ?? "").replace(/[.!?]$/, "").split(/\s+/).slice(0, 6).join(" ");
  return { value: { title, points: sentences.slice(0, 3) } };
}
