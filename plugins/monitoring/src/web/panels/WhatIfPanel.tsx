import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { downloadBase64, ErrorMessage, LoadingState, useL, type SlotProps } from '@zhenxing/ui';
import { App, Button, Descriptions, Progress, Select, Space, Table, Tag, Typography } from 'antd';
import { MONITORING_OBJECT_TYPE_LABELS, type MonitoringObjectType } from '@zhenxing/rules';
import { useState } from 'react';
import { useTRPC } from '../trpc.ts';

const KEYS = [
  { key: 'monitoring-object', zh: '监测对象', en: 'Monitoring object' },
  { key: 'major-illness', zh: '因病', en: 'Major illness' },
  { key: 'severe-disability', zh: '因残', en: 'Severe disability' },
  { key: 'sudden-difficulty', zh: '因灾因意外', en: 'Sudden difficulty' },
  { key: 'low-income-high-spending', zh: '刚性支出大', en: 'High spending' },
] as const;

const STATUS: Record<string, { color: string; zh: string; en: string }> = {
  queued: { color: 'default', zh: '排队中', en: 'Queued' },
  running: { color: 'processing', zh: '计算中', en: 'Running' },
  done: { color: 'green', zh: '已完成', en: 'Done' },
  failed: { color: 'red', zh: '失败', en: 'Failed' },
  interrupted: { color: 'orange', zh: '已中断', en: 'Interrupted' },
};

type Counts = Record<string, { entering: number; leaving: number }>;

/** "+2 / −1" for one key; "—" when nobody moves. */
function moves(counts: Counts, key: string): string {
  const entry = counts[key];
  if (!entry || (entry.entering === 0 && entry.leaving === 0)) return '—';
  return `+${entry.entering} / −${entry.leaving}`;
}

/**
 * 政策参数 › 试算: runs a draft (or another) parameter set of the province over the selected
 * region's households in the background, shows the progress, then how many would enter (+) or
 * leave (−) each category by region, the changed households, and the list to download.
 */
