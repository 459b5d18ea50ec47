// The state one run shares across its whole call tree: options with defaults,
// the provider, limits, usage, budgets, approvals, trace and the root abort.
import { setMaxListeners } from "node:events";
import { resolve } from "node:path";
import { ApprovalGate, defaultApprovalPolicy } from "./approvals.ts";
import { BudgetGuard } from "./budgets.ts";
import { systemClock, type Clock } from "./clock.ts";
import { AbortSource } from "./abort-source.ts";
import { ConfigError } from "./errors.ts";
import { RunLimits, Slots, type ModelLimiter } from "./limits.ts";
import { settlesOnAbort } from "./models/abort-relay.ts";
import type { ModelProvider } from "./models/provider.ts";
import { hasCredentials, OPENAI, PROVIDERS } from "./models/registry.ts";
import type { RunEvent, RunOptions } from "./options.ts";
import type { DepthLimit } from "./frame.ts";
import { DEFAULT_PRICES } from "./prices.ts";
import type { ResumeJournal } from "./resume.ts";
import {
  DEFAULT_MAX_RETRY_TIME_MS,
  DEFAULT_MAX_RETRY_WAIT_MS,
  DEFAULT_RETRIES,
  DEFAULT_RETRY_BASE_DELAY_MS,
  DEFAULT_RETRY_MAX_DELAY_MS,
  MAX_TIMER_MS,
  type RetrySettings,
} from "./retry.ts";
import {
  DEFAULT_CONCURRENCY,
  DEFAULT_MAX_DEPTH,
  DEFAULT_MAX_IN_FLIGHT,
  DEFAULT_MAX_TURNS,
  DEFAULT_MODEL,
  DEFAULT_REPAIR_TURNS,
} from "./defaults.ts";
import { fileTraceSink, Tracer } from "./trace.ts";
import type { Worker } from "./types.ts";
import { UsageTracker } from "./usage.ts";

export interface ResolvedModel {
  readonly alias: string;
  readonly id: string;
  /** The model's settings, then the worker's own `temperature`: what a request of this worker carries. */
  readonly settings: Readonly<Record<string, unknown>>;
  /** The model's limiter in this run, when RunOptions.limits has one for its alias or id. */
  readonly limiter: ModelLimiter | undefined;
}

export class RunState {
  readonly clock: Clock;
  readonly startedAt: number;
  /** The run's abort: a budget, a failure that stops everything, or RunOptions.signal. */
  readonly abort = new AbortSource();
  readonly signal = this.abort.signal;
  readonly usage: UsageTracker;
  readonly budget: BudgetGuard;
  readonly limits: RunLimits;
  readonly tracer: Tracer;
  readonly approvals: ApprovalGate;
  readonly journal: ResumeJournal | undefined;
  /** True when the trace file is the journal resumed from: appended to, and resumed calls are not written again. */
  readonly appendsToJournal: boolean;
  readonly concurrency: number;
  readonly retry: RetrySettings;
  readonly repairTurns: number;
  /** Model requests in flight in the whole run (RunOptions.maxInFlight). */
  readonly inFlight: Slots;
  readonly maxDepth: number;
  /** True when the caller set maxDepth: then it caps worker `max_depth` too. */
  readonly maxDepthIsExplicit: boolean;
  /** The run's own depth limit, with who set it (for DepthLimitError). */
  readonly depthLimit: DepthLimit;
  readonly maxTurns: number;
  private readonly detachSignal: () => void;
  private providerPromise: Promise<ModelProvider> | undefined;
  private providerValue: ModelProvider | undefined;
  /** Whether the resolved provider settles on abort by itself (then requests are not raced against the signal). */
  providerSettlesOnAbort = false;
  /** Each worker's model after overrides, resolved once per run. */
  private readonly models = new Map<Worker<unknown, unknown>, ResolvedModel>();
  /** A provider the run built itself, closed when the run ends. */
  private ownedProvider: ModelProvider | undefined;

  /**
   * `journal`: RunOptions.resume, opened and checked against the run by `run()`;
   * `inputHash`: the hash of the run's validated input when `run()` made one ("" otherwise).
   */
  constructor(
    readonly options: RunOptions,
    journal?: ResumeJournal,
    readonly inputHash = "",
  ) {
    // Every request in flight listens on the run's signal; that is expected, not a leak.
    setMaxListeners(0, this.signal);
    this.clock = options.clock ?? systemClock;
    this.startedAt = this.clock.now();
    this.concurrency = positiveInt("concurrency", options.concurrency ?? DEFAULT_CONCURRENCY);
    this.maxDepth = nonNegativeInt("maxDepth", options.maxDepth ?? DEFAULT_MAX_DEPTH);
    this.maxDepthIsExplicit = options.maxDepth !== undefined;
    this.depthLimit = {
      limit: this.maxDepth,
      by: this.maxDepthIsExplicit ? "RunOptions.maxDepth" : "the default; set max_depth on the worker or RunOptions.maxDepth",
    };
    this.maxTurns = positiveInt("maxTurns", options.maxTurns ?? DEFAULT_MAX_TURNS);
    this.retry = {
      retries: nonNegativeInt("retries", options.retries ?? DEFAULT_RETRIES),
      baseDelayMs: waitMs("retryBaseDelayMs", options.retryBaseDelayMs ?? DEFAULT_RETRY_BASE_DELAY_MS),
      maxDelayMs: waitMs("retryMaxDelayMs", options.retryMaxDelayMs ?? DEFAULT_RETRY_MAX_DELAY_MS),
      maxWaitMs: waitMs("maxRetryWaitMs", options.maxRetryWaitMs ?? DEFAULT_MAX_RETRY_WAIT_MS),
      maxRetryTimeMs: nonNegative("maxRetryTimeMs", options.maxRetryTimeMs ?? DEFAULT_MAX_RETRY_TIME_MS),
    };
    this.repairTurns = nonNegativeInt("repairTurns", options.repairTurns ?? DEFAULT_REPAIR_TURNS);
    if (options.timeoutMs !== undefined && !(options.timeoutMs > 0 && options.timeoutMs <= MAX_TIMER_MS)) {
      throw new ConfigError(`timeoutMs must be a number of milliseconds in (0, ${MAX_TIMER_MS}], got ${options.timeoutMs}`);
    }
    this.inFlight = new Slots(positiveInt("maxInFlight", options.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT));
    const prices = { ...DEFAULT_PRICES, ...options.prices };
    this.usage = new UsageTracker(prices);
    this.budget = new BudgetGuard(options.budgets ?? {}, prices);
    this.limits = new RunLimits(options.limits ?? {}, this.clock);
    // The journal is read before the trace file is opened: they may be the same file, which is then appended to.
    this.journal = journal;
    this.appendsToJournal =
      journal !== undefined && typeof options.trace === "string" && typeof options.resume === "string" && resolve(options.trace) === resolve(options.resume);
    const sink = typeof options.trace === "string" ? fileTraceSink(options.trace, { append: this.appendsToJournal }) : options.trace;
    this.tracer = new Tracer(sink, () => this.elapsed());
    this.approvals = new ApprovalGate(options.approval ?? defaultApprovalPolicy(), (record) =>
      this.tracer.emit({ type: "approval", ...record }),
    );
    this.detachSignal = this.abort.follow(options.signal);
  }

