// One model request as the scheduler sees it: budget reservation, per-model
// limits, a per-attempt timeout, retries with backoff on retryable errors,
// then usage accounting (which may stop the run on a budget).
import { raceAbort } from "./clock.ts";
import { BudgetExceededError, ModelRequestError } from "./errors.ts";
import type { Frame } from "./frame.ts";
import { ModelError, type CallInfo, type ChatRequest, type ChatResponse, type ModelProvider } from "./models/provider.ts";
import type { ModelLimiter } from "./limits.ts";
import { asModelError, retryDelay } from "./retry.ts";
import type { ResolvedModel } from "./run-state.ts";

/**
 * One model request of a worker turn, across its attempts. The worker loop
 * awaits `send()` itself and hands a failure to `failed()`, which throws the
 * final error or waits out the backoff before the loop sends again; once a
 * response came, `succeeded()` books it. Without a per-model limit `send()`
 * returns the provider's own promise: a request costs no async layer of its own.
 */
export class ModelRequest {
  #attempt = 0;
  /** True from a budget reservation until the attempt settled. */
  #reserved = false;
  #release = NO_LIMIT;

  constructor(
    private readonly frame: Frame,
    private readonly provider: ModelProvider,
    private readonly workerName: string,
    private readonly model: ResolvedModel,
    private readonly request: ChatRequest,
    private readonly retries: number,
  ) {}

  /** Sends the next attempt (after a per-model slot, when the model has limits). */
  send(): Promise<ChatResponse> {
    const frame = this.frame;
    this.#attempt++;
    frame.abort.throwIfAborted(frame.path);
    const limiter = this.model.limiter;
    return limiter ? this.#sendLimited(limiter) : this.#sendNow();
  }

  async #sendLimited(limiter: ModelLimiter): Promise<ChatResponse> {
    this.#release = await limiter.acquire(this.frame.signal, this.frame.path);
    return this.#sendNow();
  }

  #sendNow(): Promise<ChatResponse> {
    reserveBudget(this.frame);
    this.#reserved = true;
    return attemptOnce(this.frame, this.provider, this.request, this.workerName);
  }

  /** Frees the budget reservation and the slot, and books the response (which may stop the run on a budget). */
  succeeded(response: ChatResponse): ChatResponse {
    this.#finishBudget();
    this.#releaseSlot();
    recordUsage(this.frame, this.workerName, this.model.id, response);
    return response;
  }

  /** After `send()` failed: throws the request's final error, or resolves after the backoff sleep (then send again). */
  async failed(error: unknown): Promise<void> {
    this.#finishBudget();
    const frame = this.frame;
    const run = frame.run;
    // The slot is held through the backoff sleep, and freed however it ends.
    try {
      frame.abort.throwIfAborted(frame.path);
      if (error instanceof BudgetExceededError) throw error;
      const modelError = asModelError(error);
      const attempt = this.#attempt;
      if (!modelError.retryable || attempt > this.retries) {
        throw new ModelRequestError(frame.path, this.model.id, modelError.status, attempt, modelError);
      }
      const delayMs = retryDelay(modelError, attempt, run.retry, run.clock.random);
      run.emit({ type: "retry", path: frame.path, model: this.model.id, attempt, delayMs, status: modelError.status, error: modelError.message });
      await run.clock.sleep(delayMs, frame.signal);
    } finally {
      this.#releaseSlot();
    }
  }

  #finishBudget(): void {
    if (this.#reserved) {
      this.#reserved = false;
      this.frame.run.budget.finish();
    }
  }

  #releaseSlot(): void {
    const release = this.#release;
    this.#release = NO_LIMIT;
    release();
  }
}

function reserveBudget(frame: Frame): void {
  try {
    frame.run.budget.begin();
  } catch (error) {
    frame.run.stop(error as Error);
    throw error;
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

function recordUsage(frame: Frame, worker: string, model: string, response: ChatResponse): void {
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
  const exceeded = run.budget.check();
  if (exceeded) {
    run.stop(exceeded);
    throw exceeded;
  }
}
