// The benchmark's handle on a loopback server running in a worker thread.
import { Worker } from "node:worker_threads";
import type { ServerConfig, ServerLimits, ServerStats } from "./server.ts";

export interface ServerHandle {
  readonly url: string;
  readonly port: number;
  configure(config: Partial<ServerConfig>): Promise<void>;
  stats(): Promise<ServerStats>;
  reset(): Promise<void>;
  close(): Promise<void>;
}

export async function startServerThread(
  config: Partial<ServerConfig> = {},
  limits: ServerLimits = { maxRequests: 2_000_000, lifetimeMs: 15 * 60_000 },
): Promise<ServerHandle> {
  const worker = new Worker(new URL("./worker-boot.mjs", import.meta.url), { workerData: { config, limits } });
  const pending = new Map<number, (value: unknown) => void>();
  let next = 1;
  let ready!: (v: { url: string; port: number }) => void;
  let failed!: (e: unknown) => void;
  const started = new Promise<{ url: string; port: number }>((res, rej) => ((ready = res), (failed = rej)));
  worker.on("message", (msg: { id: number; value: unknown }) => {
    if (msg.id === 0) return ready(msg.value as { url: string; port: number });
    pending.get(msg.id)?.(msg.value);
    pending.delete(msg.id);
  });
  worker.on("error", (e) => failed(e));
  const { url, port } = await started;
  const ask = <T>(op: string, extra: object = {}): Promise<T> =>
    new Promise<T>((resolve) => {
      const id = next++;
      pending.set(id, resolve as (v: unknown) => void);
      worker.postMessage({ id, op, ...extra });
    });
  let closed: Promise<void> | null = null;
  return {
    url,
    port,
    configure: (c) => ask("configure", { config: c }),
    stats: () => ask<ServerStats>("stats"),
    reset: () => ask("reset"),
    close() {
      closed ??= ask("close").then(() => worker.terminate()).then(() => undefined);
      return closed;
    },
  };
}
