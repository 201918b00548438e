import { forecastDaily, seasonalNaive, smapeTerm } from './forecast.js';

export interface DailySeries {
  readonly key: string;
  /** Absolute day (days since 1970-01-01) of counts[0]. */
  readonly firstDay: number;
  readonly counts: readonly number[];
}

export interface BacktestResult {
  /** Mean sMAPE of the model over every key, origin and horizon day, in percent. */
  readonly model: number;
  /** The same for the seasonal-naive forecast (same weekday of the last observed week). */
  readonly naive: number;
  /** Share of actual values inside the model's prediction interval. */
  readonly coverage: number;
  /** Forecast days scored. */
  readonly points: number;
  readonly origins: number;
}

/** Shortest history a forecast origin may have. */
const MIN_HISTORY = 28;

/**
 * Rolling-origin back-test: for each key, origins every 7 days going back from the last possible one
 * (the end minus the horizon), up to `origins` of them, each with at least four weeks of history; at each
 * origin both forecasts see only the past and are scored on the next `horizon` days.
 */
export function backtest(series: readonly DailySeries[], horizon: number, origins = 8): BacktestResult {
  let model = 0;
  let naive = 0;
  let covered = 0;
  let points = 0;
  let used = 0;
  for (const s of series) {
    const n = s.counts.length;
    for (let k = 0; k < origins; k++) {
      const origin = n - horizon - 7 * k;
      if (origin < MIN_HISTORY) break;
      used++;
      const past = s.counts.slice(0, origin);
      const f = forecastDaily(past, horizon, s.firstDay);
      const sn = seasonalNaive(past, horizon);
      for (let h = 0; h < horizon; h++) {
        const actual = s.counts[origin + h]!;
        model += smapeTerm(f.forecast[h]!, actual);
        naive += smapeTerm(sn[h]!, actual);
        if (actual >= f.lo[h]! && actual <= f.hi[h]!) covered++;
        points++;
      }
    }
  }
  return {
    model: points ? model / points : 0,
    naive: points ? naive / points : 0,
    coverage: points ? covered / points : 0,
    points,
    origins: used,
  };
}
