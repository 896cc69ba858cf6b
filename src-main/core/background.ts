/**
 * Work run in the background some time after the last write (the dashboard precompute, the flags recompute): one
 * debounced job per workspace connection. A request while the job waits restarts its delay; a request while it runs
 * makes it run once more when it ends; the job stops when the connection is closed. The timer does not keep a CLI
 * process alive.
 */
import type { Db } from './db/open';

interface JobState {
  timer: ReturnType<typeof setTimeout> | null;
  running: Promise<void> | null;
  /** A request arrived while the job ran: run once more when it ends. */
  again: boolean;
}

/** A job per connection: `schedule(db)` asks for a run `delayMs` after the last request, `idle(db)` awaits the end. */
export function backgroundJob(job: (db: Db) => void | Promise<void>): { schedule: (db: Db, delayMs: number) => void; idle: (db: Db) => Promise<void> } {
  const states = new WeakMap<Db, JobState>();
  return {
    schedule(db, delayMs) {
      let st = states.get(db);
      if (!st) states.set(db, (st = { timer: null, running: null, again: false }));
      const state = st;
      if (state.running) {
        state.again = true;
        return;
      }
      if (state.timer) clearTimeout(state.timer);
      state.timer = setTimeout(() => {
        state.timer = null;
        state.running = (async () => {
          do {
            state.again = false;
            if (!db.open) return;
            await job(db);
          } while (state.again && db.open);
        })().finally(() => {
          state.running = null;
        });
      }, delayMs);
      state.timer.unref?.();
    },
    async idle(db) {
      for (;;) {
        const st = states.get(db);
        if (!st || (!st.timer && !st.running)) return;
        if (st.running) await st.running;
        else await new Promise((r) => setTimeout(r, 20));
      }
    },
  };
}
