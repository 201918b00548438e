import { createReadStream } from 'node:fs';
import { parseArgs } from 'node:util';
import { openContext } from '../app/app.js';
import { UsageError } from '../cli/errors.js';
import type { CliCommand, CliIo } from '../cli/types.js';
import { createLogger } from '../shared/logger.js';
import { databaseSeries } from './forecasts.js';
import { rebuildRollups, refreshUntilCurrent } from './rollup/refresh.js';
import { backtest, type DailySeries } from './series/backtest.js';
import { INTERVAL } from './series/forecast.js';
import { dailySeriesFromRows, forecastLines, readCounts, spikesFromRows } from './series/io.js';
import { DEFAULT_THRESHOLD } from './series/spikes.js';

const quietLogger = () => createLogger('warn');

function positiveInt(value: string | undefined, name: string, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max)
    throw new UsageError(`--${name} must be an integer 1..${max}`);
  return n;
}

function warnSkipped(io: CliIo, skipped: number, firstBad: number | null): void {
  if (skipped) io.stderr.write(`skipped ${skipped} malformed line(s), the first at line ${firstBad}\n`);
}

const write = (io: CliIo, lines: readonly object[]) => {
  const chunk: string[] = [];
  for (const l of lines) {
    chunk.push(JSON.stringify(l));
    if (chunk.length >= 1000) io.stdout.write(`${chunk.splice(0).join('\n')}\n`);
  }
  if (chunk.length) io.stdout.write(`${chunk.join('\n')}\n`);
};

const spikes: CliCommand = {
  name: 'spikes',
  summary: 'Hourly JSONL {t,key,count} on stdin → one JSONL line per spike {t,key,count,expected,score}',
  usage: `tyndau spikes [--threshold <score, default ${DEFAULT_THRESHOLD}>] < hourly.jsonl`,
  async run(args, io) {
    const { values } = parseArgs({ args, options: { threshold: { type: 'string' } } });
    const threshold = values.threshold === undefined ? DEFAULT_THRESHOLD : Number(values.threshold);
    if (!Number.isFinite(threshold) || threshold < 0)
      throw new UsageError('--threshold must be a number ≥ 0');
    const { rows, skipped, firstBad } = await readCounts(io.stdin);
    warnSkipped(io, skipped, firstBad);
    write(io, spikesFromRows(rows, { threshold }));
    return 0;
  },
};

const forecast: CliCommand = {
  name: 'forecast',
  summary: `Daily JSONL {t,key,count} on stdin → {t,key,forecast,lo,hi} per key and future day (${INTERVAL * 100} % interval)`,
  usage: 'tyndau forecast --horizon <days> < daily.jsonl',
  async run(args, io) {
    const { values } = parseArgs({ args, options: { horizon: { type: 'string' } } });
    const horizon = positiveInt(values.horizon, 'horizon', 7, 730);
    const { rows, skipped, firstBad } = await readCounts(io.stdin);
    warnSkipped(io, skipped, firstBad);
    write(io, forecastLines(dailySeriesFromRows(rows), horizon));
    return 0;
  },
};

const evalForecast: CliCommand = {
  name: 'eval-forecast',
  summary: 'Rolling-origin back-test of the forecast against seasonal naive (database or --data JSONL)',
  usage: 'tyndau eval-forecast [--data <daily.jsonl>] [--horizon 7] [--origins 8]',
  async run(args, io, config) {
    const { values } = parseArgs({
      args,
      options: { data: { type: 'string' }, horizon: { type: 'string' }, origins: { type: 'string' } },
    });
    const horizon = positiveInt(values.horizon, 'horizon', 7, 365);
    const origins = positiveInt(values.origins, 'origins', 8, 100);
    let series: DailySeries[];
    if (values.data) {
      const { rows, skipped, firstBad } = await readCounts(createReadStream(values.data));
      warnSkipped(io, skipped, firstBad);
      series = dailySeriesFromRows(rows);
    } else {
      const { ctx, close } = await openContext(config(), { labeler: null, logger: quietLogger() });
      try {
        await refreshUntilCurrent(ctx);
        series = await databaseSeries(ctx, 'topic_district');
      } finally {
        await close();
      }
    }
    const r = backtest(series, horizon, origins);
    io.stdout.write(
      `keys=${series.length} origins=${r.origins} points=${r.points} horizon=${horizon} coverage${INTERVAL * 100}=${(r.coverage * 100).toFixed(1)}%\n`,
    );
    io.stdout.write(`sMAPE model=${r.model.toFixed(2)} seasonal_naive=${r.naive.toFixed(2)}\n`);
    return 0;
  },
};

const rebuild: CliCommand = {
  name: 'analytics:rebuild',
  summary: 'Rebuild every analytics rollup (hourly, daily, cube, case KPIs) from the raw rows',
  async run(_args, io, config) {
    const { ctx, close } = await openContext(config(), { labeler: null, logger: quietLogger() });
    try {
      const t0 = Date.now();
      const n = await rebuildRollups(ctx);
      io.stdout.write(
        `rebuilt analytics rollups from ${n} signals in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`,
      );
      return 0;
    } finally {
      await close();
    }
  },
};

export const analyticsCommands: CliCommand[] = [spikes, forecast, evalForecast, rebuild];
