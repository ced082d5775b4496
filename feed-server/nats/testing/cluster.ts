/**
 * Test bookkeeping for a cluster on a real nats-server: each test gets its own nats-server, and
 * every feed server, child process and client started through the cluster is stopped after the
 * test, clients first and nats-server last.
 */
import { spawn, type ChildProcess } from "node:child_process";
import pino from "pino";
import { afterEach, beforeEach } from "vitest";
import { waitFor } from "../../../lib/testing/waitFor";
import { loadConfig } from "../../config";
import { createFeedServer } from "../../server";
import { realTimers, type TickSource } from "../../tickSource";
import { freePort } from "../../testing/freePort";
import type { RunningServer } from "../../testing/startServer";
import { TestClient } from "../../testing/testClient";
import { createBusSource } from "../createBusSource";
import { NatsServer } from "./natsServer";

/** Short leases, lingers and pings, so that failovers happen within a test's patience. */
export const FAST_BUS_ENV: Record<string, string> = {
  NATS_LEASE_TTL_MS: "1500",
  NATS_LINGER_MS: "300",
  NATS_PING_MS: "400",
};

export interface BusHealth {
  epoch: string;
  connections: number;
  source: {
    kind: string;
    bus: {
      role: "source" | "edge";
      state: string;
      lease: string;
      epoch: string | null;
      reconnects: number;
      held?: string[];
      consumers?: Record<string, { mode: string; pending: number }>;
      published?: number;
      /** Source: its tick source runs. */
      ticking?: boolean;
    };
  };
}

export async function health(httpUrl: string): Promise<BusHealth> {
  const res = await fetch(`${httpUrl}/health`);
  return (await res.json()) as BusHealth;
}

export async function metricsText(httpUrl: string): Promise<string> {
  return (await fetch(`${httpUrl}/metrics`)).text();
}

/** Reads a counter or gauge sample from Prometheus text, e.g. `tickwire_source_errors_total{kind="malformed"}`. */
export function metric(text: string, sample: string): number | undefined {
  const line = text.split("\n").find((l) => l.startsWith(`${sample} `));
  return line === undefined ? undefined : Number(line.slice(sample.length + 1));
}

export interface FeedProcess {
  child: ChildProcess;
  port: number;
  wsUrl: string;
  httpUrl: string;
  output(): string;
}

export interface Cluster {
  readonly nats: NatsServer;
  /** The variables every bus process of this test gets (NATS_URL and the fast timings). */
  env(role: "source" | "edge", extra?: Record<string, string>): Record<string, string>;
  /** A source role in this process: with `source` (e.g. a ManualSource) instead of FEED_SOURCE. */
  startSource(extra?: Record<string, string>, source?: TickSource): Promise<RunningServer>;
  startEdge(extra?: Record<string, string>): Promise<RunningServer>;
  /** A feed server as its own process (`tsx feed-server/main.ts`), for tests that SIGKILL it. */
  spawn(role: "source" | "edge", extra?: Record<string, string>): Promise<FeedProcess>;
  connect(url: string): Promise<TestClient>;
  /** Runs `fn` after the test, before the feed servers stop (e.g. stopping a feed client). */
  onCleanup(fn: () => void | Promise<void>): void;
}

export function useNatsCluster(): () => Cluster {
  let current: Cluster | undefined;
  const cleanups: (() => void | Promise<void>)[] = [];
  const servers: RunningServer[] = [];
  const children: ChildProcess[] = [];
  const clients: TestClient[] = [];
  let nats: NatsServer | undefined;

  beforeEach(async () => {
    const n = await NatsServer.start();
    nats = n;
    const env = (role: "source" | "edge", extra: Record<string, string> = {}) => ({
      FEED_BUS: "nats",
      FEED_ROLE: role,
      NATS_URL: n.url,
      ...FAST_BUS_ENV,
      ...extra,
    });
    const base = { FEED_HOST: "127.0.0.1", FEED_PORT: "0", LOG_LEVEL: "silent", FEED_SEED: "1" };
    const startInProcess = async (vars: Record<string, string>, source?: TickSource): Promise<RunningServer> => {
      const config = loadConfig({ ...base, ...vars });
      const deps = { now: Date.now, timers: realTimers, random: Math.random };
      const server = createFeedServer(config, {
        logger: pino({ level: "silent" }),
        ...(source ? { source: createBusSource(config, deps, () => source) } : {}),
      });
      const { port } = await server.start();
      const running = { server, port, wsUrl: `ws://127.0.0.1:${port}/ws`, httpUrl: `http://127.0.0.1:${port}` };
      servers.push(running);
      return running;
    };
    current = {
      nats: n,
      env,
      startSource: (extra, source) => startInProcess(env("source", extra), source),
      startEdge: (extra) => startInProcess(env("edge", extra)),
      async spawn(role, extra) {
        const port = await freePort();
        let out = "";
        const child = spawn(process.execPath, ["--import", "tsx", "feed-server/main.ts"], {
          env: { ...process.env, ...base, LOG_LEVEL: "warn", FEED_PORT: String(port), ...env(role, extra) },
          stdio: ["ignore", "pipe", "pipe"],
        });
        children.push(child);
        child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
        child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
        const httpUrl = `http://127.0.0.1:${port}`;
        await waitFor(
          async () => {
            if (child.exitCode !== null) throw new Error(`feed ${role} exited (${child.exitCode}):\n${out}`);
            return fetch(`${httpUrl}/health`).then((r) => r.ok, () => false);
          },
          `the ${role} process to serve /health`,
          15_000,
          50,
        );
        return { child, port, wsUrl: `ws://127.0.0.1:${port}/ws`, httpUrl, output: () => out };
      },
      async connect(url) {
        const c = await TestClient.connect(url);
        clients.push(c);
        return c;
      },
      onCleanup(fn) {
        cleanups.push(fn);
      },
    };
  });

  afterEach(async () => {
    for (const fn of cleanups.splice(0)) await fn();
    for (const c of clients.splice(0)) c.close();
    for (const s of servers.splice(0).reverse()) await s.server.stop();
    for (const child of children.splice(0)) {
      if (child.exitCode !== null || child.signalCode !== null) continue;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGKILL");
      await exited;
    }
    await nats?.stop();
    nats = undefined;
    current = undefined;
  });

  return () => {
    if (!current) throw new Error("useNatsCluster: no cluster outside a test");
    return current;
  };
}

/**
 * Waits until the in-process or spawned source at `httpUrl` holds the lease and its tick source
 * runs (it starts once BARS is loaded); returns the epoch.
 */
export async function waitForOwner(httpUrl: string, timeoutMs = 10_000): Promise<string> {
  return waitFor(
    async () => {
      const h = await health(httpUrl).catch(() => undefined);
      return h?.source.bus.lease === "owner" && h.source.bus.ticking ? h.epoch : undefined;
    },
    `the source at ${httpUrl} to hold the lease`,
    timeoutMs,
    25,
  );
}

/** Waits until the edge at `httpUrl` numbers in `epoch` (it read the lease). */
export async function waitForEpoch(httpUrl: string, epoch: string, timeoutMs = 10_000): Promise<void> {
  await waitFor(
    async () => (await health(httpUrl).catch(() => undefined))?.epoch === epoch,
    `the feed server at ${httpUrl} to number in epoch ${epoch}`,
    timeoutMs,
    25,
  );
}
