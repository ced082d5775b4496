/**
 * One clock for every benchmark process. Latency is publish→receive across processes, so
 * the server's `ts` and the client's receive time must come from the same clock at
 * sub-millisecond resolution. Date.now() is whole milliseconds and can be stepped by NTP;
 * CLOCK_MONOTONIC is shared by all processes on the machine, so each process maps it to
 * wall time through the same anchor taken once by the orchestrator.
 */

export interface ClockAnchor {
  /** Wall time (ms since the Unix epoch) at the anchor. */
  wallMs: number;
  /** process.hrtime.bigint() (CLOCK_MONOTONIC, ns) at the same instant. */
  monoNs: bigint;
}

export const CLOCK_ENV = "BENCH_CLOCK_ANCHOR";

export function takeAnchor(): ClockAnchor {
  return { wallMs: Date.now(), monoNs: process.hrtime.bigint() };
}

export function encodeAnchor(anchor: ClockAnchor): string {
  return `${anchor.wallMs}:${anchor.monoNs}`;
}

export function decodeAnchor(text: string | undefined): ClockAnchor {
  const match = /^(\d+):(\d+)$/.exec(text ?? "");
  if (!match) throw new Error(`${CLOCK_ENV} must be "wallMs:monoNs", got ${JSON.stringify(text)}`);
  return { wallMs: Number(match[1]), monoNs: BigInt(match[2] as string) };
}

/**
 * Milliseconds since the Unix epoch with microsecond resolution. performance.now() reads the
 * same monotonic clock as hrtime without allocating a BigInt, so the per-call cost stays low.
 */
export function anchoredClock(anchor: ClockAnchor): () => number {
  const offset = clockOffset(anchor);
  return () => performance.now() + offset;
}

/**
 * performance.now() minus the anchored clock, from the tightest of a few paired readings. A
 * process's first performance.now() call can take a millisecond or more (lazy set-up), and an
 * offset read across it put one process's clock that far off another's: enough to turn
 * tens-of-microsecond latencies negative.
 */
function clockOffset(anchor: ClockAnchor): number {
  performance.now();
  let best = Infinity;
  let offset = 0;
  for (let i = 0; i < 8; i++) {
    const before = performance.now();
    const mono = process.hrtime.bigint();
    const after = performance.now();
    if (after - before < best) {
      best = after - before;
      offset = anchor.wallMs + Number(mono - anchor.monoNs) / 1e6 - (before + after) / 2;
    }
  }
  return offset;
}

/** The clock of a child process, from the anchor its parent put in the environment. */
export function clockFromEnv(env: Record<string, string | undefined> = process.env): () => number {
  return anchoredClock(decodeAnchor(env[CLOCK_ENV]));
}
