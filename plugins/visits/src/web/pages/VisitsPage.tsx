/** 走访记录: visits in the selected region and month, with what each changed since the one before. */
import { useQuery } from '@tanstack/react-query';
import { ErrorMessage, LoadingState, useL, useRegion } from '@zhenxing/ui';
import { Descriptions, Drawer, Image, Input, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import type { VisitRecord } from '../../index.ts';
import { signedYuan } from '../labels.ts';
import { useTRPC } from '../trpc.ts';

function thisMonth(): string {
  return new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7);
}

/** One photo of the visit, fetched through `visits.photo` (the visit's own scope check). */
function VisitPhotoImage({ visitId, uploadId, regionCode }: { visitId: number; uploadId: string; regionCode: string }) {
  const trpc = useTRPC();
  const photo = useQuery(trpc.visits.photo.queryOptions({ regionCode, visitId, uploadId }));
  if (photo.error) return <ErrorMessage error={photo.error} />;
  if (!photo.data) return <LoadingState />;
  return <Image src={photo.data.dataUrl} width={110} height={110} style={{ objectFit: 'cover' }} data-testid="visit-photo" />;
}

function ChangesDrawer({ visitId, regionCode, onClose }: { visitId: number; regionCode: string; onClose: () => void }) {
  const l = useL();
  const trpc = useTRPC();
  const changes = useQuery(trpc.visits.changes.queryOptions({ regionCode, visitId }));
  const format = (value: string | number | boolean | null, field: string) =>
    value === null
      ? '—'
      : typeof value === 'boolean'
        ? value
          ? l('是', 'yes')
          : l('否', 'no')
        : field.endsWith('Fen')
          ? signedYuan(Number(value))
          : String(value);
  return (
    <Drawer open onClose={onClose} title={l('较上次走访的变化', 'Changes since the last visit')} size={420} data-testid="visit-changes">
      <ErrorMessage error={changes.error} />
      {!changes.data ? (
        <LoadingState skeleton />
      ) : (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Descriptions size="small" column={1}>
            <Descriptions.Item label={l('本次', 'This visit')}>{changes.data.visit.visitedOn}</Descriptions.Item>
            <Descriptions.Item label={l('上次', 'Previous')}>{changes.data.previous?.visitedOn ?? l('无', 'none')}</Descriptions.Item>
          </Descriptions>
          <Table
            size="small"
            rowKey="field"
            pagination={false}
            dataSource={changes.data.changes}
            locale={{ emptyText: l('无变化', 'No changes') }}
            columns={[
              { key: 'label', title: l('项目', 'Item'), render: (_, row) => l.text(row.label) },
              { key: 'before', title: l('上次', 'Before'), render: (_, row) => format(row.before, row.field) },
              { key: 'after', title: l('本次', 'Now'), render: (_, row) => format(row.after, row.field) },
            ]}
          />
          {changes.data.visit.photoIds.length > 0 ? (
            <Image.PreviewGroup>
              <Space wrap>
                {changes.data.visit.photoIds.map((uploadId) => (
                  <VisitPhotoImage key={uploadId} visitId={visitId} uploadId={uploadId} regionCode={regionCode} />
                ))}
              </Space>
            </Image.PreviewGroup>
          ) : null}
        </Space>
      )}
    </Drawer>
  );
}

export default function VisitsPage() {
  const l = useL();
  const region = useRegion();
  const trpc = useTRPC();
  const [month, setMonth] = useState(thisMonth());
  const [open, setOpen] = useState<number | null>(null);
  const valid = /^\d{4}-(0[1-9]|1[0-2])$/.test(month);
  const visits = useQuery({ ...trpc.visits.list.queryOptions({ regionCode: region.code, month: valid ? month : undefined, limit: 500 }) });
  return (
    <div data-testid="visits-list">
      <h1 className="zx-page-title">{l('走访记录', 'Visits')}</h1>
      <Space style={{ marginBottom: 12 }}>
        <span>{l('月份', 'Month')}</span>
        <Input value={month} onChange={(event) => setMonth(event.target.value)} placeholder="YYYY-MM" style={{ width: 120 }} data-testid="visits-month" />
      </Space>
      <ErrorMessage error={visits.error} />
      <Table<VisitRecord>
        rowKey="id"
        size="small"
        loading={visits.isFetching}
        dataSource={visits.data ?? []}
        scroll={{ x: 720 }}
        onRow={(row) => ({ onClick: () => setOpen(row.id), style: { cursor: 'pointer' } })}
        columns={[
          { key: 'visitedOn', dataIndex: 'visitedOn', title: l('走访日期', 'Date') },
          {
            key: 'householdId',
            title: l('农户', 'Household'),
            render: (_, row) => (row.headName ? l(`${row.headName}户`, `${row.headName} household`) : l('（未登记户主）', '(no head registered)')),
          },
          { key: 'visitors', title: l('走访人', 'Visitors'), render: (_, row) => row.visitors.join('、') },
          { key: 'personMet', dataIndex: 'personMet', title: l('见到', 'Person met') },
          {
            key: 'findings',
            title: l('发现', 'Findings'),
            render: (_, row) =>
              row.checklistResult.findings.length === 0 ? (
                <Tag color="green">{l('无问题', 'none')}</Tag>
              ) : (
                row.checklistResult.findings.map((finding) => (
                  <Tag key={finding.code + finding.message.en} color="orange">
                    {l.text(finding.message)}
                  </Tag>
                ))
              ),
          },
          {
            key: 'offline',
            title: l('方式', 'Mode'),
            render: (_, row) => (row.recordedOffline ? <Tag>{l('离线补传', 'synced later')}</Tag> : l('在线', 'online')),
          },
          {
            key: 'seconds',
            title: l('用时', 'Time'),
            render: (_, row) => l(`${Math.round(row.formSeconds / 60)} 分钟`, `${Math.round(row.formSeconds / 60)} min`),
          },
        ]}
      />
      {open !== null ? <ChangesDrawer visitId={open} regionCode={region.code} onClose={() => setOpen(null)} /> : null}
    </div>
  );
}
