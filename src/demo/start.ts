import { rebuildRollups } from '../analytics/rollup/refresh.js';
import { type ContextOptions, openContext } from '../app/app.js';
import type { AppContext } from '../app/context.js';
import type { Config } from '../config/config.js';
import { loadReferenceData } from '../reference/seed.js';
import { type DemoAccountView, ensureDemoAccounts } from './accounts.js';
import { createDemoAlertRules } from './alert-rules.js';
import { demoConfig } from './config.js';
import { hasSignals, holdsDemoData } from './repository.js';
import { DEFAULT_APPEALS, seedDemoHistory } from './seed.js';
import { aimSimulator } from './simulator.js';
import { type StandIn, startStandIn } from './standin.js';

type Write = (line: string) => void;

/** What `tyndau start` does around the server in demo mode. */
export interface DemoRun {
  /** The configuration to create the app with (generated channel secrets, stand-in provider APIs). */
  readonly config: Config;
  /**
   * Before the app starts (and with it the background work): reference data, demo accounts, and on a
   * database without signals a year of history with its analytics rollups.
   */
  prepare(options?: ContextOptions): Promise<void>;
  /** After listening: print the sign-ins, point the simulator at the server. */
  afterListen(ctx: AppContext, address: string): void;
  close(): Promise<void>;
}

export function printAccounts(write: Write, accounts: readonly DemoAccountView[]): void {
  write('Demo sign-ins (demo mode only; every password is public):\n');
  for (const a of accounts) {
    const org = a.organisation ? `, ${a.organisation.name}` : '';
    write(`  ${a.login.padEnd(17)} ${a.password.padEnd(20)} ${a.roles.join(', ')}${org}\n`);
  }
}

export async function prepareDemo(config: Config, write: Write, appeals = DEFAULT_APPEALS): Promise<DemoRun> {
  const standIn: StandIn | null = config.demo ? await startStandIn() : null;
  const derived = demoConfig(config, standIn?.url ?? null);
  let accounts: DemoAccountView[] = [];
  let usable = false;
  return {
    config: derived,
    async prepare(options = {}) {
      if (!derived.demo) return;
      const { ctx, close } = await openContext(derived, options);
      try {
        await loadReferenceData(ctx);
        const fresh = !(await hasSignals(ctx.db));
        // A database that already holds real data never gets public demo passwords or simulated traffic.
        usable = fresh || (await holdsDemoData(ctx.db));
        if (!usable) {
          write(
            'Demo mode: this database holds data that is not demo data, so no demo accounts, history or ' +
              'simulator are added. Production runs `tyndau serve`; TYNDAU_DEMO=0 silences this.\n',
          );
          return;
        }
        accounts = await ensureDemoAccounts(ctx);
        if (!fresh) return;
        write(
          `Demo region: writing a year of history (${appeals.toLocaleString('en')} appeals) into the new database…\n`,
        );
        const report = await seedDemoHistory(ctx, { appeals, progress: (line) => write(`  ${line}\n`) });
        const t = performance.now();
        await rebuildRollups(ctx);
        await createDemoAlertRules(ctx);
        write(
          `Demo region ready in ${((report.ms + performance.now() - t) / 1000).toFixed(1)} s: ${report.appeals} appeals with cases, ` +
            `${report.mentions} social-media mentions, ${report.news} news items (analytics rollups included).\n`,
        );
      } finally {
        await close();
      }
    },
    afterListen(ctx, address) {
      if (!derived.demo || !usable) return;
      printAccounts(write, accounts);
      if (derived.simulator) {
        aimSimulator(ctx, address.replace('0.0.0.0', '127.0.0.1').replace('[::]', '127.0.0.1'));
        write(
          `Live simulator: ${derived.simulatorPerMinute} messages a minute through the real webhooks, an outage every few minutes (TYNDAU_SIMULATOR=0 turns it off).\n`,
        );
      }
      if (standIn)
        write(`Provider APIs without credentials answer from a local stand-in at ${standIn.url}.\n`);
    },
    async close() {
      await standIn?.close();
    },
  };
}
