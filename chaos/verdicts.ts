/**
 * The safety invariants `npm test` holds the quick run to: no server crashed, no well-behaved
 * client lost a tick or had its resume refused where the scenario does not allow it, and no
 * scenario broke off with an error. Other failed expectations (a missing 4xx, a slow recovery)
 * show in the verdicts and the doc without failing the build.
 */
import type { ScenarioResult } from "./types";

export function broken(results: readonly ScenarioResult[]): string[] {
  return results.flatMap((r) => {
    const out: string[] = [];
    if (r.crashes > 0) out.push(`${r.id}: ${r.crashes} crash(es)`);
    if ((r.ticksLost ?? 0) > 0) out.push(`${r.id}: ${r.ticksLost} ticks lost`);
    for (const f of r.findings) if (/resume refused|scenario error/.test(f)) out.push(`${r.id}: ${f}`);
    return out;
  });
}
