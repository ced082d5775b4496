/**
 * Loads uWebSockets.js and insists on the native binding. The registry build we depend on
 * quietly falls back to a pure-JS `ws` shim when its binary does not load; serving on that shim
 * would look fine and be many times slower, so we refuse to start instead.
 */
import { createRequire } from "node:module";
import type * as Uws from "uWebSockets.js";

export type UwsModule = typeof Uws;

export class NativeBindingError extends Error {
  override name = "NativeBindingError";
}

export function describeBindingFailure(reason: string): string {
  return [
    `uWebSockets.js native binding is not in use (${reason}).`,
    `This build ships binaries for Node.js ABI 93/108/115 (Node 16, 18, 20) on glibc 2.27+; this is Node ${process.version} (ABI ${process.versions.modules}) on ${process.platform}-${process.arch}.`,
    "Run tickwire on Node.js 20 (see .nvmrc), and make sure UWS_USE_FALLBACK is not set.",
    'For another Node.js version, point the alias in package.json at the official build, e.g. "uWebSockets.js": "github:uNetworking/uWebSockets.js#v20.52.0" (needs glibc 2.38 or newer), then run npm install.',
  ].join("\n");
}

/** True when `App` is the C++ binding, not the JS fallback. */
export function isNativeBinding(mod: Partial<UwsModule>): boolean {
  const app = mod.App as unknown;
  return (
    typeof app === "function" &&
    Function.prototype.toString.call(app).includes("[native code]") &&
    typeof mod.getParts === "function"
  );
}

let loaded: UwsModule | undefined;

export function loadUws(): UwsModule {
  if (loaded) return loaded;
  const require = createRequire(import.meta.url);
  let mod: UwsModule;
  // The package prints its own warning on fallback; silence it so our message is the one shown.
  const warn = console.warn;
  const log = console.log;
  console.warn = () => {};
  console.log = () => {};
  try {
    mod = require("uWebSockets.js") as UwsModule;
  } catch (err) {
    throw new NativeBindingError(describeBindingFailure(`require failed: ${(err as Error).message}`));
  } finally {
    console.warn = warn;
    console.log = log;
  }
  if (!isNativeBinding(mod)) {
    const reason = process.env.UWS_USE_FALLBACK
      ? "UWS_USE_FALLBACK is set, so the package loaded its JS fallback"
      : "the package fell back to its pure-JS ws shim";
    throw new NativeBindingError(describeBindingFailure(reason));
  }
  loaded = mod;
  return mod;
}

/** The listen socket could not be opened: another process holds the port, or it is not permitted. */
export class PortInUseError extends Error {
  override name = "PortInUseError";
  constructor(
    readonly host: string,
    readonly port: number,
  ) {
    super(`cannot listen on ${host}:${port}: the port is already in use (another feed server?) or not permitted`);
  }
}

/**
 * uSockets listens with SO_REUSEPORT by default, so a second server on the same explicit port
 * "succeeds" and the kernel splits connections between two servers with different epochs.
 * LIBUS_LISTEN_EXCLUSIVE_PORT (1) turns that off. The binding has long accepted
 * `listen(host, port, options, cb)`, but index.d.ts of v20.30 declares options only without a
 * host, and the enum is type-only (not exported at runtime), hence the local signature and constant.
 */
const LIBUS_LISTEN_EXCLUSIVE_PORT = 1;

type ListenWithOptions = (
  host: string,
  port: number,
  options: number,
  cb: (socket: Uws.us_listen_socket | false) => void,
) => Uws.TemplatedApp;

export function listenExclusive(app: Uws.TemplatedApp, host: string, port: number, cb: (socket: Uws.us_listen_socket | false) => void): void {
  (app.listen as unknown as ListenWithOptions).call(app, host, port, LIBUS_LISTEN_EXCLUSIVE_PORT, cb);
}
