import { useQueries, useQuery } from '@tanstack/react-query';
import { ChartCard, EmptyState, ErrorState, ExtensionSlot, LoadingState, useL, useRegionsApi, useShell, type ChartOption } from '@zhenxing/ui';
import { Card, Col, Collapse, Row, Select, Statistic, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useModules } from '../shell/modules.ts';
import { useTRPC } from '../trpc.ts';
import { HomeTodos } from './home/Todos.tsx';

export default function DashboardPage() {
  const l = useL();
  const shell = useShell();
  const trpc = useTRPC();
  // Indicators of modules no county here has enabled would only show a misleading 0: hide them.
  // Duty roles (system, security, audit administrators) hold no household data, aggregates included.
  const readsIndicators = shell.user.permissions.includes('core.indicators.read');
  const readsTodos = shell.user.permissions.includes('core.todos.read');
  // A village cadre's first screen (often a phone) is their work; the figures wait behind one tap.
  const figuresFolded = shell.user.role === 'village_cadre';
  const [figuresOpen, setFiguresOpen] = useState(!figuresFolded);
  const indicators = useQuery({
    ...trpc.indicators.values.queryOptions({ regionCode: shell.region.code }),
    enabled: readsIndicators && figuresOpen,
    select: (values) => values.filter((value) => value.counties > 0),
  });
  const modules = useModules();
  const today = new Intl.DateTimeFormat(l.locale, { dateStyle: 'full', timeZone: 'Asia/Shanghai' }).format(new Date());

  const coverage = useMemo<ChartOption | null>(() => {
    const list = modules.data ?? [];
    if (list.length === 0) return null;
    return {
      tooltip: { trigger: 'axis' },
      grid: { left: 8, right: 24, top: 24, bottom: 8, containLabel: true },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', data: list.map((module) => l.text(module.title)) },
      legend: { top: 0 },
      series: [
        {
          name: l('已启用县（区）', 'Counties enabled'),
          type: 'bar',
          data: list.map((module) => module.countiesEnabled),
          itemStyle: { color: '#1d5fd1' },
          barMaxWidth: 18,
        },
        {
          name: l('未启用', 'Not enabled'),
          type: 'bar',
          data: list.map((module) => module.countiesTotal - module.countiesEnabled),
          itemStyle: { color: '#d9d9d9' },
          barMaxWidth: 18,
        },
      ],
    };
  }, [modules.data, l]);

  const figures = (
    <>
      {!readsIndicators ? (
        <Card data-testid="no-household-data">
          <EmptyState
            description={l('您的角色不查看户数据，请从左侧菜单进入您负责的管理功能。', 'Your role does not view household data; use the menu for your duties.')}
          />
        </Card>
      ) : indicators.error ? (
        <ErrorState error={indicators.error} onRetry={() => void indicators.refetch()} />
      ) : indicators.isPending ? (
        <LoadingState skeleton />
      ) : indicators.data.length === 0 ? (
        <Card style={{ marginBottom: 16 }}>
          <EmptyState description={l('当前区划启用的模块还没有统计指标。', 'The modules enabled here publish no indicators yet.')} />
        </Card>
      ) : (
        <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
          {indicators.data.map((indicator) => (
            <Col key={indicator.key} xs={12} md={8} xl={6}>
              <Card className="zx-stat" data-testid={`indicator-${indicator.key}`} styles={{ body: { padding: 16 } }}>
                <Statistic title={l.text(indicator.title)} value={indicator.value ?? '—'} suffix={l.text(indicator.unit)} />
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {l(`统计 ${indicator.counties} 个县（区）`, `${indicator.counties} counties`)}
                </Typography.Text>
              </Card>
            </Col>
          ))}
        </Row>
      )}

      {/* Each module enabled here contributes its own panel for the region. */}
      <ExtensionSlot name="region.dashboard" regionCode={shell.region.code} props={{ regionCode: shell.region.code }} />

      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <ChartCard
            title={l('模块启用情况', 'Module coverage')}
            option={coverage}
            loading={modules.isPending}
            error={modules.error}
            onRetry={() => void modules.refetch()}
            empty={(modules.data ?? []).length === 0}
            summary={l('各模块已启用的县（区）数', 'Counties that enabled each module')}
          />
        </Col>
        <Col xs={24} xl={12}>
          <ChildComparison indicators={indicators.data ?? []} />
        </Col>
      </Row>
    </>
  );

  return (
    <div>
      <Card style={{ marginBottom: 16 }} data-testid="welcome">
        <Typography.Title level={4} style={{ marginTop: 0 }}>
          {l(`您好，${shell.user.displayName}`, `Hello, ${shell.user.displayName}`)}
        </Typography.Title>
        <Typography.Text type="secondary">
          {l.text(shell.user.roleTitle)} · {l('当前区划：', 'Region: ')}
          <span data-testid="current-region">{shell.region.name}</span> · {today}
        </Typography.Text>
      </Card>

      {readsTodos ? <HomeTodos /> : null}

      {figuresFolded ? (
        <Collapse
          data-testid="figures-folded"
          onChange={(keys) => setFiguresOpen(keys.length > 0)}
          items={[{ key: 'figures', label: l('本区划统计', 'Figures for this region'), children: figures }]}
        />
      ) : (
        figures
      )}
    </div>
  );
}

type IndicatorValue = { key: string; title: { 'zh-CN': string; en: string }; unit: { 'zh-CN': string; en: string }; value: number | null };

/** One indicator across the sub-regions of the selected region (one request each, batched). */
function ChildComparison({ indicators }: { indicators: readonly IndicatorValue[] }) {
  const l = useL();
  const shell = useShell();
  const trpc = useTRPC();
  const api = useRegionsApi();
  const [chosen, setChosen] = useState<string | null>(null);
  const key = chosen ?? indicators[0]?.key ?? null;
  const children = useQuery({
    ...api.regions.children.queryOptions({ code: shell.region.code }),
    enabled: shell.region.code.length < 12,
    staleTime: 10 * 60_000,
  });
  const list = (children.data ?? []).slice(0, 40);
  const values = useQueries({ queries: key ? list.map((child) => trpc.indicators.values.queryOptions({ regionCode: child.code })) : [] });
  const pending = children.isPending || values.some((query) => query.isPending);
  const failed = children.error ?? values.find((query) => query.error)?.error;
  const indicator = indicators.find((item) => item.key === key);

  const option = useMemo<ChartOption | null>(() => {
    if (!key || list.length === 0 || pending) return null;
    return {
      tooltip: { trigger: 'axis' },
      grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: list.map((child) => child.name), axisLabel: { interval: 0, rotate: list.length > 6 ? 35 : 0 } },
      yAxis: { type: 'value' },
      series: [
        {
          type: 'bar',
          name: indicator ? l.text(indicator.title) : key,
          data: values.map((query) => query.data?.find((item) => item.key === key)?.value ?? 0),
          itemStyle: { color: '#e8382f' },
          barMaxWidth: 28,
        },
      ],
    };
  }, [key, list, pending, values, indicator, l]);

  return (
    <ChartCard
      title={l('下级区划对比', 'Sub-regions compared')}
      extra={
        indicators.length > 0 ? (
          <Select
            size="small"
            style={{ width: 160 }}
            value={key}
            onChange={setChosen}
            options={indicators.map((item) => ({ value: item.key, label: l.text(item.title) }))}
          />
        ) : null
      }
      option={option}
      loading={Boolean(key) && pending}
      error={failed}
      empty={!key || list.length === 0}
    />
  );
}
