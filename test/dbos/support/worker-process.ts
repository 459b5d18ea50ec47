// One worker process of the DBOS tests: launches DBOS on DATABASE_URL with the
// wide-map module, sends model requests to MODEL_URL, says "ready" on stdout
// and works until killed (or SIGTERM).
import { startDbosWorker, stopDbos } from "@flowc/runtime/dbos";
import { createOpenAIProvider } from "@flowc/runtime/models";
import * as wideMap from "./wide-map.ts";

const env = (name: string) => process.env[name] ?? "";
await startDbosWorker({
  databaseUrl: env("DATABASE_URL"),
  modules: [wideMap],
  callOptions: { provider: createOpenAIProvider({ baseURL: env("MODEL_URL"), apiKey: "test-key" }), retries: 0 },
  maxInFlight: Number(env("MAX_IN_FLIGHT") || 16),
  workerConcurrency: Number(env("WORKER_CONCURRENCY") || 8),
  limits: JSON.parse(env("MODEL_LIMITS") || "{}"),
  // Generous for a loaded machine: a process taken for dead while alive costs repeated work, not correctness.
  heartbeatMs: 300,
  deadAfterMs: 4000,
});
process.stdout.write("ready\n");
process.once("SIGTERM", () => void stopDbos().then(() => process.exit(0)));
