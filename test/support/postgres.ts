// A throwaway PostgreSQL cluster for tests, from the machine's own binaries
// (no Docker): initdb into a temp folder, pg_ctl start on a free loopback port
// with its unix socket in that folder, stop and remove it at the end.
// initdb refuses to run as root, so as root the cluster belongs to `nobody`
// (run through runuser); CI installs Debian's postgresql when it is missing.
import { execFileSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll } from "vitest";

export interface TestPostgres {
  /** postgres://… on 127.0.0.1, database `postgres`, trust auth. */
  readonly url: string;
  readonly port: number;
  /** A URL of another database of this cluster (created by DBOS on launch, or by `createDatabase`). */
  urlOf(database: string): string;
  stop(): Promise<void>;
}

/** The folder holding initdb and pg_ctl: on PATH, else the newest /usr/lib/postgresql/N/bin. */
export function findPostgresBin(): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(":")) {
    if (dir && existsSync(join(dir, "initdb")) && existsSync(join(dir, "pg_ctl"))) return dir;
  }
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a));
  for (const version of versions) {
    const dir = join(root, version, "bin");
    if (existsSync(join(dir, "initdb")) && existsSync(join(dir, "pg_ctl"))) return dir;
  }
  return undefined;
}

export async function startPostgres(): Promise<TestPostgres> {
  const bin = findPostgresBin();
  if (!bin) throw new Error("no initdb/pg_ctl found (on PATH or under /usr/lib/postgresql/*/bin); install PostgreSQL (.ci/run does: apt-get install postgresql)");
  const dir = mkdtempSync(join(tmpdir(), "flowc-pg-"));
  const data = join(dir, "data");
  const asRoot = process.getuid?.() === 0;
  // As root the cluster runs as nobody, who must be able to enter the folder.
  if (asRoot) chmodSync(dir, 0o777);
  const run = (tool: string, args: string[]) =>
    asRoot
      ? execFileSync("runuser", ["-u", "nobody", "--", join(bin, tool), ...args], { stdio: "pipe", cwd: dir })
      : execFileSync(join(bin, tool), args, { stdio: "pipe", cwd: dir });
  const port = await freePort();
  try {
    run("initdb", ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"]);
    const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300`;
    run("pg_ctl", ["-D", data, "-o", options, "-l", join(dir, "log"), "-w", "-t", "60", "start"]);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? "";
    throw new Error(`could not start PostgreSQL from ${bin}: ${stderr || (error as Error).message}`);
  }
  const urlOf = (database: string) => `postgres://postgres@127.0.0.1:${port}/${database}`;
  return {
    url: urlOf("postgres"),
    port,
    urlOf,
    async stop() {
      try {
        run("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** A cluster for the test file: started before its tests, stopped after them. */
export function usePostgres(): () => TestPostgres {
  let postgres: TestPostgres | undefined;
  beforeAll(async () => {
    postgres = await startPostgres();
  }, 60_000);
  afterAll(async () => postgres?.stop());
  return () => postgres!;
}
