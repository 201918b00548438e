import { BarChart, LineChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

echarts.use([
  BarChart,
  LineChart,
  GridComponent,
  TooltipComponent,
  LegendComponent,
  AriaComponent,
  CanvasRenderer,
]);

export type ChartOption = echarts.EChartsCoreOption;

interface Props {
  readonly option: ChartOption;
  readonly label: string;
  readonly height?: number;
  /** Called with the clicked category's index (drill-down). */
  readonly onPick?: (index: number, series: number) => void;
}

/** An Apache ECharts chart that follows its box's size; the option is replaced on every change. */
export function Chart({ option, label, height = 280, onPick }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const pick = useRef(onPick);
  pick.current = onPick;
  useEffect(() => {
    if (!box.current) return;
    const c = echarts.init(box.current, undefined, { renderer: 'canvas' });
    chart.current = c;
    c.on('click', (p) => {
      const e = p as { dataIndex?: number; seriesIndex?: number };
      if (typeof e.dataIndex === 'number') pick.current?.(e.dataIndex, e.seriesIndex ?? 0);
    });
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(box.current);
    return () => {
      ro.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    // The accessible name is ours (ECharts would otherwise describe the chart in English).
    chart.current?.setOption(
      { aria: { enabled: true, label: { description: label } }, animation: false, ...option },
      true,
    );
  }, [option, label]);
  return <div ref={box} className="chart" style={{ height }} role="img" aria-label={label} />;
}
