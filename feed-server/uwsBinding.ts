/**
 * Loads the uWebSockets.js build chosen for this runtime (see uwsChooser.ts), once per process: a
 * native addon can be loaded only once anyway. Refuses to start on a JS fallback: serving on it
 * would look fine and be many times slower.
 */
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
