// OOLONG-style aggregation data: a log of records, each a question whose coarse
// label (6 labels) is implied by its wording, from users drawn from a Zipf
// distribution; and 20 counting and comparison queries with their answers.
import { rng } from "./stats.ts";

export const LABELS = ["abbreviation", "entity", "description", "human", "location", "numeric"] as const;
export type Label = (typeof LABELS)[number];

/** The wording that implies each label; the scripted model classifies by it (bench/server/scripts.ts). */
export const CUES: Record<Label, readonly string[]> = {
  abbreviation: ["what does the acronym", "what is the abbreviation for", "what does it stand for:"],
  entity: ["which animal is", "what color is", "which instrument plays"],
  description: ["why does", "how does", "what causes"],
  human: ["who invented", "who wrote", "who painted"],
  location: ["where is", "which country has", "what city hosts"],
  numeric: ["how many", "how much", "what year saw"],
};
const LABEL_WEIGHTS = [0.07, 0.19, 0.23, 0.2, 0.17, 0.14];
const NOUNS = [
  "river", "engine", "garden", "ladder", "comet", "violin", "harbor", "candle", "glacier", "lantern",
  "meadow", "quartz", "saddle", "tunnel", "walnut", "beacon", "cactus", "falcon", "marble", "pepper",
  "orchard", "puzzle", "rocket", "sparrow", "thimble", "canyon", "feather", "island", "kettle", "mosaic",
];

export interface LogRecord {
  readonly id: number;
  readonly user: string;
  readonly label: Label;
}

export interface Query {
  readonly kind: "count" | "count_user" | "compare" | "top_user" | "top_label";
  readonly label?: Label;
  readonly other?: Label;
  readonly user?: string;
}

export interface OolongLog {
  readonly text: string;
  readonly records: readonly LogRecord[];
  readonly queries: readonly Query[];
  readonly answers: readonly string[];
}

function pick<T>(random: () => number, xs: readonly T[]): T {
  return xs[Math.floor(random() * xs.length)]!;
}

function zipfSampler(random: () => number, n: number, s: number): () => number {
  const cdf: number[] = [];
  let total = 0;
  for (let k = 1; k <= n; k++) cdf.push((total += 1 / k ** s));
  return () => {
    const u = random() * total;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid]! < u) lo = mid + 1;
      else hi = mid;
    }
    return lo + 1;
  };
}

/** A log of about `tokens` tokens (4 characters a token), 200 Zipf(1.1) users, 6 labels. */
export function oolongLog(tokens: number, seed: number): OolongLog {
  const random = rng(seed * 104729 + 3);
  const user = zipfSampler(random, 200, 1.1);
  const records: LogRecord[] = [];
  const lines: string[] = [];
  let chars = 0;
  while (chars < tokens * 4) {
    const id = records.length + 1;
    let u = random() * LABEL_WEIGHTS.reduce((a, b) => a + b, 0);
    let li = 0;
    while (u > LABEL_WEIGHTS[li]! && li < LABELS.length - 1) u -= LABEL_WEIGHTS[li++]!;
    const label = LABELS[li]!;
    const who = `u${user()}`;
    const line = `[r${id}] ${who} | ${pick(random, CUES[label])} the ${pick(random, NOUNS)} near the ${pick(random, NOUNS)}?`;
    records.push({ id, user: who, label });
    lines.push(line);
    chars += line.length + 1;
  }
  const queries = makeQueries(records, random);
  return { text: lines.join("\n") + "\n", records, queries, answers: answerQueries(records, queries) };
}

function makeQueries(records: readonly LogRecord[], random: () => number): Query[] {
  const byUser = new Map<string, number>();
  for (const r of records) byUser.set(r.user, (byUser.get(r.user) ?? 0) + 1);
  const topUsers = [...byUser.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([u]) => u);
  const qs: Query[] = [];
  for (const label of LABELS) qs.push({ kind: "count", label });
  for (let i = 0; i < 4; i++) qs.push({ kind: "compare", label: LABELS[i]!, other: LABELS[(i + 2 + Math.floor(random() * 3)) % 6]! });
  for (let i = 0; i < 4; i++) qs.push({ kind: "count_user", label: pick(random, LABELS), user: topUsers[i * 3]! });
  for (const label of ["human", "location", "numeric"] as const) qs.push({ kind: "top_user", label });
  for (let i = 0; i < 3; i++) qs.push({ kind: "top_label", user: topUsers[i * 5 + 1]! });
  return qs;
}

/** Answers queries over records (deduplicated by id): numbers as decimal strings, comparisons as more/less/same. */
export function answerQueries(records: readonly LogRecord[], queries: readonly Query[]): string[] {
  const seen = new Map<number, LogRecord>();
  for (const r of records) seen.set(r.id, r);
  const all = [...seen.values()];
  const count = (pred: (r: LogRecord) => boolean): number => all.filter(pred).length;
  const best = (keys: Iterable<string>, score: (k: string) => number): string =>
    [...keys].sort((a, b) => score(b) - score(a) || a.localeCompare(b))[0] ?? "";
  return queries.map((q) => {
    switch (q.kind) {
      case "count":
        return String(count((r) => r.label === q.label));
      case "count_user":
        return String(count((r) => r.label === q.label && r.user === q.user));
      case "compare": {
        const a = count((r) => r.label === q.label);
        const b = count((r) => r.label === q.other);
        return a > b ? "more" : a < b ? "less" : "same";
      }
      case "top_user": {
        const per = new Map<string, number>();
        for (const r of all) if (r.label === q.label) per.set(r.user, (per.get(r.user) ?? 0) + 1);
        return best(per.keys(), (k) => per.get(k)!);
      }
      case "top_label": {
        const per = new Map<string, number>();
        for (const r of all) if (r.user === q.user) per.set(r.label, (per.get(r.label) ?? 0) + 1);
        return best(LABELS, (k) => per.get(k) ?? 0);
      }
    }
  });
}
