/** What a client holds of a symbol after a run of frames, as a dashboard store would keep it. */
import type { ServerMessage, TickPoint } from "../../../lib/protocol";
import { waitFor } from "../../../lib/testing/waitFor";

/** Snapshots replace the history (or extend it when resumed), ticks append. */
export function heldSeries(messages: readonly ServerMessage[], symbol: string): TickPoint[] {
  let held: TickPoint[] = [];
  for (const m of messages) {
    if (m.type === "snapshot" && m.symbol === symbol) held = m.resumed ? [...held, ...m.ticks] : [...m.ticks];
    else if (m.type === "tick" && m.symbol === symbol) held.push({ seq: m.seq, price: m.price, size: m.size, ts: m.ts });
  }
  return held;
}

/** Waits until the client holds `symbol` up to at least `seq` (from a snapshot or from ticks). */
export async function waitToHold(client: { messages: readonly ServerMessage[] }, symbol: string, seq: number, timeoutMs = 5000): Promise<void> {
  await waitFor(() => (heldSeries(client.messages, symbol).at(-1)?.seq ?? 0) >= seq, `the client to hold ${symbol} up to seq ${seq}`, timeoutMs);
}
