// The four sides figures 1 and 2 compare, all pointed at the same loopback server.
import { aisdkRunner } from "./aisdk.ts";
import { bareRunner } from "./bare.ts";
import { langgraphRunner } from "./langgraph.ts";

export type Runner = (xs: readonly number[], concurrency: number) => Promise<number[]>;

export function sidesFor(url: string, flowc: Runner): [string, Runner][] {
  return [
    ["flowc", flowc],
    ["bare openai SDK", bareRunner(url)],
    ["LangGraph.js", langgraphRunner(url)],
    ["Vercel AI SDK", aisdkRunner(url)],
  ];
}
