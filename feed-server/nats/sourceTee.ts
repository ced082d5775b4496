/**
 * The sink a source role hands its tick source: everything goes to the local server as in a
 * single process, and, while this process owns the lease, to the bus as well. A simulator's past
 * (`history`) goes to the local server, whose bars are written to BARS.
 */
import type { BarHistory } from "../../lib/bars/types";
import type { SourceState, Tick, TickPoint } from "../../lib/protocol";
import type { SourceSink } from "../tickSource";
import type { BusWriter } from "./busWriter";

export interface SourceTeeContext {
  /** The feed server's sink, undefined once stopped. */
  local(): SourceSink | undefined;
  /** True while this process holds the lease. */
  owner(): boolean;
  writer: BusWriter;
  /** Symbols on offer with their opens, for the lease. */
  offered: Map<string, number | undefined>;
  /** A symbol appeared (a relay's upstream announced it): subscribe it, edges may watch it. */
  watch(symbol: string): void;
  /** The source restarted its numbering (a chained upstream restarted). */
  epochChanged(epoch: string): void;
}

export function createSourceTee(ctx: SourceTeeContext): SourceSink {
  const { writer, offered } = ctx;
  return {
    tick: (tick: Tick) => {
      ctx.local()?.tick(tick);
      if (!ctx.owner()) return;
      if (offered.get(tick.symbol) === undefined) offered.set(tick.symbol, tick.price);
      writer.tick(tick);
    },
    status: (symbol: string, state: SourceState, reason?: string) => {
      ctx.local()?.status(symbol, state, reason);
      if (ctx.owner()) writer.status(symbol, state, reason);
    },
    addSymbol: (symbol: string, open?: number) => {
      ctx.local()?.addSymbol(symbol, open);
      const known = offered.has(symbol);
      if (!known || offered.get(symbol) === undefined) offered.set(symbol, open);
      if (!known && ctx.owner()) ctx.watch(symbol);
    },
    reset: (symbol: string, open: number, ticks: TickPoint[]) => {
      ctx.local()?.reset(symbol, open, ticks);
      if (!ctx.owner()) return;
      offered.set(symbol, open);
      writer.reset(symbol, ticks);
    },
    epoch: (epoch: string) => {
      if (epoch !== writer.epoch) ctx.epochChanged(epoch);
    },
    report: (kind: string, detail: string, level?: "debug" | "warn") => ctx.local()?.report(kind, detail, level),
    history: (symbol: string, past: BarHistory) => ctx.local()?.history?.(symbol, past),
    // No `preload`: every tick numbered here must reach the bus in order, so a simulator makes its
    // past up to the minute's start and walks live from now, from seq 1 (SimulatedSource.start).
    lastPrice: (symbol: string) => ctx.local()?.lastPrice?.(symbol),
  };
}
