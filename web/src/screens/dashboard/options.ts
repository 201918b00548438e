import { formatDate } from '../../lib/format.js';
import type { ChartOption } from './Chart.js';
import type { Count, SentimentDay } from './data.js';

const GRID = { left: 8, right: 16, top: 36, bottom: 8, containLabel: true };
const COLORS = { answered: '#2b7a4b', unanswered: '#c0392b', received: '#0b5c7a' };

/** Received split into answered / not answered per code (the study's Table 1 shape). */
export function stackedOption(
  rows: readonly Count[],
  name: (code: string) => string,
  labels: { answered: string; unanswered: string },
): ChartOption {
  return {
    grid: GRID,
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0 },
    xAxis: {
      type: 'category',
      data: rows.map((r) => name(r.code)),
      axisLabel: { interval: 0, rotate: rows.length > 6 ? 30 : 0 },
    },
    yAxis: { type: 'value' },
    series: [
      {
        name: labels.answered,
        type: 'bar',
        stack: 'all',
        color: COLORS.answered,
        data: rows.map((r) => r.answered ?? 0),
      },
      {
        name: labels.unanswered,
        type: 'bar',
        stack: 'all',
        color: COLORS.unanswered,
        data: rows.map((r) => r.received - (r.answered ?? 0)),
      },
    ],
  };
}

/** One horizontal bar per code, largest on top. */
export function barOption(
  rows: readonly Count[],
  name: (code: string) => string,
  label: string,
): ChartOption {
  const sorted = [...rows].sort((a, b) => a.received - b.received);
  return {
    grid: { ...GRID, top: 8 },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'value' },
    yAxis: { type: 'category', data: sorted.map((r) => name(r.code)) },
    series: [{ name: label, type: 'bar', color: COLORS.received, data: sorted.map((r) => r.received) }],
  };
}

/** Daily counts of negative, neutral and positive mentions. */
export function sentimentOption(
  days: readonly SentimentDay[],
  locale: string,
  name: (s: string) => string,
): ChartOption {
  const line = (key: 'negative' | 'neutral' | 'positive', color: string) => ({
    name: name(key),
    type: 'line',
    smooth: true,
    color,
    data: days.map((d) => d[key]),
  });
  return {
    grid: GRID,
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    xAxis: { type: 'category', data: days.map((d) => formatDate(locale, `${d.day}T12:00:00Z`)) },
    yAxis: { type: 'value' },
    series: [
      line('negative', COLORS.unanswered),
      line('neutral', '#7f8c8d'),
      line('positive', COLORS.answered),
    ],
  };
}
