import { openContext } from '../../app/app.js';
import type { CliCommand } from '../../cli/types.js';
import { createLogger } from '../../shared/logger.js';
import { pollAll } from './poll.js';
import { listSources } from './repository.js';

export const feedCommands: readonly CliCommand[] = [
  {
    name: 'feeds:poll',
    summary: 'Poll every enabled news feed once (conditional GET); exit 1 if any failed',
    usage: 'tyndau feeds:poll',
    async run(_args, io, config) {
      const { ctx, close } = await openContext(config(), { logger: createLogger('warn', io.stderr) });
      try {
        const names = new Map((await listSources(ctx.db)).map((s) => [s.id, s.name]));
        const results = await pollAll(ctx);
        if (!results.length) io.stdout.write('no enabled feed sources (add one with POST /api/feeds)\n');
        for (const r of results) {
          const head = `#${r.sourceId} ${names.get(r.sourceId) ?? ''}:`;
          const line =
            r.outcome === 'stored'
              ? `${r.items} items, ${r.stored} new, ${r.duplicates} already stored`
              : r.outcome === 'not_modified'
                ? 'not modified (304)'
                : `error: ${r.error}`;
          io.stdout.write(`${head} ${line}\n`);
        }
        return results.some((r) => r.outcome === 'error') ? 1 : 0;
      } finally {
        await close();
      }
    },
  },
];
