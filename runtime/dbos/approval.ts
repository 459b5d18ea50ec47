// On DBOS a `needs approval` tool not approved up front waits in Postgres: the
// call workflow publishes what it waits for (an event) and receives the answer
// (DBOS.recv), which `flowc approve RUN TOOL` or `approveCall()` sends. The
// wait survives restarts: a recovered call receives a message sent meanwhile.
import { shownArguments, type ApprovalAnswer, type ApprovalPolicy, type ApprovalRequest } from "../approvals.ts";
import type { Engine } from "./engine.ts";

export const APPROVAL_TOPIC = "flowc-approval";
export const WAITING_EVENT = "flowc-waiting-approval";
/** DBOS waits at most this long per recv; the wait then starts again. */
const WAIT_SECONDS = 24 * 3600;

/** What `flowc approve` sends. */
export interface ApprovalMessage {
  readonly approve: boolean;
  readonly reason?: string;
}

export function durableApproval(engine: Engine, approved: readonly string[]): ApprovalPolicy {
  return {
    name: "dbos",
    async decide(request: ApprovalRequest): Promise<ApprovalAnswer> {
      if (approved.includes(request.tool)) return { decision: "approve-once" };
      const { DBOS } = engine.sdk;
      await DBOS.setEvent(WAITING_EVENT, { tool: request.tool, path: request.path, arguments: shownArguments(request) });
      for (;;) {
        const message = await DBOS.recv<ApprovalMessage>(APPROVAL_TOPIC, { timeoutSeconds: WAIT_SECONDS });
        if (message === null) continue;
        await DBOS.setEvent(WAITING_EVENT, null);
        return message.approve ? { decision: "approve-once" } : { decision: "deny", reason: message.reason ?? "denied with flowc approve --deny" };
      }
    },
  };
}
