// One model request as the scheduler sees it: a run-wide in-flight slot, the
// per-model limits, a budget reservation, a per-attempt timeout, retries with
// bounded backoff on retryable errors, then usage accounting (which may stop
// the run on a budget).
import { raceAbort } from "./clock.ts";
import { BudgetExceededError, ConfigError, ModelRequestError, RetryTimeExceededError, RetryWaitTooLongError } from "./errors.ts";
import type { Frame } from "./frame.ts";
import { ModelError, type CallInfo, type ChatRequest, type ChatResponse, type ModelProvider } from "./models/provider.ts";
import { NO_HOLD, type BudgetHold } from "./budgets.ts";
import type { ModelLimiter } from "./limits.ts";
import { asModelError, decideRetry, type RetryDecision } from "./retry.ts";
import type { ResolvedModel } from "./run-state.ts";

/**
 * One model request of a worker turn, across its attempts. The worker loop
 * awaits `send()` itself and hands a failure to `failed()`, which throws the
 * final error or waits out the backoff before the loop sends again; once a
 * response came, `succeeded()` books it. When a run-wide slot is free and the
 * model has no limits, `send()` returns the provider's own promise: a request
 * costs no async layer of its own.
 */
export class ModelRequest {
  #attempt = 0;
  /** The budget hold of the attempt in flight (from its reservation until it settled). */
  #hold: BudgetHold | undefined;
  #release = NO_LIMIT;
  /** True while the attempt holds one of the run's in-flight slots. */
  #inFlight = false;
  /** Clock time of the first failure, once there was one (retries are bounded in time from there). */
  #firstFailureAt = -1;

  constructor(
    private readonly frame: Frame,
    private readonly provider: ModelProvider,
    private readonly workerName: string,
    private readonly model: ResolvedModel,
    private readonly request: ChatRequest,
    private readonly retries: number,
  ) {}

  /**
   * Sends the next attempt: after a per-model slot (when the model has limits),
   * then a run-wide slot, then a budget reservation. The model's slot comes
   * first, so requests queued behind a model's limit hold no run-wide slot
   * that other models' requests could use.
   */
  send(): Promise<ChatResponse> {
    const frame = this.frame;
    this.#attempt++;
    frame.abort.throwIfAborted(frame.path);
    const limiter = this.model.limiter;
    return limiter ? this.#sendLimited(limiter) : this.#sendInRunSlot();
  }

