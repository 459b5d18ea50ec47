// The DBOS SDK and pg, loaded only when the dbos executor is chosen: they are
// an optional peer dependency of @flowc/runtime, so an app that runs in
// process installs neither.
import { ConfigError } from "../errors.ts";

export type DbosSdk = typeof import("@dbos-inc/dbos-sdk");
export type DbosClient = import("@dbos-inc/dbos-sdk").DBOSClient;
export type WorkflowStatus = import("@dbos-inc/dbos-sdk").WorkflowStatus;
type DbosInternals = typeof import("@dbos-inc/dbos-sdk/internal/dbos");

/** The part of pg's API flowc uses (pg has no bundled types). */
export interface PgPool {
  query<Row = Record<string, unknown>>(text: string, values?: readonly unknown[]): Promise<{ rows: Row[]; rowCount: number | null }>;
  end(): Promise<void>;
  on(event: "error", listener: (error: Error) => void): void;
}
export interface PgModule {
  Pool: new (config: { connectionString: string; max?: number }) => PgPool;
}

let sdk: Promise<DbosSdk> | undefined;
let pg: Promise<PgModule> | undefined;

export function loadDbos(): Promise<DbosSdk> {
  return (sdk ??= import("@dbos-inc/dbos-sdk").catch((error: unknown) => {
    sdk = undefined;
    throw new ConfigError(`the dbos executor needs @dbos-inc/dbos-sdk 5.x: npm i @dbos-inc/dbos-sdk@^5 (${(error as Error).message})`);
  }));
}

/** DBOS's executor, for recovering the pending work of another (dead) process. */
export function loadDbosInternals(): Promise<DbosInternals> {
  return import("@dbos-inc/dbos-sdk/internal/dbos");
}

export function loadDbosMigrations(): Promise<typeof import("@dbos-inc/dbos-sdk/internal/system_database")> {
  return import("@dbos-inc/dbos-sdk/internal/system_database");
}

/** pg comes with the SDK (its dependency). */
export function loadPg(): Promise<PgModule> {
  // @ts-ignore pg ships no types; PgModule above is what flowc uses of it
  return (pg ??= import("pg")
    .then((module) => ((module as { default?: PgModule }).default ?? module) as PgModule)
    .catch((error: unknown) => {
      pg = undefined;
      throw new ConfigError(`the dbos executor needs pg (installed with @dbos-inc/dbos-sdk): ${(error as Error).message}`);
    }));
}
