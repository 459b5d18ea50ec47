// Approval of tools declared `needs approval`. A policy decides; the gate asks
// one question at a time, remembers "for this run" per tool, and traces every decision.
import { createInterface } from "node:readline";
import type { z } from "zod";
import { raceAbort } from "./clock.ts";
import { ApprovalDeniedError } from "./errors.ts";
import { toModelText } from "./json.ts";
import { scrubKnown } from "./redact.ts";
import { maskSecretFields } from "./secret-fields.ts";

export type ApprovalDecision = "approve-once" | "approve-for-run" | "deny";

export interface ApprovalRequest {
  readonly tool: string;
  /** Call path of the tool call (`evaluate_decks/save_report`). */
  readonly path: string;
  readonly arguments: unknown;
  /** The tool's input schema: fields it marks secret (and fields named like credentials) are masked wherever arguments are shown. */
  readonly schema?: z.ZodType;
  readonly signal: AbortSignal;
}

/** The arguments as a prompt or a trace shows them: secret fields masked. */
export function shownArguments(request: Pick<ApprovalRequest, "arguments" | "schema">): unknown {
  return maskSecretFields(request.arguments, request.schema);
}

export interface ApprovalAnswer {
  readonly decision: ApprovalDecision;
  /** Why, for a denial (shown in the error and the trace). */
  readonly reason?: string;
}

export interface ApprovalPolicy {
  readonly name: string;
  decide(request: ApprovalRequest): Promise<ApprovalAnswer> | ApprovalAnswer;
}

export function howToApprove(tool: string): string {
  return `approve it with --approve ${tool} or --approve-all (in code: approval: allowList({ approve: ["${tool}"] }))`;
}

/** The default off a TTY: deny, saying how to approve. */
export function denyNonInteractive(): ApprovalPolicy {
  return {
    name: "non-interactive",
    decide: ({ tool }) => ({ decision: "deny", reason: `the run is not interactive; ${howToApprove(tool)}` }),
  };
}

export interface AllowListOptions {
  /** Tool names approved for the whole run. */
  readonly approve?: readonly string[];
  /** Approve every tool. */
  readonly approveAll?: boolean;
  /** Asked for tools not in the list; default: deny with a hint. */
  readonly otherwise?: ApprovalPolicy;
}

export function allowList(options: AllowListOptions): ApprovalPolicy {
  const approved = new Set(options.approve ?? []);
  return {
    name: "allow-list",
    decide(request) {
      if (options.approveAll || approved.has(request.tool)) return { decision: "approve-for-run" };
      if (options.otherwise) return options.otherwise.decide(request);
      return { decision: "deny", reason: `${request.tool} is not in the approved list; ${howToApprove(request.tool)}` };
    },
  };
}

export interface InteractivePromptOptions {
  readonly input?: NodeJS.ReadableStream;
  readonly output?: NodeJS.WritableStream;
}

/** Asks on the terminal (stdin, prompt on stderr): approve once, approve for this run, or deny. */
export function interactivePrompt(options: InteractivePromptOptions = {}): ApprovalPolicy {
  return {
    name: "interactive",
    async decide(request) {
      const rl = createInterface({ input: options.input ?? process.stdin, output: options.output ?? process.stderr, terminal: false });
      const output = options.output ?? process.stderr;
      output.write(
        `\nTool ${request.tool} needs approval.\n  call path: ${request.path}\n  arguments: ${scrubKnown(toModelText(shownArguments(request)))}\n` +
          `[y] approve once  [a] approve for this run  [n] deny: `,
      );
      try {
        // A closed input (EOF, piped stdin) is an answer too: deny rather than wait forever.
        const answered = new Promise<string | null>((resolve) => {
          rl.once("line", resolve);
          rl.once("close", () => resolve(null));
        });
        const line = await raceAbort(answered, request.signal, request.path);
        if (line === null) return { decision: "deny", reason: `no answer (input closed); ${howToApprove(request.tool)}` };
        const answer = line.trim().toLowerCase();
        if (answer === "y" || answer === "yes") return { decision: "approve-once" };
        if (answer === "a" || answer === "all") return { decision: "approve-for-run" };
        return { decision: "deny", reason: "denied at the prompt" };
      } finally {
        rl.close();
      }
    },
  };
}

/** Interactive on a TTY, deny otherwise. */
export function defaultApprovalPolicy(): ApprovalPolicy {
  return process.stdin.isTTY && process.stderr.isTTY ? interactivePrompt() : denyNonInteractive();
}

export interface ApprovalRecord {
  readonly path: string;
  readonly tool: string;
  readonly decision: ApprovalDecision;
  readonly by: string;
  readonly arguments: unknown;
  readonly reason?: string;
}

/** One per run: serializes questions and remembers tools approved for the run. */
export class ApprovalGate {
  private readonly approvedForRun = new Set<string>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly policy: ApprovalPolicy,
    private readonly record: (record: ApprovalRecord) => void,
  ) {}

  /** Resolves when the call may run; throws ApprovalDeniedError otherwise. */
  check(request: ApprovalRequest): Promise<void> {
    const turn = this.queue.then(() => this.decide(request));
    this.queue = turn.catch(() => {});
    return turn;
  }

  private async decide(request: ApprovalRequest): Promise<void> {
    const base = { path: request.path, tool: request.tool, arguments: shownArguments(request) };
    if (this.approvedForRun.has(request.tool)) {
      this.record({ ...base, decision: "approve-for-run", by: "remembered" });
      return;
    }
    const answer = await this.policy.decide(request);
    this.record({ ...base, decision: answer.decision, by: this.policy.name, ...(answer.reason ? { reason: answer.reason } : {}) });
    if (answer.decision === "approve-for-run") this.approvedForRun.add(request.tool);
    if (answer.decision === "deny") throw new ApprovalDeniedError(request.tool, request.path, answer.reason ?? "denied");
  }
}
