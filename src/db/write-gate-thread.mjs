// The checkpoint thread's side of the write gate (write-gate.ts has the server's side and says why).
// Plain JavaScript: worker threads do not inherit the main thread's TypeScript loader.

// Slots of the shared memory: who holds the gate (0 free, 1 the server, 2 this thread), and whether
// this thread wants it. The same values as in write-gate.ts.
const HOLDER = 0;
const WANTED = 1;
const FREE = 0;
const CHECKPOINTER = 2;

/**
 * Runs `step` with the server's queries held at the gate: asks for it (the server takes it no more),
 * waits for the server's current query or transaction to end, runs `step`, lets go. Blocking is fine on
 * this thread. Gives up (returns undefined without running `step`) if the server does not let go within
 * `patienceMs`. Without a gate, runs `step` at once (the server's writes then wait in SQLite's busy
 * handler).
 */
export function alone(memory, patienceMs, step) {
  if (!memory) return step();
  const gate = new Int32Array(memory);
  Atomics.store(gate, WANTED, 1);
  try {
    const deadline = performance.now() + patienceMs;
    for (;;) {
      const holder = Atomics.compareExchange(gate, HOLDER, FREE, CHECKPOINTER);
      if (holder === FREE) break;
      if (performance.now() > deadline) return undefined;
      Atomics.wait(gate, HOLDER, holder, 10);
    }
    try {
      return step();
    } finally {
      Atomics.store(gate, HOLDER, FREE);
    }
  } finally {
    Atomics.store(gate, WANTED, 0);
    Atomics.notify(gate, WANTED);
    Atomics.notify(gate, HOLDER);
  }
}
