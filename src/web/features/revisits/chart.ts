import type { RevisitStatsRow } from '../../../shared/schemas/revisits';

/** The ECharts option of the revisit figures: the three rates of each group as bars, in percent. */
export function revisitChartOption(rows: readonly RevisitStatsRow[], label: (key: 'completionRate' | 'reachRate' | 'satisfactionRate') => string) {
  const keys = ['completionRate', 'reachRate', 'satisfactionRate'] as const;
  const colors = ['#1677ff', '#13c2c2', '#52c41a'];
  return {
    color: colors,
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (typeof v === 'number' ? `${v.toFixed(1)}%` : '—') },
    legend: { top: 0 },
    grid: { left: 48, right: 16, top: 36, bottom: 48 },
    xAxis: { type: 'category', data: rows.map((r) => r.label), axisLabel: { interval: 0, rotate: rows.length > 6 ? 30 : 0 } },
    yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
    series: keys.map((k) => ({ type: 'bar', name: label(k), barMaxWidth: 24, data: rows.map((r) => (r[k] === null ? null : Math.round(r[k]! * 1000) / 10)) })),
  };
}
