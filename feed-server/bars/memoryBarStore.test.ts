/** The in-memory engine runs through the same BarStore contract as SQLite and JetStream. */
import { describeBarStoreContract } from "./barStore.contract";
import { MemoryBarStore } from "./memoryBarStore";

describeBarStoreContract({
  name: "memory",
  persists: false,
  newPlace: async () => "memory",
  open: async (_place, maxBars) => new MemoryBarStore(maxBars),
});
