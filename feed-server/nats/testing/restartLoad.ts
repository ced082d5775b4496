/** What clients under load hold, across many symbols: for the NATS restart tests. */
import type { ServerMessage } from "../../../lib/protocol";
import { waitFor } from "../../../lib/testing/waitFor";
import { heldSeries } from "./series";

type Recorder = { messages: readonly ServerMessage[]; closed?: { code: number; reason: string } | undefined };

/** The seqs a client holds of `symbol`, oldest first. */
export function seqsOf(client: Recorder, symbol: string): number[] {
  return heldSeries(client.messages, symbol).map((t) => t.seq);
}

/** The newest seq a client holds of each symbol (0 when it holds none). */
export function lastSeqs(client: Recorder, symbols: readonly string[]): Map<string, number> {
  return new Map(symbols.map((s) => [s, seqsOf(client, s).at(-1) ?? 0]));
}

/** Waits until the client holds every symbol up to `seq` (one for all, or one per symbol). */
export async function waitToHoldAll(client: Recorder, symbols: readonly string[], seq: number | ReadonlyMap<string, number>, timeoutMs: number): Promise<void> {
  const wanted = (s: string) => (typeof seq === "number" ? seq : (seq.get(s) ?? 0));
  await waitFor(
    () => {
      if (client.closed) throw new Error(`the client was closed (${client.closed.code} ${client.closed.reason}) while waiting for its ticks`);
      return symbols.every((s) => (seqsOf(client, s).at(-1) ?? 0) >= wanted(s));
    },
    `the client to hold ${symbols.map((s) => `${s} ≥ ${wanted(s)}`).join(", ")}`,
    timeoutMs,
    20,
  );
}
