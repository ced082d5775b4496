/**
 * One server under test plus its load-client processes, for one scenario run. Connections are
 * split over the client processes; their reports are merged (histograms by decoding and
 * adding). A measured window samples server and client CPU from /proc around it.
 */
import { decodeFromCompressedBase64, type Histogram } from "hdr-histogram-js";
import type { ConnectResult, ConnectSpec, Group, GroupReport, ImplId } from "../ipc";
import type { HaltReport, PublishPlan } from "../schedule";
import type { Assignment } from "../symbols";
import { latencyHistogram } from "../client/groupStats";
import { Child } from "./child";
import { IMPLS } from "./impls";
import { cpuBetween, cpuSample, memory, systemBetween, systemSample, type CpuUsage, type SystemUsage } from "./procfs";

export interface HarnessConfig {
  cwd: string;
  clientProcs: number;
  /** Environment every child gets: the clock anchor and the seed. */
  env: Record<string, string>;
  /** Where the feed server writes a --cpu-prof profile, when profiling. */
  cpuProfDir?: string;
}

export interface MergedGroup {
  connections: number;
  open: number;
  deliveries: number;
  reads: number;
  delivered: number;
  latency: Histogram;
  lost: number;
  outOfOrder: number;
  duplicates: number;
  beforeSnapshot: number;
  closes: Record<string, number>;
}

export interface Window {
  seconds: number;
  server: CpuUsage;
  clients: CpuUsage[];
  /** The whole machine over the window: other processes (a shared box) show up here. */
  system: SystemUsage;
  rssKiB: number;
  main: MergedGroup;
  slow: MergedGroup;
}

export interface SessionOptions {
  impl: ImplId;
  symbols: string[];
  /** Connections this run will hold, to size the open-file limit. */
  connections: number;
  /** Extra environment for the server (e.g. BENCH_FAULT). */
  serverEnv?: Record<string, string>;
  profile?: boolean;
}

