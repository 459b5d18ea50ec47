// Waits for many call workflows at once with one query per poll: a run with 64
// calls in flight would otherwise poll Postgres 64 times per interval.
import type { DbosClient } from "./sdk.ts";

const POLL_MS = 100;

interface Waiting {
  readonly resolve: (output: unknown) => void;
  readonly reject: (error: unknown) => void;
}

export class ResultWaiter {
  private readonly waiting = new Map<string, Waiting[]>();
  private polling = false;

  constructor(private readonly client: DbosClient) {}

  /** The workflow's output once it succeeded; its error once it failed or was cancelled. */
  wait(workflowId: string): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const list = this.waiting.get(workflowId);
      if (list) list.push({ resolve, reject });
      else this.waiting.set(workflowId, [{ resolve, reject }]);
      if (!this.polling) void this.poll();
    });
  }

  private async poll(): Promise<void> {
    this.polling = true;
    try {
      while (this.waiting.size > 0) {
        try {
          const statuses = await this.client.listWorkflows({ workflowIDs: [...this.waiting.keys()], loadInput: false });
          for (const status of statuses) this.settle(status.workflowID, status.status, status.output, status.error);
        } catch {
          // A connection lost while Postgres restarts: the next poll tries again.
        }
        if (this.waiting.size > 0) await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      }
    } finally {
      this.polling = false;
    }
  }

  private settle(id: string, status: string, output: unknown, error: unknown): void {
    const done = status === "SUCCESS";
    const failed = status === "ERROR" || status === "CANCELLED" || status === "MAX_RECOVERY_ATTEMPTS_EXCEEDED";
    if (!done && !failed) return;
    const list = this.waiting.get(id) ?? [];
    this.waiting.delete(id);
    const reason = error instanceof Error ? error : new Error(status === "CANCELLED" ? `${id} was cancelled` : `${id} ended with ${status}: ${String(error)}`);
    for (const waiter of list) done ? waiter.resolve(output) : waiter.reject(reason);
  }
}
