/**
 * Command-line entry point: config from the environment, signal handling, exit codes.
 * Exit 2 = bad configuration, 1 = cannot start (no native uWS binding, port in use).
 */
import pino from "pino";
import type { BarStore } from "./bars/barStore";
import { openBarStore } from "./bars/openBarStore";
import { ConfigError, loadConfig, type FeedConfig } from "./config";
import { createFeedServer } from "./server";
import { NativeBindingError, PortInUseError } from "./uwsBinding";

/** Signals that mean "stop now": a closed terminal (HUP) and nodemon-style restarts (USR2) included. */
const STOP_SIGNALS = ["SIGTERM", "SIGINT", "SIGHUP", "SIGUSR2"] as const;

const SHUTDOWN_DEADLINE_MS = 2000;

async function main(): Promise<void> {
  let config: FeedConfig;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`tickwire feed: invalid configuration: ${err.message}`);
      process.exit(2);
    }
    throw err;
  }

  const log = pino({ level: config.logLevel, base: { svc: "feed" } });
  let barStore: BarStore | undefined;
  let server: ReturnType<typeof createFeedServer>;
  try {
    // FEED_DATA_DIR: bars on disk. An unusable directory or a missing SQLite engine is bad configuration.
    barStore = openBarStore(config);
    if (barStore) log.info({ dataDir: config.bars.dataDir, flushMs: config.bars.flushMs }, "bars kept in SQLite");
    // Building the source reads replay files and symbol maps: a failure here is bad configuration.
    server = createFeedServer(config, { logger: log, barStore });
  } catch (err) {
    console.error(`tickwire feed: invalid configuration: ${(err as Error).message}`);
    process.exit(2);
  }
  try {
    await server.start();
  } catch (err) {
    const text = err instanceof NativeBindingError || err instanceof PortInUseError ? err.message : `cannot start: ${(err as Error).message}`;
    console.error(`tickwire feed: ${text}`);
    process.exit(1);
  }

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "stopping: closing clients with 1001");
    setTimeout(() => {
      console.error(`tickwire feed: shutdown took over ${SHUTDOWN_DEADLINE_MS} ms after ${signal}, exiting`);
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS).unref();
    // The server's stop writes the open bars and flushes; closing the store releases the file.
    server
      .stop()
      .then(() => barStore?.close())
      .then(
        () => process.exit(0),
        (err: unknown) => {
          console.error("tickwire feed: error while stopping", err);
          process.exit(1);
        },
      );
  };
  for (const signal of STOP_SIGNALS) process.on(signal, () => shutdown(signal));
}

void main();
