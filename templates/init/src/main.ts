// Runs the `digest` flow of flows/digest.flow through its generated entry
// point. Offline by default: the model's answers are replayed from
// flows/digest.recording.jsonl. With OPENAI_API_KEY (or OPENAI_BASE_URL for any
// OpenAI-compatible server) set, it calls the model instead.
import { readFileSync } from "node:fs";
import { createProvider } from "@flowc/runtime/models";
import { runDigest } from "./generated/flows/digest.js";

const live = Boolean(process.env["OPENAI_API_KEY"] || process.env["OPENAI_BASE_URL"]);
const provider = createProvider(live ? { kind: "openai" } : { kind: "replay", path: "flows/digest.recording.jsonl" });
const input = JSON.parse(readFileSync("flows/input.json", "utf8")) as { texts: string[] };

runDigest(input, { provider }).then(
  (digest) => console.log(JSON.stringify(digest, null, 2)),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);
