/**
 * Command-line entry point: config from the environment, signal handling, exit codes.
 * Exit 2 = bad configuration, 1 = cannot start (no native uWS binding, port in use).
 */
import { ConfigError, loadConfig, type FeedConfig } from "./config";
import { createFeedServer } from "./server";
import { NativeBindingError } from "./uwsBinding";

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

  let server: ReturnType<typeof createFeedServer>;
  try {
    // Building the source reads replay files and symbol maps: a failure here is bad configuration.
    server = createFeedServer(config);
  } catch (err) {
    console.error(`tickwire feed: invalid configuration: ${(err as Error).message}`);
    process.exit(2);
  }
  try {
    await server.start();
  } catch (err) {
    const text = err instanceof NativeBindingError ? err.message : `cannot start: ${(err as Error).message}`;
    console.error(`tickwire feed: ${text}`);
    process.exit(1);
  }

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    setTimeout(() => {
      console.error(`tickwire feed: shutdown took over ${SHUTDOWN_DEADLINE_MS} ms after ${signal}, exiting`);
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS).unref();
    server.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error("tickwire feed: error while stopping", err);
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
}

void main();
