// A clock whose sleeps return at once, recording each sleep. Time jumps to the
// wake-up time of the sleeper, so concurrent sleepers share one timeline.
import type { Clock } from "../../../runtime/clock.ts";

export function fakeClock(): Clock & { readonly sleeps: number[]; time: number } {
  const state = {
    time: 0,
    sleeps: [] as number[],
    now: () => state.time,
    random: () => 0.5,
    async sleep(ms: number, signal: AbortSignal) {
      if (signal.aborted) throw signal.reason;
      const start = state.time;
      state.sleeps.push(ms);
      // Let everything already runnable finish first, as it would in real time.
      await new Promise((resolve) => setTimeout(resolve, 0));
      if (signal.aborted) throw signal.reason;
      state.time = Math.max(state.time, start + ms);
    },
  };
  return state;
}
