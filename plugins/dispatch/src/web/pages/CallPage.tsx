/** One call: its periods with each county's status, the late list (迟报/漏报), the comparison and the export. */
import { DownloadOutlined } from '@ant-design/icons';
import { useMutation, useQuery } from '@tanstack/react-query';
import { downloadBase64, ErrorMessage, pluginHref, QueryState, useL, useRegion, useShell } from '@zhenxing/ui';
import { Button, Card, Descriptions, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { FIELD_TYPE_LABELS } from '../../index.ts';
import { formatMinutes, LATE_KIND_LABELS, shanghaiTime, STATUS_COLORS, SUBMISSION_STATUS_LABELS } from '../labels.ts';
import { useTRPC } from '../trpc.ts';

type StatusKey = keyof typeof SUBMISSION_STATUS_LABELS;

export default function CallPage() {
  const { id = '' } = useParams();
  const callId = Number(id);
  const l = useL();
  const region = useRegion();
  const trpc = useTRPC();
  const { user } = useShell();
  const detail = useQuery({ ...trpc.dispatch.calls.get.queryOptions({ regionCode: region.code, callId }), enabled: callId > 0 });
  const [chosen, setChosen] = useState<number | null>(null);
  const periods = detail.data?.periods ?? [];
  const now = Date.now();
  const periodId = chosen ?? (periods.find((period) => new Date(period.dueAt).getTime() >= now - 7 * 86_400_000) ?? periods[periods.length - 1])?.id ?? null;
  const period = periods.find((candidate) => candidate.id === periodId);
  const late = useQuery({ ...trpc.dispatch.periods.late.queryOptions({ regionCode: region.code, periodId: periodId ?? 0 }), enabled: periodId !== null });
  const compare = useQuery({ ...trpc.dispatch.periods.compare.queryOptions({ regionCode: region.code, periodId: periodId ?? 0 }), enabled: periodId !== null });
  const exporting = useMutation(trpc.dispatch.periods.export.mutationOptions());
  return (
    <div data-testid="dispatch-call">
      <QueryState query={detail}>
        {(data) => (
          <>
            <h1 className="zx-page-title">{data.call.title}</h1>
            <Descriptions size="small" column={{ xs: 1, md: 3 }} style={{ marginBottom: 12 }}>
              <Descriptions.Item label={l('发起区划', 'Issued by')}>{data.call.regionName}</Descriptions.Item>
              <Descriptions.Item label={l('周期', 'Recurrence')}>
                {data.call.recurrence === 'weekly' ? l('每周', 'weekly') : l('每月', 'monthly')}
              </Descriptions.Item>
              <Descriptions.Item label={l('报送县（区）', 'Counties')}>{data.countyNames.join('、')}</Descriptions.Item>
              <Descriptions.Item label={l('字段', 'Fields')} span={3}>
                {data.call.fields.map((field) => (
                  <Tag key={field.key}>
                    {field.label} · {l.text(FIELD_TYPE_LABELS[field.type])}
                    {field.required ? ' *' : ''}
                    {'indicator' in field && field.indicator ? ` ← ${field.indicator}` : ''}
                  </Tag>
                ))}
              </Descriptions.Item>
            </Descriptions>
            <Space wrap style={{ marginBottom: 12 }}>
              <span>{l('期次', 'Period')}</span>
              <Select
                data-testid="dispatch-period"
                style={{ width: 260 }}
                value={periodId ?? undefined}
                onChange={(value: number) => setChosen(value)}
                options={periods.map((candidate) => ({
                  value: candidate.id,
                  label: `${candidate.label}（${l('截止', 'due')} ${shanghaiTime(candidate.dueAt)}）`,
                }))}
              />
              {data.call.townshipReports && user.scopeCode.length === 9 && periodId !== null ? (
                <Link to={pluginHref('dispatch', `calls/${callId}/periods/${periodId}/townships/${user.scopeCode}`)} data-testid="dispatch-open-township">
                  {l('填报本乡镇分报', 'File this township’s sub-report')}
                </Link>
              ) : null}
              <Button
                icon={<DownloadOutlined />}
                loading={exporting.isPending}
                disabled={periodId === null}
                data-testid="dispatch-export"
                onClick={() =>
                  periodId !== null &&
                  exporting.mutate({ regionCode: region.code, periodId }, { onSuccess: (file) => downloadBase64(file.contentBase64, file.fileName) })
                }
              >
                {l('导出报表（xlsx）', 'Export (xlsx)')}
              </Button>
            </Space>
            <ErrorMessage error={late.error ?? compare.error ?? exporting.error} />
            {period ? (
              <Card size="small" title={l(`${period.label} 报送情况`, `${period.label}: submissions`)} style={{ marginBottom: 16 }}>
                <Table
                  size="small"
                  rowKey="countyCode"
                  pagination={false}
                  scroll={{ x: 'max-content' }}
                  data-testid="dispatch-late"
                  dataSource={late.data?.entries ?? []}
                  columns={[
                    { key: 'county', dataIndex: 'countyName', title: l('县（区）', 'County') },
                    {
                      key: 'status',
                      title: l('状态', 'Status'),
                      render: (_, row) => <Tag color={STATUS_COLORS[row.status]}>{l.text(SUBMISSION_STATUS_LABELS[row.status as StatusKey])}</Tag>,
                    },
                    {
                      key: 'kind',
                      title: l('及时性', 'Punctuality'),
                      render: (_, row) => (
                        <Tag color={LATE_KIND_LABELS[row.kind].color}>
                          {l.text(LATE_KIND_LABELS[row.kind])}
                          {row.minutesLate > 0 ? ` ${formatMinutes(row.minutesLate, l.locale === 'zh-CN')}` : ''}
                        </Tag>
                      ),
                    },
                    { key: 'at', title: l('首次报送', 'First submitted'), render: (_, row) => shanghaiTime(row.firstSubmittedAt) },
                    {
                      key: 'open',
                      title: '',
                      render: (_, row) => (
                        <Link
                          to={pluginHref('dispatch', `calls/${callId}/periods/${period.id}?county=${row.countyCode}`)}
                          data-testid={`dispatch-open-${row.countyCode}`}
                        >
                          {l('打开', 'Open')}
                        </Link>
                      ),
                    },
                  ]}
                />
              </Card>
            ) : null}
            {compare.data?.previous ? (
              <Card
                size="small"
                title={l(`与上期（${compare.data.previous.label}）对比`, `Against ${compare.data.previous.label}`)}
                data-testid="dispatch-compare"
              >
                <Table
                  size="small"
                  rowKey="countyCode"
                  pagination={false}
                  scroll={{ x: 'max-content' }}
                  dataSource={compare.data.rows}
                  columns={[
                    { key: 'county', dataIndex: 'countyName', title: l('县（区）', 'County'), fixed: 'left' },
                    ...data.call.fields.map((field) => ({
                      key: field.key,
                      title: field.label,
                      render: (_: unknown, row: (typeof compare.data.rows)[number]) => {
                        const cell = row.fields.find((candidate) => candidate.key === field.key);
                        if (!cell) return '—';
                        const change = cell.change;
                        return (
                          <span>
                            {String(cell.previous ?? '—')} → {String(cell.current ?? '—')}
                            {change !== null && change !== 0 ? (
                              <Tag color={change > 0 ? 'orange' : 'blue'} style={{ marginLeft: 4 }}>
                                {change > 0 ? `+${change}` : change}
                              </Tag>
                            ) : null}
                          </span>
                        );
                      },
                    })),
                  ]}
                />
              </Card>
            ) : null}
          </>
        )}
      </QueryState>
    </div>
  );
}
