// One model request as the scheduler sees it, across its attempts: the
// per-model limits, a run-wide in-flight slot, a budget reservation, a
// per-attempt timeout, retries with bounded backoff on retryable errors
// (retry.ts decides), then usage accounting (which may stop the run on a budget).
import { raceAbort } from "./clock.ts";
import { BudgetExceededError, ConfigError, ModelRequestError, RetryTimeExceededError, RetryWaitTooLongError } from "./errors.ts";
import type { Frame } from "./frame.ts";
import { ModelError, type CallInfo, type ChatRequest, type ChatResponse, type ModelProvider } from "./models/provider.ts";
import { NO_HOLD, type BudgetHold } from "./budgets.ts";
import { asModelError, decideRetry, type RetryDecision } from "./retry.ts";
import type { ResolvedModel } from "./run-state.ts";

/** A model request of a worker turn. */
export interface ModelCall {
  readonly frame: Frame;
  /** The run's resolved provider (see runWorker). */
  readonly provider: ModelProvider;
  /** The worker asking: usage, errors and recordings name it. */
  readonly worker: string;
  readonly model: ResolvedModel;
  readonly request: ChatRequest;
  /** Retries after the first attempt (the worker's, else the run's). */
  readonly retries: number;
}

/** An attempt's answer, and the budget it held until it was booked. */
interface Answer {
  readonly response: ChatResponse;
  readonly hold: BudgetHold | undefined;
}

/**
 * Sends the request until it is answered, retrying retryable failures after
 * a backoff; throws the request's final error. The model's slot (when it has
 * limits) is taken before the run-wide one, so requests queued behind a
 * model's limit hold no slot other models could use, and it is kept through a
 * backoff sleep (a rate-limited model is not sent more requests meanwhile).
 */
export async function sendWithRetries(call: ModelCall): Promise<ChatResponse> {
  const { frame, model } = call;
  let firstFailureAt = -1;
  for (let attempt = 1; ; attempt++) {
    frame.abort.throwIfAborted(frame.path);
    const release = model.limiter ? await model.limiter.acquire(frame.signal, frame.path) : NO_LIMIT;
    let answer: Answer;
    try {
      answer = await attemptInRunSlot(call);
    } catch (error) {
      try {
        if (firstFailureAt < 0) firstFailureAt = frame.run.clock.now();
        await waitToRetry(call, error, attempt, firstFailureAt);
      } finally {
        release();
      }
      continue;
    }
    release();
    recordUsage(call, answer);
    return answer.response;
  }
}

/** One attempt in a run-wide slot (freed once it settled: a backoff wait holds none), its worst case reserved first. */
async function attemptInRunSlot(call: ModelCall): Promise<Answer> {
  const { frame } = call;
  const run = frame.run;
  if (!run.inFlight.tryTake()) await run.inFlight.take(frame.signal, frame.path);
  let hold: BudgetHold | undefined;
  try {
    if (run.budget.active) hold = await reserveBudget(call);
    return { response: await attemptOnce(call), hold };
  } catch (error) {
    if (hold) run.budget.settleFailed(hold, error instanceof ModelError ? error.status : undefined);
    throw error;
  } finally {
    run.inFlight.give();
  }
}

/** Requests in flight may hold the budget this one needs: it tries again each time one of them settled. */
async function reserveBudget(call: ModelCall): Promise<BudgetHold> {
  const { frame } = call;
  for (;;) {
    const hold = frame.run.budget.reserve(call.request, call.model.id);
    if (!(hold instanceof Promise)) return hold;
    await raceAbort(hold, frame.signal, frame.path);
  }
}

/** After a failed attempt: throws the request's final error, or resolves once the backoff sleep is over. */
async function waitToRetry(call: ModelCall, error: unknown, attempt: number, firstFailureAt: number): Promise<void> {
  const { frame, model, retries } = call;
  const run = frame.run;
  frame.abort.throwIfAborted(frame.path);
  if (error instanceof BudgetExceededError || error instanceof ConfigError) throw error;
  const modelError = asModelError(error);
  const now = run.clock.now();
  const decision = decideRetry(modelError, attempt, now - firstFailureAt, { ...run.retry, retries }, run.clock.random);
  if (!decision.retry) throw giveUp(call, modelError, decision, attempt);
  const event = { path: frame.path, model: model.id, attempt, retries, delayMs: decision.delayMs, status: modelError.status, error: modelError.message };
  run.emit({ type: "retry", ...event });
  run.tracer.emit({ type: "retry", ...event });
  await run.clock.sleep(decision.delayMs, frame.signal);
}

function giveUp({ frame, model }: ModelCall, error: ModelError, decision: Exclude<RetryDecision, { retry: true }>, attempt: number): ModelRequestError {
  const { path } = frame;
  const retry = frame.run.retry;
  if (decision.reason === "wait-too-long") return new RetryWaitTooLongError(path, model.id, error.status, attempt, error, decision.waitMs, retry.maxWaitMs);
  if (decision.reason === "retry-time-used") return new RetryTimeExceededError(path, model.id, error.status, attempt, error, decision.delayMs, retry.maxRetryTimeMs);
  return new ModelRequestError(path, model.id, error.status, attempt, error);
}

/** The release of a model without limits. */
const NO_LIMIT = (): void => {};

/**
 * Sends once. The runtime enforces the timeout too (a provider may ignore it),
 * and stops waiting as soon as the frame is aborted: by racing the request
 * against the signal, unless the provider settles on abort by itself.
 */
function attemptOnce({ frame, provider, request, worker }: ModelCall): Promise<ChatResponse> {
  const timeoutMs = frame.run.options.timeoutMs;
  if (timeoutMs === undefined) {
    const info: CallInfo = { path: frame.path, worker, signal: frame.signal };
    const sent = provider.complete(request, info);
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

function recordUsage({ frame, worker, model }: ModelCall, { response, hold }: Answer): void {
  const run = frame.run;
  const record = {
    worker,
    model: model.id,
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
