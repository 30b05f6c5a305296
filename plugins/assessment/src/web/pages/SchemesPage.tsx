/**
 * 考核方案: the schemes of the province by year and version; the province composes a draft from the
 * installed indicators (weight, direction, scoring method, data date), publishes it and computes
 * sealed scores from it. The running sum of weights is shown against the stated total.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ErrorMessage, pluginHref, useL, useRegion, useShell } from '@zhenxing/ui';
import { App, Button, Card, Input, InputNumber, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import type { DeductionItem, Direction, SchemeItem, SchemeView } from '../../index.ts';
import { useTRPC } from '../trpc.ts';

const DEFAULT_DEDUCTIONS: DeductionItem[] = [
  { code: 'notice-problem', title: '被通报问题', pointsEach: 1, maxPoints: 5 },
  { code: 'late-data', title: '数据调度迟报', pointsEach: 0.5, maxPoints: 3 },
];

type MethodKind = SchemeItem['method']['kind'];

interface DraftItem {
  key: number;
  indicator: string;
  title: string;
  weight: number;
  direction: Direction;
  kind: MethodKind;
  target: number;
  worst: number;
  best: number;
  dataDate: string;
}

function toSchemeItem(item: DraftItem): SchemeItem {
  const method: SchemeItem['method'] =
    item.kind === 'threshold'
      ? { kind: 'threshold', target: item.target }
      : item.kind === 'linear'
        ? { kind: 'linear', worst: item.worst, best: item.best }
        : { kind: 'rank' };
  return { indicator: item.indicator, title: item.title, weight: item.weight, direction: item.direction, method, dataDate: item.dataDate };
}

export default function SchemesPage() {
  const l = useL();
  const region = useRegion();
  const trpc = useTRPC();
  const navigate = useNavigate();
  const { hasPermission } = useShell();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const province = hasPermission('assessment.scheme.manage');
  const schemes = useQuery(trpc.assessment.schemes.list.queryOptions({ regionCode: region.code }));
  const indicators = useQuery({ ...trpc.assessment.indicators.queryOptions({ regionCode: region.code }), enabled: province });
  const create = useMutation(trpc.assessment.schemes.create.mutationOptions());
  const publish = useMutation(trpc.assessment.schemes.publish.mutationOptions());
  const compute = useMutation(trpc.assessment.scores.compute.mutationOptions());
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.assessment.pathKey() });

  const [year, setYear] = useState(() => new Date().getFullYear());
  const [title, setTitle] = useState(`${year}年度巩固拓展脱贫攻坚成果考核方案`);
  const [total, setTotal] = useState(100);
  const [items, setItems] = useState<DraftItem[]>([]);
  const [nextKey, setNextKey] = useState(1);
  const sum = items.reduce((value, item) => value + Math.round(item.weight * 100), 0) / 100;

  const addItem = (indicatorId: string) => {
    const option = indicators.data?.find((candidate) => candidate.id === indicatorId);
    if (!option) return;
    setItems((current) => [
      ...current,
      {
        key: nextKey,
        indicator: option.id,
        title: option.title['zh-CN'],
        weight: 0,
        direction: option.direction,
        kind: 'rank',
        target: 100,
        worst: option.direction === 'higher-is-better' ? 0 : 100,
        best: option.direction === 'higher-is-better' ? 100 : 0,
        dataDate: `${year}-12-31`,
      },
    ]);
    setNextKey(nextKey + 1);
  };
  const patch = (key: number, change: Partial<DraftItem>) => setItems((current) => current.map((item) => (item.key === key ? { ...item, ...change } : item)));

  const save = () =>
    create.mutate(
      {
        regionCode: region.code,
        year,
        title,
        totalPoints: total,
        redistribution: 'proportional',
        items: items.map(toSchemeItem),
        deductions: DEFAULT_DEDUCTIONS,
      },
      {
        onSuccess: async (scheme) => {
          await refresh();
          setItems([]);
          message.success(l(`已保存草稿（第 ${scheme.version} 版）`, `Draft saved (version ${scheme.version})`));
        },
      },
    );

  return (
    <div data-testid="assessment-schemes">
      <h1 className="zx-page-title">{l('考核方案', 'Assessment schemes')}</h1>
      <ErrorMessage error={schemes.error ?? create.error ?? publish.error ?? compute.error} />
      {province ? (
        <Card size="small" style={{ marginBottom: 16 }} title={l('新建方案', 'New scheme')} data-testid="scheme-form">
          <Space wrap style={{ marginBottom: 12 }}>
            <span>{l('名称', 'Title')}</span>
            <Input
              aria-label={l('方案名称', 'Scheme title')}
              value={title}
              onChange={(event) => setTitle(event.target.value)}
              style={{ width: 'min(420px, 80vw)' }}
            />
            <span>{l('年度', 'Year')}</span>
            <InputNumber aria-label={l('年度', 'Year')} value={year} min={2000} max={2100} onChange={(value) => setYear(value ?? year)} />
            <span>{l('总分', 'Total')}</span>
            <InputNumber aria-label={l('总分', 'Total points')} value={total} min={1} onChange={(value) => setTotal(value ?? total)} />
          </Space>
          <Space wrap style={{ marginBottom: 12 }}>
            <Select
              data-testid="add-indicator"
              placeholder={l('添加指标（任一已安装模块）', 'Add an indicator (any installed module)')}
              style={{ width: 'min(420px, 80vw)' }}
              value={null}
              showSearch
              optionFilterProp="label"
              virtual={false}
              loading={indicators.isPending}
              onChange={(value: string) => addItem(value)}
              options={(indicators.data ?? [])
                .filter((option) => !items.some((item) => item.indicator === option.id))
                .map((option) => ({ value: option.id, label: `${l.text(option.title)}（${option.id}）` }))}
            />
          </Space>
          <div style={{ overflowX: 'auto' }}>
            <Table<DraftItem>
              size="small"
              rowKey="key"
              pagination={false}
              dataSource={items}
              columns={[
                {
                  key: 'title',
                  title: l('指标', 'Indicator'),
                  render: (_, item) => <Input value={item.title} onChange={(event) => patch(item.key, { title: event.target.value })} />,
                },
                {
                  key: 'weight',
                  title: l('权重', 'Weight'),
                  render: (_, item) => (
                    <InputNumber
                      aria-label={`${l('权重', 'Weight')} ${item.indicator}`}
                      value={item.weight}
                      min={0}
                      step={5}
                      onChange={(value) => patch(item.key, { weight: value ?? 0 })}
                    />
                  ),
                },
                {
                  key: 'direction',
                  title: l('方向', 'Direction'),
                  render: (_, item) => (item.direction === 'higher-is-better' ? l('越大越好', 'higher is better') : l('越小越好', 'lower is better')),
                },
                {
                  key: 'method',
                  title: l('计分方法', 'Scoring'),
                  render: (_, item) => (
                    <Space wrap>
                      <Select<MethodKind>
                        aria-label={`${l('计分方法', 'Scoring')} ${item.indicator}`}
                        value={item.kind}
                        style={{ width: 120 }}
                        onChange={(kind) => patch(item.key, { kind })}
                        options={[
                          { value: 'threshold', label: l('达标得分', 'Threshold') },
                          { value: 'linear', label: l('线性计分', 'Linear') },
                          { value: 'rank', label: l('排名计分', 'Rank') },
                        ]}
                      />
                      {item.kind === 'threshold' ? (
                        <InputNumber aria-label={l('目标值', 'Target')} value={item.target} onChange={(value) => patch(item.key, { target: value ?? 0 })} />
                      ) : null}
                      {item.kind === 'linear' ? (
                        <>
                          <InputNumber aria-label={l('零分值', 'Worst')} value={item.worst} onChange={(value) => patch(item.key, { worst: value ?? 0 })} />
                          <InputNumber aria-label={l('满分值', 'Best')} value={item.best} onChange={(value) => patch(item.key, { best: value ?? 0 })} />
                        </>
                      ) : null}
                    </Space>
                  ),
                },
                {
                  key: 'date',
                  title: l('数据日期', 'Data date'),
                  render: (_, item) => (
                    <Input value={item.dataDate} style={{ width: 120 }} onChange={(event) => patch(item.key, { dataDate: event.target.value })} />
                  ),
                },
                {
                  key: 'remove',
                  title: '',
                  render: (_, item) => (
                    <Button size="small" onClick={() => setItems((current) => current.filter((candidate) => candidate.key !== item.key))}>
                      {l('移除', 'Remove')}
                    </Button>
                  ),
                },
              ]}
            />
          </div>
          <Space wrap style={{ marginTop: 12 }}>
            <Typography.Text data-testid="weight-sum" type={sum === total ? 'success' : 'danger'}>
              {l(`权重合计 ${sum} / ${total}`, `Weights ${sum} of ${total}`)}
            </Typography.Text>
            <Typography.Text type="secondary">
              {l(
                '扣分项：被通报问题每次 1 分（封顶 5 分），数据调度迟报每次 0.5 分（封顶 3 分）',
                'Deductions: notice problem 1 point each (cap 5), late data call 0.5 each (cap 3)',
              )}
            </Typography.Text>
            <Button type="primary" disabled={items.length === 0 || sum !== total} loading={create.isPending} onClick={save}>
              {l('保存草稿', 'Save draft')}
            </Button>
          </Space>
        </Card>
      ) : null}
      <Table<SchemeView>
        size="small"
        rowKey="id"
        loading={schemes.isPending}
        dataSource={[...(schemes.data ?? [])].reverse()}
        scroll={{ x: true }}
        expandable={{
          expandedRowRender: (scheme) => (
            <ul style={{ margin: 0 }}>
              {scheme.items.map((item) => (
                <li key={item.indicator}>
                  {item.title}（{item.indicator}）：{l('权重', 'weight')} {item.weight}，{item.method.kind}，{l('数据日期', 'data date')} {item.dataDate}
                </li>
              ))}
            </ul>
          ),
        }}
        columns={[
          { key: 'year', dataIndex: 'year', title: l('年度', 'Year') },
          { key: 'version', title: l('版本', 'Version'), render: (_, scheme) => `v${scheme.version}` },
          { key: 'title', dataIndex: 'title', title: l('名称', 'Title') },
          { key: 'items', title: l('指标数', 'Indicators'), render: (_, scheme) => scheme.items.length },
          {
            key: 'status',
            title: l('状态', 'Status'),
            render: (_, scheme) => (scheme.status === 'published' ? <Tag color="green">{l('已发布', 'published')}</Tag> : <Tag>{l('草稿', 'draft')}</Tag>),
          },
          {
            key: 'actions',
            title: '',
            render: (_, scheme) =>
              province ? (
                scheme.status === 'draft' ? (
                  <Button
                    size="small"
                    loading={publish.isPending}
                    onClick={() => publish.mutate({ regionCode: region.code, schemeId: scheme.id }, { onSuccess: () => void refresh() })}
                  >
                    {l('发布', 'Publish')}
                  </Button>
                ) : (
                  <Button
                    size="small"
                    type="primary"
                    loading={compute.isPending}
                    onClick={() =>
                      compute.mutate(
                        { regionCode: region.code, schemeId: scheme.id },
                        {
                          onSuccess: async (run) => {
                            await refresh();
                            message.success(l(`已计算并封存 ${run.counties} 个县的得分`, `Scores of ${run.counties} counties computed and sealed`));
                            void navigate(`${pluginHref('assessment', 'scores')}?run=${run.id}`);
                          },
                        },
                      )
                    }
                  >
                    {l('计算得分', 'Compute scores')}
                  </Button>
                )
              ) : null,
          },
        ]}
      />
    </div>
  );
}
