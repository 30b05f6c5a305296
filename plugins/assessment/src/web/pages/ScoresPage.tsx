/**
 * 考核得分: a sealed run's ranking (ties share a rank), the score breakdown per indicator (ECharts,
 * stacked), the cities as an aggregate, and each county's explanation: every point traced to the
 * indicator value, the rule and the data date; "not applicable" where the county has not enabled
 * the indicator's module.
 */
import { useQuery } from '@tanstack/react-query';
import { ChartCard, ErrorMessage, useL, useRegion, type ChartOption } from '@zhenxing/ui';
import { Button, Descriptions, Drawer, Select, Space, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import type { CityScore, CountyScore, ScoreLine } from '../../index.ts';
import { useTRPC } from '../trpc.ts';

export default function ScoresPage() {
  const l = useL();
  const region = useRegion();
  const trpc = useTRPC();
  const [params, setParams] = useSearchParams();
  const runs = useQuery(trpc.assessment.scores.runs.queryOptions({ regionCode: region.code }));
  const runId = Number(params.get('run')) || runs.data?.[0]?.id;
  const scores = useQuery({ ...trpc.assessment.scores.list.queryOptions({ regionCode: region.code, runId: runId ?? 0 }), enabled: runId !== undefined });
  const [open, setOpen] = useState<string | null>(null);
  const explanation = useQuery({
    ...trpc.assessment.scores.explain.queryOptions({ regionCode: region.code, runId: runId ?? 0, countyCode: open ?? '000000' }),
    enabled: runId !== undefined && open !== null,
  });

  const option = useMemo<ChartOption | null>(() => {
    const counties = scores.data?.counties ?? [];
    const first = counties[0];
    if (!first) return null;
    return {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 48, right: 16, top: 40, bottom: 40 },
      xAxis: { type: 'category', data: counties.map((county) => county.countyName) },
      yAxis: { type: 'value', name: l('分', 'points') },
      series: [
        ...first.lines.map((line, index) => ({
          type: 'bar' as const,
          stack: 'score',
          name: line.title,
          data: counties.map((county) => county.lines[index]?.points ?? 0),
        })),
        { type: 'bar' as const, stack: 'deduction', name: l('扣分', 'Deductions'), data: counties.map((county) => -county.deductionPoints) },
      ],
    };
  }, [scores.data, l]);

  return (
    <div data-testid="assessment-scores">
      <h1 className="zx-page-title">{l('考核得分', 'Assessment scores')}</h1>
      <ErrorMessage error={runs.error ?? scores.error} />
      <Space wrap style={{ marginBottom: 12 }}>
        <span>{l('评分批次', 'Run')}</span>
        <Select
          style={{ width: 'min(460px, 85vw)' }}
          value={runId}
          loading={runs.isPending}
          onChange={(value: number) => setParams({ run: String(value) })}
          options={(runs.data ?? []).map((run) => ({
            value: run.id,
            label: `#${run.id} ${run.schemeTitle} v${run.version} · ${l('评分日', 'as of')} ${run.asOf}`,
          }))}
        />
        {scores.data ? (
          <Tag color="blue">
            {l(`已封存：${scores.data.run.computedBy} 于 ${scores.data.run.asOf}`, `Sealed by ${scores.data.run.computedBy} on ${scores.data.run.asOf}`)}
          </Tag>
        ) : null}
      </Space>
      <Table<CountyScore>
        size="small"
        rowKey="countyCode"
        data-testid="ranking"
        loading={scores.isFetching}
        dataSource={scores.data?.counties ?? []}
        pagination={false}
        scroll={{ x: true }}
        columns={[
          { key: 'rank', dataIndex: 'rank', title: l('名次', 'Rank'), width: 64 },
          { key: 'county', title: l('县（区）', 'County'), render: (_, row) => `${row.countyName}（${row.cityName}）` },
          { key: 'total', dataIndex: 'total', title: l('总分', 'Total'), align: 'right' },
          { key: 'indicators', dataIndex: 'indicatorPoints', title: l('指标得分', 'Indicators'), align: 'right' },
          { key: 'deductions', dataIndex: 'deductionPoints', title: l('扣分', 'Deductions'), align: 'right' },
          {
            key: 'na',
            title: l('不适用', 'N/A'),
            render: (_, row) => row.lines.filter((line) => !line.applicable).map((line) => <Tag key={line.indicator}>{line.title}</Tag>),
          },
          {
            key: 'explain',
            title: '',
            render: (_, row) => (
              <Button size="small" onClick={() => setOpen(row.countyCode)} data-testid={`explain-${row.countyCode}`}>
                {l('得分说明', 'Explanation')}
              </Button>
            ),
          },
        ]}
      />
      {scores.data && scores.data.cities.length > 0 ? (
        <Table<CityScore>
          style={{ marginTop: 16 }}
          size="small"
          rowKey="cityCode"
          pagination={false}
          dataSource={scores.data.cities}
          title={() => l('设区市（所辖县平均分）', 'Cities (mean of their counties)')}
          columns={[
            { key: 'rank', dataIndex: 'rank', title: l('名次', 'Rank'), width: 64 },
            { key: 'city', dataIndex: 'cityName', title: l('市', 'City') },
            { key: 'counties', dataIndex: 'counties', title: l('参评县数', 'Counties') },
            { key: 'total', dataIndex: 'total', title: l('平均分', 'Mean'), align: 'right' },
          ]}
        />
      ) : null}
      <div style={{ marginTop: 16 }}>
        <ChartCard
          title={l('得分构成', 'Score breakdown')}
          option={option}
          loading={scores.isPending && runId !== undefined}
          empty={!option}
          summary={l('各县按指标堆叠的得分', 'Each county’s points stacked by indicator')}
        />
      </div>
      <Drawer
        open={open !== null}
        onClose={() => setOpen(null)}
        width="min(720px, 100vw)"
        title={
          explanation.data
            ? l(`${explanation.data.score.countyName} 得分说明`, `${explanation.data.score.countyName}: how the score was made`)
            : l('得分说明', 'Explanation')
        }
        data-testid="explanation"
      >
        <ErrorMessage error={explanation.error} />
        {explanation.data ? (
          <div data-testid="explanation-body">
            <Descriptions size="small" column={1} bordered>
              <Descriptions.Item label={l('总分 / 名次', 'Total / rank')}>
                {explanation.data.score.total}（{l(`第 ${explanation.data.score.rank} 名`, `rank ${explanation.data.score.rank}`)}）
              </Descriptions.Item>
              <Descriptions.Item label={l('方案', 'Scheme')}>
                {explanation.data.run.schemeTitle} v{explanation.data.run.version} · {l('评分日', 'as of')} {explanation.data.run.asOf}
              </Descriptions.Item>
            </Descriptions>
            <Table<ScoreLine>
              style={{ marginTop: 12 }}
              size="small"
              rowKey="indicator"
              pagination={false}
              dataSource={explanation.data.score.lines}
              scroll={{ x: true }}
              columns={[
                { key: 'title', dataIndex: 'title', title: l('指标', 'Indicator') },
                {
                  key: 'points',
                  title: l('得分', 'Points'),
                  render: (_, line) => (line.applicable ? `${line.points} / ${line.effectiveWeight}` : <Tag>{l('不适用', 'N/A')}</Tag>),
                },
                { key: 'why', title: l('依据', 'Why'), render: (_, line) => <Typography.Text>{l.text(line.explanation)}</Typography.Text> },
              ]}
            />
            {explanation.data.score.deductions.map((deduction) => (
              <p key={deduction.code}>
                {l(
                  `扣分：${deduction.title} ${deduction.occurrences} 次 × ${deduction.pointsEach} 分（封顶 ${deduction.maxPoints}）= ${deduction.points} 分`,
                  `Deduction: ${deduction.title} ${deduction.occurrences} × ${deduction.pointsEach} (cap ${deduction.maxPoints}) = ${deduction.points}`,
                )}
              </p>
            ))}
          </div>
        ) : null}
      </Drawer>
    </div>
  );
}
