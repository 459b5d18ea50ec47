// How model requests follow aborts cheaply.
//
// Relays: the signal the openai provider hands the SDK. The SDK adds an abort listener
// to the signal of each request and never removes it, so a long-lived signal
// (a map's, shared by thousands of requests) cannot be passed as it is. A fresh
// AbortController per request avoids the build-up but costs microseconds per
// request in Node 20 (making an AbortSignal, and the first listener on one).
//
// A relay is a signal that aborts when its outer signal does. The requests in
// flight on one outer signal share it, for at most MAX_USES requests (so it
// holds at most that many spent SDK listeners), and it is detached from the
// outer signal as soon as none of its requests is in flight: nothing outlives
// the requests.
//
// Its abort listeners are kept in an array of its own: Node's EventTarget keeps
// them in a linked list that each addEventListener walks (to skip duplicates),
// and with dozens of spent listeners on a relay that walk cost ~3 µs a request
// under load. One real listener hands the abort event on to them, in order.
//
// Providers that settle on abort by themselves (the openai provider cancels its
// HTTP request through a relay) are marked, so the runtime does not also race
// each of their requests against the signal (a promise and a listener each).

import { setMaxListeners } from "node:events";
import { AbortSource } from "../abort-source.ts";
import type { ModelProvider } from "./provider.ts";

const MAX_USES = 64;

type Listener = EventListenerOrEventListenerObject;

const STATE = Symbol("relay state");

/** Kept apart from the signal, whose own fields cost a lookup by hidden class (one per signal in Node 20). */
interface RelayState {
  readonly listeners: Listener[];
  readonly source: AbortSource;
}

interface RelaySignal extends AbortSignal {
  [STATE]: RelayState;
}

const addListener = EventTarget.prototype.addEventListener;
const removeListener = EventTarget.prototype.removeEventListener;

/**
 * The prototype a relay's signal is given: still an AbortSignal (it is one),
 * with "abort" listeners kept in its own array. Shared, so a relay costs no
 * closures of its own.
 */
const RELAY_SIGNAL_PROTOTYPE: object = Object.create(AbortSignal.prototype, {
  addEventListener: {
    value(this: RelaySignal, type: string, listener: Listener | null, options?: AddEventListenerOptions | boolean): void {
      const state = this[STATE];
      if (type !== "abort" || !listener || (typeof options === "object" && options.signal)) addListener.call(this, type, listener, options);
      else if (!state.source.aborted && !state.listeners.includes(listener)) state.listeners.push(listener);
    },
  },
  removeEventListener: {
    value(this: RelaySignal, type: string, listener: Listener | null, options?: EventListenerOptions | boolean): void {
      const listeners = this[STATE].listeners;
      const at = type === "abort" && listener ? listeners.indexOf(listener) : -1;
      if (at >= 0) listeners.splice(at, 1);
      else removeListener.call(this, type, listener, options);
    },
  },
});

/** A signal that aborts when its outer signal does (an AbortSource following it), shared by up to MAX_USES requests. */
export class AbortRelay {
  readonly #source = new AbortSource();
  readonly #stopFollowing: () => void;
  #requestOptions: { readonly signal: AbortSignal } | undefined;
  uses = 0;
  inFlight = 0;

  constructor(readonly outer: AbortSignal) {
    const signal = this.#source.signal as RelaySignal;
    setMaxListeners(MAX_USES, signal);
    signal[STATE] = { listeners: [], source: this.#source };
    Object.setPrototypeOf(signal, RELAY_SIGNAL_PROTOTYPE);
    addListener.call(signal, "abort", handOnAbort, { once: true });
    // Starts aborted for an aborted outer signal.
    this.#stopFollowing = this.#source.follow(outer);
  }

  get signal(): AbortSignal {
    return this.#source.signal;
  }

  /** `{ signal }` as the SDK's request options, made once for all the relay's requests (the SDK copies options, never changes them). */
  get requestOptions(): { readonly signal: AbortSignal } {
    return (this.#requestOptions ??= Object.freeze({ signal: this.#source.signal }));
  }

  /** Whether the outer signal has aborted (read without touching either signal). */
  get aborted(): boolean {
    return this.#source.aborted;
  }

  detach(): void {
    this.#stopFollowing();
  }
}

/** Calls a relay's listeners like EventTarget does: in order, one failing does not stop the next (its error is thrown on its own). */
function handOnAbort(this: RelaySignal, event: Event): void {
  for (const listener of this[STATE].listeners.splice(0)) {
    try {
      if (typeof listener === "function") listener.call(this, event);
      else listener.handleEvent(event);
    } catch (error) {
      process.nextTick(() => {
        throw error;
      });
    }
  }
}

const current = new WeakMap<AbortSignal, AbortRelay>();

/**
 * A signal for one request that aborts with `outer` (with its reason); give it
 * back with `releaseRelay` once the request settled. `relay.aborted` says
 * whether `outer` has aborted already.
 */
export function acquireRelay(outer: AbortSignal): AbortRelay {
  // The requests of one map come in a row: the last relay first, then the table.
  let relay = last !== undefined && last.outer === outer ? last : current.get(outer);
  if (!relay || relay.uses >= MAX_USES || relay.aborted) {
    relay = new AbortRelay(outer);
    current.set(outer, relay);
  }
  relay.uses++;
  relay.inFlight++;
  last = relay;
  return relay;
}

let last: AbortRelay | undefined;

export function releaseRelay(relay: AbortRelay): void {
  if (--relay.inFlight > 0) return;
  relay.detach();
  if (current.get(relay.outer) === relay) current.delete(relay.outer);
  if (last === relay) last = undefined;
}

const abortAware = new WeakSet<ModelProvider>();

/**
 * Declares that `provider.complete` settles by itself as soon as
 * `CallInfo.signal` aborts (the openai provider cancels the HTTP request), so
 * the runtime need not race each request against the signal.
 */
export function markSettlesOnAbort(provider: ModelProvider): void {
  abortAware.add(provider);
}

export function settlesOnAbort(provider: ModelProvider): boolean {
  return abortAware.has(provider);
}

/** What an aborted request rejects with: the signal's reason. */
export function abortError(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException("The operation was aborted.", "AbortError");
}
