/**
 * Summarises a V8 .cpuprofile (from `node --cpu-prof`) as the functions with the most self
 * time. Native work done inside a call from JS (uWS's C++ publish, the kernel's write) is
 * charged to the JS-visible frame that made the call, so the list shows where time goes even
 * for a server whose hot path is mostly native.
 */
import { readFileSync } from "node:fs";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  hitCount?: number;
}

interface CpuProfile {
  nodes: ProfileNode[];
  /** Microseconds on the monotonic clock (CLOCK_MONOTONIC on Linux, as process.hrtime). */
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

function isProfile(value: unknown): value is CpuProfile {
  const v = value as Partial<CpuProfile> | null;
  return typeof v === "object" && v !== null && Array.isArray(v.nodes) && Array.isArray(v.samples) && Array.isArray(v.timeDeltas);
}

export interface ProfileEntry {
  name: string;
  where: string;
  /** Share of non-idle samples, in percent. */
  selfPct: number;
}

/**
 * `window` (monotonic µs) keeps only the samples of the measured window, so start-up
 * (compiling TypeScript, loading modules) does not crowd the list.
 */
export function summariseProfile(
  path: string,
  window?: { fromUs: number; toUs: number },
  top = 15,
): { busyMs: number; idlePct: number; entries: ProfileEntry[]; windowed: boolean } {
  const parsed: unknown = JSON.parse(readFileSync(path, "utf8"));
  if (!isProfile(parsed)) throw new Error(`${path} is not a V8 CPU profile`);
  const byId = new Map(parsed.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<string, { name: string; where: string; us: number }>();
  let idleUs = 0;
  let busyUs = 0;
  const times: number[] = [];
  let t = parsed.startTime;
  for (const dt of parsed.timeDeltas) times.push((t += dt));
  const inWindow = (i: number) => !window || ((times[i] as number) >= window.fromUs && (times[i] as number) <= window.toUs);
  // A profile whose clock does not match the window's is summarised whole rather than not at all.
  const windowed = window !== undefined && times.some((_, i) => inWindow(i));
  parsed.samples.forEach((id, i) => {
    const node = byId.get(id);
    const dt = parsed.timeDeltas[i] ?? 0;
    if (!node || (windowed && !inWindow(i))) return;
    const { functionName, url } = node.callFrame;
    if (functionName === "(idle)") {
      idleUs += dt;
      return;
    }
    busyUs += dt;
    const name = functionName || "(anonymous)";
    // Line numbers are left out: tsx-compiled files report positions in generated code.
    const where = url ? url.replace(/^file:\/\/.*?\/(node_modules|feed-server|lib|bench)\//, "$1/") : "";
    const k = `${name}@${where}`;
    const entry = selfUs.get(k) ?? { name, where, us: 0 };
    entry.us += dt;
    selfUs.set(k, entry);
  });
  const entries = [...selfUs.values()]
    .sort((a, b) => b.us - a.us)
    .slice(0, top)
    .map((e) => ({ name: e.name, where: e.where, selfPct: busyUs > 0 ? Math.round((e.us / busyUs) * 1000) / 10 : 0 }));
  return { busyMs: busyUs / 1000, idlePct: busyUs + idleUs > 0 ? Math.round((idleUs / (busyUs + idleUs)) * 1000) / 10 : 0, entries, windowed };
}
