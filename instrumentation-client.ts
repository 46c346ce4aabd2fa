import { config } from "zod";

// Zod probes for eval (`new Function`) when it builds its first object schema, and Chrome reports that caught probe
// as a violation of the page policy, which forbids eval; the browser's few parses do not need zod's compiled fast path.
config({ jitless: true });
