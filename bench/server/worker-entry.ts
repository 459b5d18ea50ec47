// Runs the loopback server inside a worker thread, so the process under test
// keeps its event loop (and, on 2 cores, most of a core) to itself.
import { parentPort, workerData } from "node:worker_threads";
import { startServer, type ServerConfig, type ServerLimits } from "./server.ts";

const { config, limits } = workerData as { config: Partial<ServerConfig>; limits: ServerLimits };
const server = await startServer(config, limits);
const port = parentPort!;
port.on("message", async (msg: { id: number; op: string; config?: Partial<ServerConfig> }) => {
  let value: unknown = null;
  if (msg.op === "configure") server.configure(msg.config ?? {});
  else if (msg.op === "stats") value = server.stats();
  else if (msg.op === "reset") server.reset();
  else if (msg.op === "close") {
    await server.close();
    port.postMessage({ id: msg.id, value: null });
    port.close();
    return;
  }
  port.postMessage({ id: msg.id, value });
});
port.postMessage({ id: 0, value: { url: server.url, port: server.port } });
