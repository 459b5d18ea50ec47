// Worker processes for the DBOS tests (test/dbos/support/worker-process.ts),
// and the scripted model server they all send to: it answers `label` requests
// with "label-N", counts the requests per item, and can hold every answer
// (a gate) so a test kills a process while its requests are in flight.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { startOpenAIServer, type OpenAIServer } from "@flowc/runtime/testing";

const ROOT = path.resolve(import.meta.dirname, "../../..");
const SCRIPT = path.join(ROOT, "test/dbos/support/worker-process.ts");

export interface Worker {
  readonly child: ChildProcess;
  /** SIGKILL, and wait until it is gone. */
  kill(): Promise<void>;
  /** SIGTERM (a clean stop), and wait until it is gone. */
  stop(): Promise<void>;
}

export async function startWorkers(count: number, env: Record<string, string>): Promise<Worker[]> {
  return Promise.all(Array.from({ length: count }, () => startWorker(env)));
}

export function startWorker(env: Record<string, string>): Promise<Worker> {
  const child = spawn(process.execPath, ["--import", "tsx", SCRIPT], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr!.on("data", (chunk) => (stderr += String(chunk)));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const signal = async (name: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(name);
    await exited;
  };
  return new Promise((resolve, reject) => {
    child.stdout!.on("data", (chunk) => {
      if (String(chunk).includes("ready")) resolve({ child, kill: () => signal("SIGKILL"), stop: () => signal("SIGTERM") });
    });
    child.once("exit", (code) => reject(new Error(`worker exited (${code}) before it was ready:\n${stderr}`)));
  });
}

export interface ModelServer {
  readonly server: OpenAIServer;
  /** Requests received per item. */
  readonly requests: Map<number, number>;
  /** Answers sent so far (held ones not included). */
  answered(): number;
  /** Holds every answer from now on until `open()`. */
  hold(): void;
  open(): void;
  close(): Promise<void>;
}

export async function startModelServer(latencyMs = 0): Promise<ModelServer> {
  const requests = new Map<number, number>();
  let answered = 0;
  let gate: { promise: Promise<void>; release: () => void } | undefined;
  const server = await startOpenAIServer({
    latencyMs,
    handler: async (body) => {
      const text = String(body.messages.at(-1)?.content ?? "");
      const item = Number(/item (-?\d+)/.exec(text)?.[1]);
      requests.set(item, (requests.get(item) ?? 0) + 1);
      if (gate) await gate.promise;
      answered++;
      return { content: `label-${item}` };
    },
  });
  return {
    server,
    requests,
    answered: () => answered,
    hold() {
      let release!: () => void;
      const promise = new Promise<void>((resolve) => (release = resolve));
      gate = { promise, release };
    },
    open() {
      gate?.release();
      gate = undefined;
    },
    close: () => server.close(),
  };
}
