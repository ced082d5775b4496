/** Before any browser test: make sure the feed server and the dashboard are built and current. */
import { ensureBuilt } from "./support/build";

export default function globalSetup(): void {
  ensureBuilt();
}
