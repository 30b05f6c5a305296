/**
 * 录入走访: the cadre's round (assigned households with their prefill, `visits.offlinePack`) as a
 * list of cards for a phone; tapping one opens the pre-filled form. `?household=<id>` opens a
 * household directly (the household panel links here). The round and a direct household's prefill
 * are saved reads (`useOfflineQueryOptions`: IndexedDB, this user's, wiped at sign-out), so the
 * round opens and a visit can be recorded without network; visits not yet uploaded are listed on
 * top, refused ones with retry and discard.
 */
import { useQuery } from '@tanstack/react-query';
import { EmptyState, ErrorMessage, LoadingState, pluginHref, useL, useOfflineOutbox, useOfflineQueryOptions, useRegion } from '@zhenxing/ui';
import { Button, Card, Input, List, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { VisitPrefill } from '../../index.ts';
import { QueuedVisitStatus, VisitForm } from '../components/VisitForm.tsx';
import { recordVisitOffline } from '../outbox.ts';
import { useTRPC } from '../trpc.ts';

function HouseholdForm({ prefill, regionCode, onBack }: { prefill: VisitPrefill; regionCode: string; onBack: () => void }) {
  const l = useL();
  const [done, setDone] = useState(false);
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Button onClick={onBack} data-testid="back-to-round">
        {done ? l('返回走访清单', 'Back to the round') : l('← 返回', '← Back')}
      </Button>
      <Card size="small" data-testid="visit-household">
        <Typography.Text strong>{prefill.household.headName || l(`户 ${prefill.household.id}`, `Household ${prefill.household.id}`)}</Typography.Text>
        <div>{prefill.household.address}</div>
        <Typography.Text type="secondary">
          {prefill.lastVisit ? l(`上次走访：${prefill.lastVisit.visitedOn}`, `Last visit: ${prefill.lastVisit.visitedOn}`) : l('首次走访', 'First visit')}
        </Typography.Text>
      </Card>
      <VisitForm prefill={prefill} regionCode={regionCode} onDone={() => setDone(true)} />
    </Space>
  );
}

function DirectHousehold({ householdId, regionCode, onBack }: { householdId: number; regionCode: string; onBack: () => void }) {
  const trpc = useTRPC();
  const prefill = useQuery(useOfflineQueryOptions(trpc.visits.prefill.queryOptions({ regionCode, householdId })));
  if (prefill.error) return <ErrorMessage error={prefill.error} />;
  if (!prefill.data) return <LoadingState skeleton />;
  return <HouseholdForm prefill={prefill.data} regionCode={regionCode} onBack={onBack} />;
}

export default function RecordVisitPage() {
  const l = useL();
  const region = useRegion();
  const trpc = useTRPC();
  const [params, setParams] = useSearchParams();
  const [search, setSearch] = useState('');
  const [open, setOpen] = useState<VisitPrefill | null>(null);
  const direct = Number(params.get('household')) || null;
  const pack = useQuery({ ...useOfflineQueryOptions(trpc.visits.offlinePack.queryOptions({ regionCode: region.code })), enabled: !open && !direct });
  const outbox = useOfflineOutbox(recordVisitOffline);
  const waiting = new Set(outbox.items.map((item) => item.payload.householdId));

  if (direct) return <DirectHousehold householdId={direct} regionCode={region.code} onBack={() => setParams({})} />;
  if (open) {
    return (
      <HouseholdForm
        prefill={open}
        regionCode={region.code}
        onBack={() => {
          setOpen(null);
          void pack.refetch();
        }}
      />
    );
  }
  const households = (pack.data?.households ?? []).filter(
    (item) => !search || item.household.headName.includes(search) || item.household.address.includes(search),
  );
  const remaining = (pack.data?.households ?? []).filter((item) => item.dueThisMonth && !item.visitedThisMonth).length;
  return (
    <div data-testid="record-visit-page" style={{ maxWidth: 560 }}>
      <h1 className="zx-page-title">{l('录入走访', 'Record a visit')}</h1>
      <ErrorMessage error={pack.error} />
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Typography.Text type="secondary">
          {pack.data ? l(`${pack.data.month} 月：本月还需走访 ${remaining} 户`, `${pack.data.month}: ${remaining} households still to visit this month`) : null}{' '}
          <Link to={pluginHref('visits', 'list')}>{l('查看走访记录', 'See visits')}</Link>
        </Typography.Text>
        {outbox.items.length > 0 ? (
          <Card
            size="small"
            title={l(`尚未上传的走访（${outbox.items.length}）`, `Visits not uploaded yet (${outbox.items.length})`)}
            data-testid="visits-not-uploaded"
          >
            <Space orientation="vertical" style={{ width: '100%' }}>
              {outbox.items.map((item) => (
                <div key={item.id} data-testid="visit-outbox-item" data-state={item.state} data-client-id={item.id}>
                  <Typography.Text>{item.payload.label ?? l(`户 ${item.payload.householdId}`, `Household ${item.payload.householdId}`)}</Typography.Text>
                  <QueuedVisitStatus itemId={item.id} />
                </div>
              ))}
            </Space>
          </Card>
        ) : null}
        <Input.Search allowClear placeholder={l('户主姓名或地址', 'Head of household or address')} onChange={(event) => setSearch(event.target.value)} />
        {pack.isPending ? (
          <LoadingState skeleton />
        ) : households.length === 0 ? (
          <EmptyState description={l('没有需要走访的农户。', 'No households to visit.')} />
        ) : (
          <List
            dataSource={households}
            renderItem={(item) => (
              <List.Item
                key={item.household.id}
                onClick={() => setOpen(item)}
                style={{ cursor: 'pointer' }}
                data-testid="round-household"
                extra={
                  waiting.has(item.household.id) ? (
                    <Tag color="blue">{l('已保存待上传', 'Saved, not uploaded')}</Tag>
                  ) : item.visitedThisMonth ? (
                    <Tag color="green">{l('本月已走访', 'Visited')}</Tag>
                  ) : item.dueThisMonth ? (
                    <Tag color="orange">{l('待走访', 'Due')}</Tag>
                  ) : null
                }
              >
                <List.Item.Meta
                  title={item.household.headName || l(`户 ${item.household.id}`, `Household ${item.household.id}`)}
                  description={`${item.household.address} · ${item.lastVisit ? l(`上次 ${item.lastVisit.visitedOn}`, `last ${item.lastVisit.visitedOn}`) : l('未走访', 'never visited')}`}
                />
              </List.Item>
            )}
          />
        )}
      </Space>
    </div>
  );
}
