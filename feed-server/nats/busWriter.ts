/**
 * What a source owner writes to the bus in one epoch: ticks (each seq once, in order: a seq that
 * does not follow is skipped, as the local book rejects it too), status changes and the ticks of a
 * history reset. Turns them into bus messages with their msg-ids and hands them to the publisher.
 */
import type { SourceState, Tick, TickPoint } from "../../lib/protocol";
import type { BusPublisher } from "./busPublisher";
import { encodeStatus, encodeTick, subjectOf } from "./busMessage";

export class BusWriter {
  private epochValue: string | undefined;
  private epochJson = "";
  /** Newest seq written per symbol in the current epoch. */
  private readonly lastSeq = new Map<string, number>();
  private statusCount = 0;

  constructor(
    private readonly publisher: () => BusPublisher | undefined,
    private readonly onUnsupported: (symbol: string) => void,
  ) {}

  get epoch(): string | undefined {
    return this.epochValue;
  }

  /** Starts a numbering: seqs start over, and every message carries this epoch. */
  begin(epoch: string): void {
    this.epochValue = epoch;
    this.epochJson = JSON.stringify(epoch);
    this.lastSeq.clear();
  }

  tick(tick: Tick): void {
    const last = this.lastSeq.get(tick.symbol);
    if (last !== undefined && tick.seq !== last + 1) return;
    this.write(tick);
  }

  status(symbol: string, state: SourceState, reason?: string): void {
    const epoch = this.epochValue;
    if (epoch === undefined) return;
    this.publish(symbol, encodeStatus(epoch, symbol, state, reason), `${epoch}:${symbol}:status:${++this.statusCount}`);
  }

  /** The source replaced a symbol's history: write what is new; edges see the hole and rebuild. */
  reset(symbol: string, ticks: TickPoint[]): void {
    const last = this.lastSeq.get(symbol) ?? 0;
    for (const t of ticks) if (t.seq > last) this.write({ symbol, ...t });
  }

  private write(tick: Tick): void {
    if (this.epochValue === undefined) return;
    this.lastSeq.set(tick.symbol, tick.seq);
    this.publish(tick.symbol, encodeTick(this.epochJson, tick), `${this.epochValue}:${tick.symbol}:${tick.seq}`);
  }

  private publish(symbol: string, payload: string, msgID: string): void {
    const subject = subjectOf(symbol);
    if (subject === undefined) return this.onUnsupported(symbol);
    this.publisher()?.enqueue(symbol, subject, payload, msgID);
  }
}
