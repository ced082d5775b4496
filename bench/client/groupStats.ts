/**
 * What one group of connections (healthy or slow) measured. Latency and deliveries belong to
 * the current window and are cleared by `resetWindow`; loss and order counts cover the whole
 * life of the connections, because a tick lost during warm-up is still lost.
 */
import { build, encodeIntoCompressedBase64, type Histogram } from "hdr-histogram-js";
import type { GroupReport } from "../ipc";
import { emptyCounts, type SeqCounts } from "./seqTracker";

export function latencyHistogram(): Histogram {
  // Microseconds, 3 significant digits, auto-resizing past 2 minutes.
  return build({ bitBucketSize: 32, lowestDiscernibleValue: 1, highestTrackableValue: 120_000_000, numberOfSignificantValueDigits: 3 });
}

export class GroupStats {
  deliveries = 0;
  /** Socket reads in the window: deliveries / reads shows how many ticks a server packs per write. */
  reads = 0;
  latency: Histogram = latencyHistogram();
  readonly counts: SeqCounts = emptyCounts();
  readonly closes = new Map<string, number>();
  connections = 0;
  open = 0;

  resetWindow(): void {
    this.deliveries = 0;
    this.reads = 0;
    this.latency.reset();
  }

  /** `us` may come out negative by a rounding hair; a histogram takes no negatives. */
  record(us: number): void {
    this.deliveries++;
    this.latency.recordValue(us > 0 ? us : 0);
  }

  closed(code: string): void {
    this.closes.set(code, (this.closes.get(code) ?? 0) + 1);
  }

  report(): GroupReport {
    return {
      connections: this.connections,
      open: this.open,
      deliveries: this.deliveries,
      reads: this.reads,
      latency: encodeIntoCompressedBase64(this.latency),
      delivered: this.counts.delivered,
      lost: this.counts.lost,
      outOfOrder: this.counts.outOfOrder,
      duplicates: this.counts.duplicates,
      beforeSnapshot: this.counts.beforeSnapshot,
      closes: Object.fromEntries(this.closes),
    };
  }
}