  elapsed(): number {
    return this.clock.now() - this.startedAt;
  }

  /** False without RunOptions.onEvent: callers skip building progress events nobody reads. */
  get listening(): boolean {
    return this.options.onEvent !== undefined;
  }

  /** Progress for listeners; a listener that throws must not break the scheduler, so its error is dropped. */
  emit(event: RunEvent): void {
    try {
      this.options.onEvent?.(event);
    } catch {
      // ignored on purpose (see above)
    }
  }

  /** Stops everything in flight; `reason` becomes the run's error. */
  stop(reason: Error): void {
    this.abort.abort(reason);
  }

  /**
   * The provider, resolved on the first model request (a flow of tools needs
   * none). Without RunOptions.provider, an openai provider is built from its
   * variables (models/registry.ts), imported lazily so the SDK loads only then.
   */
  provider(): Promise<ModelProvider> {
    this.providerPromise ??= this.resolveProvider();
    return this.providerPromise;
  }

  /** The provider once `provider()` has resolved: model requests then skip an await. */
  get resolvedProvider(): ModelProvider | undefined {
    return this.providerValue;
  }

  private async resolveProvider(): Promise<ModelProvider> {
    const provider = await this.buildProvider();
    this.providerSettlesOnAbort = settlesOnAbort(provider);
    this.providerValue = provider;
    return provider;
  }

  private async buildProvider(): Promise<ModelProvider> {
    if (this.options.provider) return this.options.provider;
    if (!PROVIDERS.some((entry) => hasCredentials(entry))) {
      throw new ConfigError(
        "No model provider: pass RunOptions.provider (openai, replay or record from runtime/models), " +
          `or set ${OPENAI.apiKeyVariable} (or ${OPENAI.baseUrlVariable} for an OpenAI-compatible server; ANTHROPIC_API_KEY for \`anthropic:\` models); with the CLI, --replay <recording> runs offline`,
      );
    }
    // Each request goes to the provider its model names (routing.ts), built on first use.
    const { createRoutingProvider } = await import("./models/routing.ts");
    this.ownedProvider = createRoutingProvider();
    return this.ownedProvider;
  }

  resolveModel(worker: Worker<unknown, unknown>): ResolvedModel {
    let model = this.models.get(worker);
    if (!model) this.models.set(worker, (model = this.modelOf(worker)));
    return model;
  }

  private modelOf(worker: Worker<unknown, unknown>): ResolvedModel {
    const spec = worker.model ?? { alias: this.options.defaultModel ?? DEFAULT_MODEL, id: this.options.defaultModel ?? DEFAULT_MODEL, settings: {} };
    const overrides = this.options.models ?? {};
    const id = overrides[spec.alias] ?? overrides[spec.id] ?? spec.id;
    const settings = worker.temperature === undefined ? spec.settings : { ...spec.settings, temperature: worker.temperature };
    return { alias: spec.alias, id, settings, limiter: this.limits.forModel(spec.alias, id) };
  }

  async dispose(): Promise<void> {
    this.detachSignal();
    await this.ownedProvider?.close?.();
    await this.tracer.close();
    this.journal?.close();
  }
}

function positiveInt(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new ConfigError(`${name} must be a positive integer, got ${value}`);
  return value;
}

function nonNegative(name: string, value: number): number {
  if (typeof value !== "number" || !(value >= 0)) throw new ConfigError(`${name} must be a number >= 0, got ${value}`);
  return value;
}

/** A wait the runtime may sleep: Node's timers cannot wait longer than MAX_TIMER_MS. */
function waitMs(name: string, value: number): number {
  if (typeof value !== "number" || !(value >= 0 && value <= MAX_TIMER_MS)) {
    throw new ConfigError(`${name} must be a number of milliseconds in [0, ${MAX_TIMER_MS}], got ${value}`);
  }
  return value;
}

function nonNegativeInt(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 0) throw new ConfigError(`${name} must be an integer >= 0, got ${value}`);
  return value;
}