export default function WhatIfPanel({ regionCode }: SlotProps['parameters.page']) {
  const l = useL();
  const trpc = useTRPC();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const sets = useQuery(trpc.monitoring.whatIf.sets.queryOptions({ regionCode }));
  const runs = useQuery(trpc.monitoring.whatIf.list.queryOptions({ regionCode }));
  const [version, setVersion] = useState<string | null>(null);
  const [selected, setSelected] = useState<number | null>(null);
  const runId = selected ?? runs.data?.[0]?.id ?? null;
  const detail = useQuery({
    ...trpc.monitoring.whatIf.get.queryOptions({ regionCode, id: runId ?? 0 }),
    enabled: runId !== null,
    refetchInterval: (query) => (query.state.data && ['queued', 'running'].includes(query.state.data.run.status) ? 1000 : false),
  });
  const done = detail.data?.run.status === 'done';
  const changes = useQuery({ ...trpc.monitoring.whatIf.changes.queryOptions({ regionCode, id: runId ?? 0, limit: 20 }), enabled: runId !== null && done });
  const start = useMutation(trpc.monitoring.whatIf.start.mutationOptions());
  const exporting = useMutation(trpc.monitoring.whatIf.export.mutationOptions());
  const typeLabel = (type: string) => {
    const label = MONITORING_OBJECT_TYPE_LABELS[type as MonitoringObjectType];
    return label ? l(label['zh-CN'], label.en) : type;
  };
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.monitoring.whatIf.pathKey() });

  if (sets.error) return <ErrorMessage error={sets.error} />;
  if (!sets.data) return <LoadingState skeleton />;
  const chosen = sets.data.sets.find((set) => set.version === version);

  const run = async () => {
    if (!version) return;
    const started = await start.mutateAsync({ regionCode, version });
    setSelected(started.id);
    await refresh();
  };
  const download = async () => {
    if (runId === null) return;
    const file = await exporting.mutateAsync({ regionCode, id: runId });
    downloadBase64(file.contentBase64, file.fileName);
    message.success(
      l(`已导出 ${file.rows} 户${file.masked ? '（身份证号已脱敏）' : ''}`, `Exported ${file.rows} households${file.masked ? ' (ID numbers masked)' : ''}`),
    );
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="whatif-panel">
      <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
        {l(
          `用草稿（未发布）或其他版本的参数，对本区划全部农户按现行版本 ${sets.data.baseVersion} 对照试算：多少户会进入或退出各类对象。只计算，不改动任何农户和监测数据。`,
          `Run a draft (unpublished) or other parameter set over this region's households beside the set in force (${sets.data.baseVersion}): how many would enter or leave each category. Nothing in the registry or monitoring changes.`,
        )}
      </Typography.Paragraph>
      <Space wrap>
        <Select
          aria-label={l('试算参数版本', 'Parameter set to try')}
          placeholder={l('选择参数版本', 'Choose a parameter set')}
          style={{ minWidth: 220 }}
          value={version}
          onChange={setVersion}
          options={sets.data.sets.map((set) => ({ value: set.version, label: `${set.version}${set.status === 'draft' ? l('（草稿）', ' (draft)') : ''}` }))}
        />
        <Button type="primary" disabled={!version} loading={start.isPending} onClick={() => void run().catch(() => undefined)}>
          {l('开始试算', 'Run what-if')}
        </Button>
      </Space>
      {start.error ? <ErrorMessage error={start.error} /> : null}
      {chosen ? (
        <Typography.Text type="secondary">
          {chosen.changes.length === 0
            ? l('与现行版本的数值相同。', 'Same numbers as the set in force.')
            : chosen.changes
                .filter((change) => typeof change.after !== 'object')
                .map((change) => `${change.path}: ${String(change.before)} → ${String(change.after)}`)
                .join('；')}
        </Typography.Text>
      ) : null}
      {runs.data && runs.data.length > 0 ? (
        <Select
          aria-label={l('试算记录', 'Runs')}
          style={{ minWidth: 260 }}
          value={runId}
          onChange={setSelected}
          options={runs.data.map((item) => ({
            value: item.id,
            label: `#${item.id} ${item.version} · ${item.regionCode} · ${item.createdAt.slice(0, 16).replace('T', ' ')}`,
          }))}
        />
      ) : null}
      {detail.error ? <ErrorMessage error={detail.error} /> : null}
      {detail.data ? (
        <>
          <Descriptions size="small" column={{ xs: 1, md: 3 }}>
            <Descriptions.Item label={l('状态', 'Status')}>
              <Tag color={STATUS[detail.data.run.status]?.color} data-testid="whatif-status">
                {l(STATUS[detail.data.run.status]?.zh ?? detail.data.run.status, STATUS[detail.data.run.status]?.en ?? detail.data.run.status)}
              </Tag>
            </Descriptions.Item>
            <Descriptions.Item label={l('对照', 'Compared')}>{`${detail.data.run.baseVersion} → ${detail.data.run.version}`}</Descriptions.Item>
            <Descriptions.Item label={l('结果变化', 'Changed')}>
              {l(`${detail.data.run.householdsChanged} 户`, `${detail.data.run.householdsChanged} households`)}
            </Descriptions.Item>
          </Descriptions>
          <Progress
            percent={detail.data.run.percent}
            status={detail.data.run.status === 'failed' ? 'exception' : detail.data.run.status === 'done' ? 'success' : 'active'}
            format={() => `${detail.data.run.householdsDone} / ${detail.data.run.householdsTotal}`}
          />
          {done ? (
            <>
              <Table
                size="small"
                rowKey="regionCode"
                pagination={false}
                scroll={{ x: 640 }}
                data-testid="whatif-regions"
                dataSource={[...detail.data.regions, { regionCode: 'total', name: l('合计', 'Total'), counts: detail.data.total }]}
                locale={{ emptyText: l('没有农户的结果发生变化', 'No household’s outcome changes') }}
                columns={[
                  { key: 'name', title: l('区划', 'Region'), fixed: 'left', width: 120, render: (_, row) => row.name },
                  ...KEYS.map((item) => ({
                    key: item.key,
                    title: l(item.zh, item.en),
                    render: (_: unknown, row: { counts: Counts }) => moves(row.counts, item.key),
                  })),
                ]}
              />
              <Space wrap>
                <Typography.Text>
                  {l(
                    `结果变化的农户（共 ${changes.data?.total ?? 0} 户，列出前 20 户）`,
                    `Households whose outcome changes (${changes.data?.total ?? 0}; first 20)`,
                  )}
                </Typography.Text>
                <Button onClick={() => void download().catch(() => undefined)} loading={exporting.isPending} disabled={detail.data.run.householdsChanged === 0}>
                  {l('下载清单', 'Download list')}
                </Button>
              </Space>
              {exporting.error ? <ErrorMessage error={exporting.error} /> : null}
              <Table
                size="small"
                rowKey="householdId"
                pagination={false}
                scroll={{ x: 560 }}
                dataSource={changes.data?.rows ?? []}
                columns={[
                  { key: 'id', title: l('农户编号', 'Household'), render: (_, row) => row.householdId },
                  { key: 'village', title: l('村', 'Village'), render: (_, row) => row.villageCode },
                  {
                    key: 'before',
                    title: sets.data.baseVersion,
                    render: (_, row) => (row.before.objectType ? <Tag>{typeLabel(row.before.objectType)}</Tag> : l('非监测对象', 'not monitored')),
                  },
                  {
                    key: 'after',
                    title: detail.data.run.version,
                    render: (_, row) => (row.after.objectType ? <Tag color="blue">{typeLabel(row.after.objectType)}</Tag> : l('非监测对象', 'not monitored')),
                  },
                ]}
              />
            </>
          ) : null}
        </>
      ) : null}
    </Space>
  );
}
