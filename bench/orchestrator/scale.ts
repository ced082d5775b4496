/**
 * Every number a run uses. Full mode is the benchmark; quick mode shrinks it to a
 * few hundred connections and about a second per step, to check that the harness works.
 */

export interface Scale {
  connectConcurrency: number;
  /** PublishPlan.batchMs for every run: 0 = each tick in its own turn as it falls due. */
  batchMs: number;
  check: { connections: number; rate: number; publishMs: number };
  /**
   * `rates` are stepped through first; while tickwire still passes, the rate grows by `growth`
   * up to `maxRate`, so the capacity found is a limit measured, not "above the last step".
   */
  broadcast: { subscribers: number; rates: number[]; growth: number; maxRate: number; warmupMs: number; windowMs: number; drainMs: number; p99LimitMs: number };
  spread: Subsets;
  /** Issue 12: 1,000 connections each holding 50 of 100 symbols, 5 ticks/s per symbol (250k deliveries/s). */
  dashboard: Subsets;
  /** Issue 12: 5,000 connections each holding one symbol, 50 ticks/s per symbol (250k deliveries/s). */
  widgets: Subsets;
  /** The FEED_FLUSH_MS sweep: tickwire on the dashboard workload at each value. */
  flush: { values: number[] };
  idle: { connections: number; symbols: number; settleMs: number };
  slow: {
    subscribers: number;
    slowClients: number;
    /** The broadcast symbol's rate, held by everyone. */
    rate: number;
    /** A second symbol held only by the slow clients, so their backlog outgrows kernel buffers within the window. */
    fireRate: number;
    warmupMs: number;
    phaseAms: number;
    phaseBms: number;
    resumeMs: number;
  };
  storm: { connections: number; symbols: number; prefill: number; rate: number; timeoutMs: number };
}

/** Connections each holding some symbols of a pool, every symbol ticking at the same rate. */
export interface Subsets {
  symbols: number;
  connections: number;
  /** Symbols per connection: drawn at random with a seed, or round-robin when 1. */
  perConnection: number;
  ratePerSymbol: number;
  warmupMs: number;
  windowMs: number;
  drainMs: number;
}

export const FULL: Scale = {
  connectConcurrency: 200,
  batchMs: 0,
  check: { connections: 50, rate: 200, publishMs: 300 },
  broadcast: { subscribers: 2000, rates: [25, 50, 100, 125, 250, 500], growth: 1.5, maxRate: 20_000, warmupMs: 1000, windowMs: 4000, drainMs: 10_000, p99LimitMs: 50 },
  spread: { symbols: 500, connections: 4000, perConnection: 10, ratePerSymbol: 5, warmupMs: 1500, windowMs: 5000, drainMs: 10_000 },
  dashboard: { symbols: 100, connections: 1000, perConnection: 50, ratePerSymbol: 5, warmupMs: 1500, windowMs: 5000, drainMs: 10_000 },
  widgets: { symbols: 100, connections: 5000, perConnection: 1, ratePerSymbol: 50, warmupMs: 1500, windowMs: 5000, drainMs: 10_000 },
  flush: { values: [0, 5, 10, 16, 25, 50] },
  idle: { connections: 10_000, symbols: 10, settleMs: 1000 },
  slow: { subscribers: 2000, slowClients: 20, rate: 25, fireRate: 2500, warmupMs: 1000, phaseAms: 4000, phaseBms: 25_000, resumeMs: 5000 },
  storm: { connections: 5000, symbols: 10, prefill: 200, rate: 100, timeoutMs: 60_000 },
};

export const QUICK: Scale = {
  connectConcurrency: 100,
  batchMs: 0,
  check: { connections: 20, rate: 200, publishMs: 200 },
  broadcast: { subscribers: 200, rates: [50, 100], growth: 2, maxRate: 200, warmupMs: 300, windowMs: 700, drainMs: 20_000, p99LimitMs: 50 },
  spread: { symbols: 50, connections: 300, perConnection: 5, ratePerSymbol: 5, warmupMs: 300, windowMs: 700, drainMs: 20_000 },
  dashboard: { symbols: 20, connections: 100, perConnection: 10, ratePerSymbol: 5, warmupMs: 300, windowMs: 700, drainMs: 20_000 },
  widgets: { symbols: 20, connections: 300, perConnection: 1, ratePerSymbol: 20, warmupMs: 300, windowMs: 700, drainMs: 20_000 },
  flush: { values: [0, 16] },
  idle: { connections: 300, symbols: 5, settleMs: 200 },
  slow: { subscribers: 200, slowClients: 5, rate: 50, fireRate: 500, warmupMs: 300, phaseAms: 500, phaseBms: 1000, resumeMs: 1000 },
  storm: { connections: 300, symbols: 5, prefill: 50, rate: 50, timeoutMs: 20_000 },
};
