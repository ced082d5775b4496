/**
 * Optional CPU profile of the page during the measured window (BENCH_PROFILE=1): where the main
 * thread's time goes, summed by function, so a missed goal comes with its likely causes.
 * The raw profile is written next to the results, for Chrome DevTools' Performance panel.
 */
import type { Page } from "@playwright/test";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples?: number[];
  timeDeltas?: number[];
}

export interface HotFunction {
  name: string;
  selfMs: number;
  share: number;
}

export async function startProfile(page: Page): Promise<() => Promise<{ raw: unknown; hot: HotFunction[] }>> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Profiler.enable");
  await cdp.send("Profiler.setSamplingInterval", { interval: 500 });
  await cdp.send("Profiler.start");
  return async () => {
    const { profile } = await cdp.send("Profiler.stop");
    await cdp.detach();
    return { raw: profile, hot: hotFunctions(profile as unknown as CpuProfile) };
  };
}

/** Self time per function (samples × their time deltas), largest first. */
export function hotFunctions(profile: CpuProfile, top = 15): HotFunction[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  let total = 0;
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) {
    const node = byId.get(samples[i]!);
    const us = deltas[i + 1] ?? 0;
    if (!node) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const file = url.split("/").pop() ?? "";
    const name = `${functionName || "(anonymous)"}${file ? ` ${file}:${lineNumber + 1}` : ""}`;
    self.set(name, (self.get(name) ?? 0) + us);
    total += us;
  }
  return [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, us]) => ({ name, selfMs: Math.round(us / 100) / 10, share: total === 0 ? 0 : Math.round((us / total) * 1000) / 10 }));
}
