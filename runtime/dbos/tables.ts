// flowc's own two tables next to DBOS's: which processes are alive (so the
// work of a dead one is taken over by the others), and each run's request
// count (so maxCalls holds across processes: a request is counted, in one
// atomic UPDATE, before it is sent).
import { loadPg, type PgPool } from "./sdk.ts";

/** Run under the migration lock (engine.ts). */
export async function createTables(pool: PgPool): Promise<void> {
  await pool.query(`CREATE TABLE IF NOT EXISTS flowc_executors (id text PRIMARY KEY, app text NOT NULL, last_seen timestamptz NOT NULL DEFAULT now())`);
  await pool.query(`CREATE TABLE IF NOT EXISTS flowc_run_requests (run_id text PRIMARY KEY, requests integer NOT NULL DEFAULT 0)`);
}

/** Creates the URL's database (from the server's `postgres` database) when it does not exist; another process creating it at once is fine. */
export async function createDatabase(databaseUrl: string): Promise<void> {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.slice(1));
  if (name === "" || name === "postgres") return;
  url.pathname = "/postgres";
  const { Pool } = await loadPg();
  const admin = new Pool({ connectionString: url.toString(), max: 1 });
  try {
    const found = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (found.rows.length > 0) return;
    await admin.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`).catch(async (error: unknown) => {
      // 42P04: created by another process meanwhile; 23505: the same race seen in pg_database's index.
      const code = (error as { code?: string }).code;
      if (code !== "42P04" && code !== "23505") throw error;
    });
  } catch (error) {
    // A role that may not read pg_database or create databases: DBOS says what is missing when it connects.
    if ((error as { code?: string }).code === "42501") return;
    throw error;
  } finally {
    await admin.end();
  }
}

export async function heartbeat(pool: PgPool, id: string, app: string): Promise<void> {
  await pool.query(
    `INSERT INTO flowc_executors (id, app, last_seen) VALUES ($1, $2, now()) ON CONFLICT (id) DO UPDATE SET last_seen = now()`,
    [id, app],
  );
}

/** Removes this app's processes not seen for `deadAfterMs` and returns their ids: the caller alone takes over their work. */
export async function claimDead(pool: PgPool, self: string, app: string, deadAfterMs: number): Promise<string[]> {
  const result = await pool.query<{ id: string }>(
    `DELETE FROM flowc_executors WHERE app = $1 AND id <> $2 AND last_seen < now() - make_interval(secs => $3::double precision / 1000) RETURNING id`,
    [app, self, deadAfterMs],
  );
  return result.rows.map((row) => row.id);
}

export async function leave(pool: PgPool, id: string): Promise<void> {
  await pool.query(`DELETE FROM flowc_executors WHERE id = $1`, [id]);
}

/** Counts one request of the run; false (nothing counted) when `max` were already sent. */
export async function reserveRequest(pool: PgPool, runId: string, max: number): Promise<{ ok: boolean; sent: number }> {
  await pool.query(`INSERT INTO flowc_run_requests (run_id) VALUES ($1) ON CONFLICT DO NOTHING`, [runId]);
  const result = await pool.query<{ requests: number }>(
    `UPDATE flowc_run_requests SET requests = requests + 1 WHERE run_id = $1 AND requests < $2 RETURNING requests`,
    [runId, max],
  );
  return result.rows.length === 1 ? { ok: true, sent: result.rows[0]!.requests } : { ok: false, sent: max };
}
