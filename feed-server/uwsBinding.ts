/**
 * Loads the uWebSockets.js build chosen for this runtime (see uwsChooser.ts), once per process: a
 * native addon can be loaded only once anyway. Refuses to start on a JS fallback: serving on it
 * would look fine and be many times slower.
 */
import type * as Uws from "uWebSockets.js";
import { installedBuilds, currentRuntime } from "./uwsBuilds";
import { chooseUws, type UwsBuildInfo, type UwsModule, type UwsRefusal } from "./uwsChooser";

export type { UwsModule } from "./uwsChooser";

export class NativeBindingError extends Error {
  override name = "NativeBindingError";
}

export interface LoadedUws {
  uws: UwsModule;
  build: UwsBuildInfo;
  /** Newer builds that did not load here, with why (logged at start). */
  refused: UwsRefusal[];
}

let loaded: LoadedUws | undefined;

/** The chosen build; throws NativeBindingError naming this runtime and what would work. */
export function loadUws(): LoadedUws {
  if (loaded) return loaded;
  const choice = chooseUws(installedBuilds(), currentRuntime());
  switch (choice.kind) {
    case "chosen":
      loaded = { uws: choice.uws, build: choice.build, refused: choice.refused };
      return loaded;
    case "none":
      throw new NativeBindingError(choice.message);
    default: {
      const never: never = choice;
      throw new Error(`unhandled choice ${String(never)}`);
    }
  }
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
 * `listen(host, port, options, cb)`, but index.d.ts (v20.30 and v20.57 alike) declares options only without a
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
