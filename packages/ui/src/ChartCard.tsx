import { Card } from 'antd';
import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { DatasetComponent, GridComponent, LegendComponent, TitleComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import type { ComposeOption } from 'echarts/core';
import type { BarSeriesOption, LineSeriesOption, PieSeriesOption } from 'echarts/charts';
import type { DatasetComponentOption, GridComponentOption, LegendComponentOption, TitleComponentOption, TooltipComponentOption } from 'echarts/components';
import { useEffect, useRef, type ReactNode } from 'react';
import { EmptyState, ErrorState, LoadingState } from './states.tsx';

// Modular import: only these charts and components are bundled (≈ a third of full ECharts).
echarts.use([BarChart, LineChart, PieChart, GridComponent, TooltipComponent, LegendComponent, TitleComponent, DatasetComponent, CanvasRenderer]);

export type ChartOption = ComposeOption<
  | BarSeriesOption
  | LineSeriesOption
  | PieSeriesOption
  | GridComponentOption
  | TooltipComponentOption
  | LegendComponentOption
  | TitleComponentOption
  | DatasetComponentOption
>;

export interface ChartCardProps {
  title: ReactNode;
  option: ChartOption | null | undefined;
  height?: number;
  loading?: boolean;
  error?: unknown;
  onRetry?: () => void;
  empty?: boolean;
  extra?: ReactNode;
  /** Accessible summary of what the chart shows (screen readers, tests). */
  summary?: string;
  /** A click on a data item (a bar): its category name and index, e.g. to drill down. */
  onItemClick?: (item: { name: string; dataIndex: number }) => void;
}

/**
 * The category labels of a chart's axes (what the canvas draws as text), for `data-chart-labels`:
 * the e2e scan for bare codes reads them, since a canvas has no text in the DOM.
 */
export function chartCategoryLabels(option: ChartOption | null | undefined): string {
  if (!option) return '';
  const axes = [option.xAxis, option.yAxis].flatMap((axis) => (Array.isArray(axis) ? axis : axis ? [axis] : []));
  return axes
    .flatMap((axis) => {
      const data = (axis as { type?: string; data?: unknown }).data;
      return (axis as { type?: string }).type === 'category' && Array.isArray(data)
        ? data.map((item) => String(item && typeof item === 'object' && 'value' in item ? (item as { value: unknown }).value : item))
        : [];
    })
    .join(' · ');
}

/** An ECharts chart in a card, with loading / error / empty states and resize handling. */
export function ChartCard({ title, option, height = 280, loading, error, onRetry, empty, extra, summary, onItemClick }: ChartCardProps) {
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const clicked = useRef(onItemClick);
  clicked.current = onItemClick;
  const showChart = !loading && !error && !empty && option;

  useEffect(() => {
    if (!showChart || !element.current) return;
    const instance = echarts.init(element.current, undefined, { renderer: 'canvas' });
    chart.current = instance;
    instance.on('click', (params) => clicked.current?.({ name: String(params.name), dataIndex: params.dataIndex }));
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(element.current);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, [showChart]);

  useEffect(() => {
    if (chart.current && option) chart.current.setOption(option, { notMerge: true });
  }, [option, showChart]);

  let body: ReactNode;
  if (error) body = <ErrorState error={error} onRetry={onRetry} />;
  else if (loading) body = <LoadingState />;
  else if (empty || !option) body = <EmptyState />;
  else
    body = (
      <div
        ref={element}
        role="img"
        aria-label={summary ?? (typeof title === 'string' ? title : undefined)}
        data-chart-labels={chartCategoryLabels(option) || undefined}
        style={{ width: '100%', height }}
      />
    );

  return (
    <Card title={title} extra={extra} styles={{ body: { minHeight: height + 24 } }} data-testid="chart-card">
      {body}
    </Card>
  );
}
