/** Entry point for UI and tools: `import { createFeedClient } from "lib/feedClient"`. */
export { createFeedClient } from "./feedClient";
export { ClientDisconnects } from "./disconnects";
export { fullJitterDelay } from "./backoff";
export type * from "./types";