function merge(reports: GroupReport[]): MergedGroup {
  const latency = latencyHistogram();
  const out: MergedGroup = { connections: 0, open: 0, deliveries: 0, reads: 0, delivered: 0, latency, lost: 0, outOfOrder: 0, duplicates: 0, beforeSnapshot: 0, closes: {} };
  for (const r of reports) {
    out.connections += r.connections;
    out.open += r.open;
    out.deliveries += r.deliveries;
    out.reads += r.reads;
    out.delivered += r.delivered;
    out.lost += r.lost;
    out.outOfOrder += r.outOfOrder;
    out.duplicates += r.duplicates;
    out.beforeSnapshot += r.beforeSnapshot;
    latency.add(decodeFromCompressedBase64(r.latency));
    for (const [code, n] of Object.entries(r.closes)) out.closes[code] = (out.closes[code] ?? 0) + n;
  }
  return out;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class Session {
  private nextIndex: Record<Group, number> = { main: 0, slow: 0 };

  private constructor(
    readonly impl: ImplId,
    readonly server: Child,
    readonly port: number,
    readonly clients: Child[],
  ) {}

  static async open(config: HarnessConfig, options: SessionOptions): Promise<Session> {
    const spec = IMPLS[options.impl];
    const nofile = options.connections + 1024;
    const nodeArgs = ["--expose-gc"];
    if (options.profile && config.cpuProfDir) nodeArgs.push("--cpu-prof", `--cpu-prof-dir=${config.cpuProfDir}`);
    // Started together: each child spends most of its start-up compiling TypeScript.
    const starting = [
      Child.start({
        name: `${spec.label} server`,
        script: spec.script,
        cwd: config.cwd,
        env: { ...config.env, BENCH_SYMBOLS: options.symbols.join(","), ...options.serverEnv },
        nofile,
        nodeArgs,
      }),
      ...Array.from({ length: config.clientProcs }, (_, i) =>
        Child.start({ name: `load client ${i + 1}`, script: "bench/client/main.ts", cwd: config.cwd, env: config.env, nofile }),
      ),
    ];
    const settled = await Promise.allSettled(starting);
    const failure = settled.find((r): r is PromiseRejectedResult => r.status === "rejected");
    const children = settled.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
    if (failure) {
      for (const c of children) c.kill();
      throw failure.reason;
    }
    const [server, ...clients] = children as [Child, ...Child[]];
    return new Session(options.impl, server, Number(server.ready.port), clients);
  }

  /** Opens `count` connections in `group`, split evenly over the client processes. */
  async connect(
    group: Group,
    count: number,
    pool: string[],
    assignment: Assignment,
    options: { concurrency: number; timeoutMs: number },
  ): Promise<Omit<ConnectResult, "timeToSnapshot"> & { timeToSnapshot: Histogram }> {
    const per = Math.ceil(count / this.clients.length);
    const replies = await Promise.all(
      this.clients.map((client, i) => {
        const n = Math.max(0, Math.min(per, count - i * per));
        const spec: ConnectSpec = {
          dialect: IMPLS[this.impl].dialect,
          port: this.port,
          group,
          firstIndex: this.nextIndex[group] + i * per,
          count: n,
          pool,
          assignment,
          concurrency: options.concurrency === 0 ? 0 : Math.max(1, Math.ceil(options.concurrency / this.clients.length)),
          timeoutMs: options.timeoutMs,
        };
        return client.request({ op: "connect", spec }, options.timeoutMs + 10_000);
      }),
    );
    this.nextIndex[group] += count;
    const timeToSnapshot = latencyHistogram();
    const result = { opened: 0, subscribed: 0, failed: 0, errors: [] as string[], allSubscribedMs: 0, timeToSnapshot };
    for (const r of replies) {
      result.opened += Number(r.opened);
      result.subscribed += Number(r.subscribed);
      result.failed += Number(r.failed);
      result.errors.push(...(r.errors as string[]));
      result.allSubscribedMs = Math.max(result.allSubscribedMs, Number(r.allSubscribedMs));
      timeToSnapshot.add(decodeFromCompressedBase64(String(r.timeToSnapshot)));
    }
    return result;
  }

  async publish(plan: PublishPlan): Promise<void> {
    await this.server.request({ op: "publish", plan });
  }

  async halt(): Promise<HaltReport> {
    const r = await this.server.request({ op: "halt" });
    return { finalSeqs: r.finalSeqs as Record<string, number>, emitted: Number(r.emitted), lagP99Ms: Number(r.lagP99Ms), lagMaxMs: Number(r.lagMaxMs) };
  }

  /** Full GC in the server, then its RSS in KiB: memory retained, not garbage not yet collected. */
  async settledRssKiB(): Promise<number> {
    await this.server.request({ op: "gc" });
    await sleep(200);
    return memory(this.server.pid).rssKiB;
  }

  memory() {
    return memory(this.server.pid);
  }

  async all(op: "reset" | "pause" | "resume", group?: Group): Promise<void> {
    await Promise.all(this.clients.map((c) => c.request({ op, group })));
  }

  async report(): Promise<{ main: MergedGroup; slow: MergedGroup }> {
    const replies = await Promise.all(this.clients.map((c) => c.request({ op: "report" })));
    const groups = replies.map((r) => r.groups as Record<Group, GroupReport>);
    return { main: merge(groups.map((g) => g.main)), slow: merge(groups.map((g) => g.slow)) };
  }

  /** Waits for `group` to hold every tick up to the final seqs; returns what is still missing. */
  async awaitFinal(finalSeqs: Record<string, number>, timeoutMs: number): Promise<{ behind: number; undelivered: number }> {
    const replies = await Promise.all(this.clients.map((c) => c.request({ op: "await-final", finalSeqs, timeoutMs }, timeoutMs + 10_000)));
    return replies.reduce((acc, r) => ({ behind: acc.behind + Number(r.behind), undelivered: acc.undelivered + Number(r.undelivered) }), { behind: 0, undelivered: 0 });
  }

  async awaitClosed(group: Group, timeoutMs: number): Promise<{ closed: number; open: number }> {
    const replies = await Promise.all(this.clients.map((c) => c.request({ op: "await-closed", group, timeoutMs }, timeoutMs + 10_000)));
    return replies.reduce((acc, r) => ({ closed: acc.closed + Number(r.closed), open: acc.open + Number(r.open) }), { closed: 0, open: 0 });
  }

  /** Clears the clients' window counters, waits `ms`, and measures what happened in between. */
  async measure(ms: number, during?: () => void): Promise<Window> {
    await this.all("reset");
    const m0 = systemSample();
    const s0 = cpuSample(this.server.pid);
    const c0 = this.clients.map((c) => cpuSample(c.pid));
    if (during) {
      const sampler = setInterval(during, 250);
      await sleep(ms);
      clearInterval(sampler);
    } else {
      await sleep(ms);
    }
    const s1 = cpuSample(this.server.pid);
    const c1 = this.clients.map((c) => cpuSample(c.pid));
    const m1 = systemSample();
    const rssKiB = memory(this.server.pid).rssKiB;
    const groups = await this.report();
    return {
      seconds: (s1.at - s0.at) / 1000,
      server: cpuBetween(s0, s1),
      clients: c1.map((c, i) => cpuBetween(c0[i] as typeof c, c)),
      system: systemBetween(m0, m1),
      rssKiB,
      ...groups,
    };
  }

  async close(): Promise<void> {
    await Promise.all(this.clients.map((c) => c.stop()));
    await this.server.stop();
  }

  kill(): void {
    for (const c of this.clients) c.kill();
    this.server.kill();
  }
}
