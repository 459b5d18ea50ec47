// Prettier with pinned options, in one place. The standalone build with only the
// babel-ts parser (same output as the typescript parser on generated code —
// goldens, examples and a 200-module project compared — and ~15 % faster): no
// config file lookup and no plugin search, so the output never depends on where
// flowc runs.
//
// Prettier formats what the direct printer (direct.ts) leaves to it: flows and
// unusual declarations, ~10 ms per module's worth. It is pure, so on a machine
// with idle cores to spare many texts are formatted in worker threads (up to
// four); otherwise, and for a few, on this thread. The bytes are the same either way.
import os from "node:os";
import { Worker } from "node:worker_threads";
import { importExternal } from "../external.ts";

export const PRETTIER_OPTIONS = {
  parser: "babel-ts",
  printWidth: 100,
  tabWidth: 2,
  useTabs: false,
  semi: true,
  singleQuote: false,
  quoteProps: "as-needed",
  trailingComma: "all",
  bracketSpacing: true,
  arrowParens: "always",
  endOfLine: "lf",
} as const;

/** The modules prettier is loaded from (here and in workers): standalone, estree printer, babel-ts parser. */
const PRETTIER_MODULES = ["prettier/standalone", "prettier/plugins/estree", "prettier/plugins/babel"] as const;

type PrettierModules = [typeof import("prettier/standalone"), typeof import("prettier/plugins/estree"), typeof import("prettier/plugins/babel")];

let loaded: Promise<PrettierModules> | undefined;

function loadPrettier(): Promise<PrettierModules> {
  loaded ??= Promise.all([
    importExternal<PrettierModules[0]>("prettier/standalone"),
    importExternal<PrettierModules[1]>("prettier/plugins/estree"),
    importExternal<PrettierModules[2]>("prettier/plugins/babel"),
  ]);
  return loaded;
}

export async function formatTypeScript(text: string): Promise<string> {
  const [prettier, estree, babel] = await loadPrettier();
  return prettier.format(text, { ...PRETTIER_OPTIONS, plugins: [estree, babel] });
}

export interface Formatter {
  format(text: string): Promise<string>;
  close(): Promise<void>;
}

/** Below this many modules, formatting on this thread beats starting workers. */
const WORKER_THRESHOLD = 8;
/** Modules per worker, at least: a worker costs about as much to start as formatting a few modules. */
const MODULES_PER_WORKER = 4;

/**
 * A formatter for `count` modules. With workers, they start loading prettier
 * right away, so create it before other work (generating the text).
 */
export function createFormatter(count: number): Formatter {
  const workers = workerCount(count);
  // import.meta.resolve (for the workers' prettier) is unflagged from Node 20.6.
  if (workers < 2 || typeof import.meta.resolve !== "function") {
    return { format: formatTypeScript, close: async () => {} };
  }
  try {
    return new WorkerFormatter(workers);
  } catch {
    return { format: formatTypeScript, close: async () => {} };
  }
}

/**
 * How many workers: `FLOWC_FORMAT_WORKERS=N` if set (0: none), else up to
 * four when there are enough modules and at least four idle cores (by the
 * 1-minute load average). Two cores are not enough: V8's own background
 * threads (GC, compiler) already use the second one, and each worker warms
 * prettier's JIT up again; on 2 cores a 200-module build measured 3.6 s with
 * two workers and 3.5 s without.
 */
function workerCount(count: number): number {
  if (count < WORKER_THRESHOLD) return 0;
  const fixed = process.env.FLOWC_FORMAT_WORKERS;
  if (fixed !== undefined && fixed.trim() !== "" && Number.isInteger(Number(fixed))) return Number(fixed);
  const cores = typeof os.availableParallelism === "function" ? os.availableParallelism() : os.cpus().length;
  const idle = Math.floor(cores - (os.loadavg()[0] ?? 0) + 0.5);
  return idle < 4 ? 0 : Math.min(idle - 1, 4, Math.floor(count / MODULES_PER_WORKER));
}

// The worker: loads prettier from the URLs it is given and formats what it is sent.
// (Evaluated code, so that it runs the same from the sources and from the bundle.)
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const loaded = Promise.all(workerData.modules.map((url) => import(url)));
parentPort.on("message", async ({ id, text }) => {
  try {
    const [prettier, estree, babel] = await loaded;
    const out = await prettier.format(text, { ...workerData.options, plugins: [estree, babel] });
    parentPort.postMessage({ id, text: out });
  } catch (error) {
    parentPort.postMessage({ id, error: String((error && error.stack) || error) });
  }
});
`;

interface Pending {
  readonly resolve: (text: string) => void;
  readonly reject: (error: Error) => void;
  readonly size: number;
  readonly worker: number;
}

class WorkerFormatter implements Formatter {
  private readonly workers: Worker[] = [];
  /** Characters queued per worker: each text goes to the least loaded one. */
  private readonly load: number[] = [];
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;

  constructor(count: number) {
    const modules = PRETTIER_MODULES.map((specifier) => import.meta.resolve(specifier));
    for (let index = 0; index < count; index++) {
      const worker = new Worker(WORKER_SOURCE, {
        eval: true,
        // Not the parent's loaders (tsx): the worker runs plain JavaScript.
        execArgv: [],
        workerData: { modules, options: PRETTIER_OPTIONS },
      });
      worker.unref();
      worker.on("message", (message: { id: number; text?: string; error?: string }) => this.settle(message));
      worker.on("error", (error) => this.fail(index, error));
      this.workers.push(worker);
      this.load.push(0);
    }
  }

  format(text: string): Promise<string> {
    const id = this.nextId++;
    let worker = 0;
    for (let i = 1; i < this.load.length; i++) if (this.load[i]! < this.load[worker]!) worker = i;
    this.load[worker]! += text.length;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, size: text.length, worker });
      this.workers[worker]!.postMessage({ id, text });
    });
  }

  private settle(message: { id: number; text?: string; error?: string }): void {
    const pending = this.pending.get(message.id);
    if (!pending) return;
    this.pending.delete(message.id);
    this.load[pending.worker]! -= pending.size;
    if (message.text !== undefined) pending.resolve(message.text);
    else pending.reject(new Error(message.error ?? "prettier failed in a worker"));
  }

  private fail(worker: number, error: Error): void {
    for (const [id, pending] of this.pending) {
      if (pending.worker !== worker) continue;
      this.pending.delete(id);
      pending.reject(error);
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
