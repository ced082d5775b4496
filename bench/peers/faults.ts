/**
 * Deliberate faults for the harness's self-check: a peer started with BENCH_FAULT=drop:N
 * never sends seq N of any symbol, and with swap:N sends N+1 before N. The load client must
 * count the first as lost and the second as out of order, or its counts cannot be trusted.
 */
import type { Tick } from "../../lib/protocol";

export type Fault = { kind: "drop"; seq: number } | { kind: "swap"; seq: number };

export function parseFault(text: string | undefined): Fault | undefined {
  if (text === undefined || text.trim() === "") return undefined;
  const match = /^(drop|swap):(\d+)$/.exec(text.trim());
  if (!match) throw new Error(`BENCH_FAULT must be drop:SEQ or swap:SEQ, got "${text}"`);
  return { kind: match[1] as Fault["kind"], seq: Number(match[2]) };
}

/** Wraps a peer's publish so that the fault happens where a buggy fan-out would put it. */
export function withFault(publish: (tick: Tick) => void, fault: Fault | undefined): (tick: Tick) => void {
  if (!fault) return publish;
  switch (fault.kind) {
    case "drop":
      return (tick) => {
        if (tick.seq !== fault.seq) publish(tick);
      };
    case "swap": {
      const held = new Map<string, Tick>();
      return (tick) => {
        if (tick.seq === fault.seq) {
          held.set(tick.symbol, tick);
          return;
        }
        publish(tick);
        const late = held.get(tick.symbol);
        if (late) {
          held.delete(tick.symbol);
          publish(late);
        }
      };
    }
    default: {
      const unreachable: never = fault;
      throw new Error(`unknown fault ${JSON.stringify(unreachable)}`);
    }
  }
}