  async #sendLimited(limiter: ModelLimiter): Promise<ChatResponse> {
    this.#release = await limiter.acquire(this.frame.signal, this.frame.path);
    return this.#sendInRunSlot();
  }

  #sendInRunSlot(): Promise<ChatResponse> {
    if (!this.frame.run.inFlight.tryTake()) return this.#sendWhenFree();
    this.#inFlight = true;
    return this.#sendReserved();
  }

  async #sendWhenFree(): Promise<ChatResponse> {
    await this.frame.run.inFlight.take(this.frame.signal, this.frame.path);
    this.#inFlight = true;
    return this.#sendReserved();
  }

  #sendReserved(): Promise<ChatResponse> {
    const budget = this.frame.run.budget;
    if (budget.active) {
      const hold = budget.reserve(this.request, this.model.id);
      if (hold instanceof Promise) return this.#sendAfterRelease(hold);
      this.#hold = hold;
    }
    return attemptOnce(this.frame, this.provider, this.request, this.workerName);
  }

  /** Requests in flight hold the budget this one needs: try again once one of them settled. */
  async #sendAfterRelease(released: Promise<void>): Promise<ChatResponse> {
    await raceAbort(released, this.frame.signal, this.frame.path);
    return this.#sendReserved();
  }

  /** Frees the slots and books the response (which may stop the run on a budget). */
  succeeded(response: ChatResponse): ChatResponse {
    this.#leave();
    this.#releaseSlot();
    recordUsage(this.frame, this.workerName, this.model.id, response, this.#takeHold());
    return response;
  }

  /** After `send()` failed: throws the request's final error, or resolves after the backoff sleep (then send again). */
  async failed(error: unknown): Promise<void> {
    const frame = this.frame;
    const run = frame.run;
    const hold = this.#takeHold();
    if (hold) run.budget.settleFailed(hold, error instanceof ModelError ? error.status : undefined);
    // The run-wide slot is for requests in flight, not for waits; the per-model
    // slot is held through the backoff sleep, and freed however it ends.
    this.#leave();
    try {
      frame.abort.throwIfAborted(frame.path);
      if (error instanceof BudgetExceededError || error instanceof ConfigError) throw error;
      const modelError = asModelError(error);
      const attempt = this.#attempt;
      const now = run.clock.now();
      if (this.#firstFailureAt < 0) this.#firstFailureAt = now;
      const decision = decideRetry(modelError, attempt, now - this.#firstFailureAt, { ...run.retry, retries: this.retries }, run.clock.random);
      if (!decision.retry) throw this.#giveUp(modelError, decision);
      const event = { path: frame.path, model: this.model.id, attempt, retries: this.retries, delayMs: decision.delayMs, status: modelError.status, error: modelError.message };
      run.emit({ type: "retry", ...event });
      run.tracer.emit({ type: "retry", ...event });
      await run.clock.sleep(decision.delayMs, frame.signal);
    } finally {
      this.#releaseSlot();
    }
  }

  #giveUp(error: ModelError, decision: Exclude<RetryDecision, { retry: true }>): ModelRequestError {
    const { path } = this.frame;
    const { id } = this.model;
    const attempt = this.#attempt;
    const retry = this.frame.run.retry;
    if (decision.reason === "wait-too-long") return new RetryWaitTooLongError(path, id, error.status, attempt, error, decision.waitMs, retry.maxWaitMs);
    if (decision.reason === "retry-time-used") return new RetryTimeExceededError(path, id, error.status, attempt, error, decision.delayMs, retry.maxRetryTimeMs);
    return new ModelRequestError(path, id, error.status, attempt, error);
  }

  #takeHold(): BudgetHold | undefined {
    const hold = this.#hold;
    this.#hold = undefined;
    return hold;
  }

  #leave(): void {
    if (this.#inFlight) {
      this.#inFlight = false;
      this.frame.run.inFlight.give();
    }
  }

  #releaseSlot(): void {
    const release = this.#release;
    this.#release = NO_LIMIT;
    release();
  }
}

/** The release of a model without limits. */
const NO_LIMIT = (): void => {};

/**
 * Sends once. The runtime enforces the timeout too (a provider may ignore it),
 * and stops waiting as soon as the frame is aborted: by racing the request
 * against the signal, unless the provider settles on abort by itself.
 */
function attemptOnce(frame: Frame, provider: ModelProvider, request: ChatRequest, worker: string): Promise<ChatResponse> {
  const timeoutMs = frame.run.options.timeoutMs;
  if (timeoutMs === undefined) {
    const info: CallInfo = { path: frame.path, worker, signal: frame.signal };
    const sent = provider.complete(request, info);
    // `provider` is the run's resolved provider (see runWorker).
    return frame.run.providerSettlesOnAbort ? sent : raceAbort(sent, frame.signal, frame.path);
  }
  return attemptWithTimeout(frame, provider, request, worker, timeoutMs);
}

async function attemptWithTimeout(frame: Frame, provider: ModelProvider, request: ChatRequest, worker: string, timeoutMs: number): Promise<ChatResponse> {
  const timer = new AbortController();
  const handle = setTimeout(
    () => timer.abort(new ModelError(`request timed out after ${timeoutMs} ms`, { retryable: true })),
    timeoutMs,
  );
  const signal = AbortSignal.any([frame.signal, timer.signal]);
  try {
    return await raceAbort(provider.complete(request, { path: frame.path, worker, signal, timeoutMs }), signal, frame.path);
  } finally {
    clearTimeout(handle);
  }
}

function recordUsage(frame: Frame, worker: string, model: string, response: ChatResponse, hold: BudgetHold | undefined): void {
  const run = frame.run;
  const record = {
    worker,
    model,
    depth: frame.depth,
    promptTokens: response.usage?.prompt_tokens ?? 0,
    completionTokens: response.usage?.completion_tokens ?? 0,
  };
  const usd = run.usage.record(record);
  // Per-frame usage is read only by the trace's end/error lines.
  if (run.tracer.enabled) frame.addUsageToLineage(record, usd);
  if (!run.budget.active) return;
  const exceeded = run.budget.settleAnswered(hold ?? NO_HOLD, record.promptTokens + record.completionTokens, usd);
  if (exceeded) {
    run.stop(exceeded);
    throw exceeded;
  }
}
