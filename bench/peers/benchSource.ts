/**
 * A TickSource that hands the feed server whatever the benchmark schedule publishes, so the
 * unmodified server runs the exact schedule the ws and Socket.IO peers run.
 */
import type { Tick } from "../../lib/protocol";
import type { SourceSink, TickSource } from "../../feed-server/tickSource";

export class BenchSource implements TickSource {
  readonly kind = "bench";
  private sink: SourceSink | undefined;

  constructor(readonly opens: ReadonlyMap<string, number>) {}

  get running(): boolean {
    return this.sink !== undefined;
  }

  start(sink: SourceSink): void {
    this.sink = sink;
  }

  stop(): void {
    this.sink = undefined;
  }

  push(tick: Tick): void {
    if (!this.sink) throw new Error("feed server has not started the bench source");
    this.sink.tick(tick);
  }
}
