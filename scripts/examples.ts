// The runnable examples: how each is run, shared by scripts/record-examples.ts
// and test/examples. Paths are relative to the repository root.

export interface Example {
  readonly name: string;
  readonly file: string;
  readonly flow: string;
  readonly input: string;
  readonly recording: string;
  /** Extra `flowc run` arguments. */
  readonly args: readonly string[];
  /**
   * Shorten long request messages in the recording file (the replay key still
   * covers the full request): the long-context example sends ~250 chunks of
   * 8,000 characters, which would make a multi-megabyte file.
   */
  readonly compact?: boolean;
}

export const EXAMPLES: readonly Example[] = [
  {
    name: "pitchdeck",
    file: "examples/pitchdeck/pitchdeck.flow",
    flow: "evaluate_decks",
    input: "examples/pitchdeck/input.json",
    recording: "examples/pitchdeck/recording.jsonl",
    args: ["--approve", "save_report"],
  },
  {
    name: "long-context",
    file: "examples/long-context/long-context.flow",
    flow: "analyze",
    input: "examples/long-context/input.json",
    recording: "examples/long-context/recording.jsonl",
    args: [],
    compact: true,
  },
  {
    name: "stabilize",
    file: "examples/stabilize/worker_version.flow",
    flow: "triage",
    input: "examples/stabilize/input.json",
    recording: "examples/stabilize/recording.jsonl",
    args: [],
  },
  {
    name: "decompose",
    file: "examples/decompose/decompose.flow",
    flow: "plan",
    input: "examples/decompose/input.json",
    recording: "examples/decompose/recording.jsonl",
    args: [],
  },
  {
    name: "code-worker",
    file: "examples/code-worker/code_worker.flow",
    flow: "answer",
    input: "examples/code-worker/input.json",
    recording: "examples/code-worker/recording.jsonl",
    args: [],
  },
  {
    // The project `flowc init` writes (templates/init), recorded like the examples.
    name: "init",
    file: "templates/init/flows/digest.flow",
    flow: "digest",
    input: "templates/init/flows/input.json",
    recording: "templates/init/flows/digest.recording.jsonl",
    args: [],
  },
];
