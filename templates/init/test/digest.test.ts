// Tests the plan offline: the replay provider answers every model request from
// the recording, and fails the test on a request the recording does not have
// (after a change to a worker's instructions or types, re-record it with
// `flowc run ... --record`).
import { createReplayProvider } from "@flowc/runtime/models";
import { describe, expect, it } from "vitest";
import { runDigest } from "../src/generated/flows/digest.js";

describe("digest", () => {
  it("summarizes every text and counts the words", async () => {
    const provider = createReplayProvider({ path: "flows/digest.recording.jsonl" });
    const digest = await runDigest(
      {
        texts: [
          "The harbor reopened on Monday after three days of storms. Ferries run on the winter timetable until Friday, and the fish market moves back to the quay next week.",
          "Our team shipped the new billing page. Invoices now show usage per project, refunds take one click, and the old export is gone.",
        ],
      },
      { provider },
    );
    expect(digest.words).toBe(52);
    expect(digest.summaries.map((s) => s.title)).toEqual([
      "The harbor reopened on Monday after",
      "Our team shipped the new billing",
    ]);
  });
});
