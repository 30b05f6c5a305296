import { SafetyCertificateOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { DataTable, ErrorMessage, RegionName, useL, useShell, useTableParams, type DataColumn } from '@zhenxing/ui';
import { Alert, Button, DatePicker, Input, Select, Space, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useModules } from '../shell/modules.ts';
import { auditActionLabel, auditEntityLabel } from './audit-labels.ts';
import { trpcClient, useTRPC, type RouterInputs, type RouterOutputs } from '../trpc.ts';

type AuditRow = RouterOutputs['audit']['search']['rows'][number];
type Filters = { plugin?: string; action?: string; username?: string; range?: [Dayjs | null, Dayjs | null] | null };

function time(value: unknown, locale: string) {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'medium', timeZone: 'Asia/Shanghai' }).format(new Date(value as string));
}

function Json({ value }: { value: unknown }) {
  if (value === null || value === undefined) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <pre style={{ margin: 0, maxHeight: 240, overflow: 'auto', fontSize: 12, background: '#fafafa', padding: 8, borderRadius: 4 }}>
      {JSON.stringify(value, null, 2)}
    </pre>
  );
}

export default function AuditPage() {
  const l = useL();
  const shell = useShell();
  const trpc = useTRPC();
  const modules = useModules();
  const { params, setParams, patch } = useTableParams({ pageSize: 50 });
  const [filters, setFilters] = useState<Filters>({});
  const [verifying, setVerifying] = useState(false);
  const input: RouterInputs['audit']['search'] = {
    regionCode: shell.region.code,
    plugin: filters.plugin || undefined,
    action: filters.action || undefined,
    username: filters.username || undefined,
    from: filters.range?.[0]?.startOf('day').format() ?? undefined,
    to: filters.range?.[1]?.endOf('day').format() ?? undefined,
    page: params.page,
    pageSize: params.pageSize,
  };
  const search = useQuery({ ...trpc.audit.search.queryOptions(input), placeholderData: keepPreviousData });
  const verify = useQuery({ ...trpc.audit.verify.queryOptions(), enabled: verifying, staleTime: 0 });
  const moduleName = (id: string) => (id === 'core' ? l('平台', 'Platform') : l.text(modules.data?.find((module) => module.id === id)?.title) || id);
  const set = (change: Partial<Filters>) => {
    setFilters((current) => ({ ...current, ...change }));
    patch({});
  };

  const columns: DataColumn<AuditRow>[] = [
    { key: 'at', title: l('时间', 'Time'), render: (_, row) => time(row.at, l.locale), exportValue: (row) => time(row.at, l.locale) },
    { key: 'username', title: l('操作人', 'User'), render: (_, row) => row.username ?? l('系统', 'system') },
    { key: 'plugin', title: l('模块', 'Module'), render: (_, row) => moduleName(row.plugin), exportValue: (row) => moduleName(row.plugin) },
    {
      key: 'action',
      title: l('操作', 'Action'),
      render: (_, row) => <span title={row.action}>{auditActionLabel(row.action, l.locale)}</span>,
      exportValue: (row) => auditActionLabel(row.action, l.locale),
    },
    { key: 'regionCode', title: l('区划', 'Region'), render: (_, row) => (row.regionCode ? <RegionName code={row.regionCode} /> : '—') },
    {
      key: 'entityType',
      title: l('对象类型', 'Entity'),
      render: (_, row) => (row.entityType ? <span title={row.entityType}>{auditEntityLabel(row.entityType, l.locale)}</span> : '—'),
      exportValue: (row) => (row.entityType ? auditEntityLabel(row.entityType, l.locale) : ''),
    },
    { key: 'entityId', title: l('对象编号', 'Entity id') },
    {
      key: 'before',
      title: l('变更前', 'Before'),
      defaultHidden: true,
      render: (_, row) => <Json value={row.before} />,
      exportValue: (row) => JSON.stringify(row.before ?? null),
    },
    {
      key: 'after',
      title: l('变更后', 'After'),
      defaultHidden: true,
      render: (_, row) => <Json value={row.after} />,
      exportValue: (row) => JSON.stringify(row.after ?? null),
    },
  ];

  return (
    <div>
      <h1 className="zx-page-title">{l('审计日志', 'Audit log')}</h1>
      {verifying ? (
        verify.error ? (
          <div style={{ marginBottom: 16 }}>
            <ErrorMessage error={verify.error} />
          </div>
        ) : verify.data ? (
          <Alert
            style={{ marginBottom: 16 }}
            showIcon
            closable={{ onClose: () => setVerifying(false) }}
            type={verify.data.intact ? 'success' : 'error'}
            data-testid="audit-verify-result"
            title={
              verify.data.intact
                ? l(
                    `校验通过：${verify.data.entries} 条记录的哈希链完整，未被篡改。`,
                    `Verified: the hash chains of ${verify.data.entries} entries are intact.`,
                  )
                : l(
                    `发现 ${verify.data.problems.length} 处链断裂，记录可能被篡改，请立即上报。`,
                    `${verify.data.problems.length} broken links found: entries may have been tampered with. Report this now.`,
                  )
            }
          />
        ) : null
      ) : null}
      <DataTable<AuditRow>
        tableId="audit"
        exportName={l('审计日志', 'audit-log')}
        columns={columns}
        rows={search.data?.rows}
        total={search.data?.total}
        loading={search.isFetching}
        error={search.error}
        onRetry={() => void search.refetch()}
        params={params}
        onParamsChange={setParams}
        rowKey="id"
        fetchAll={async () => {
          const rows: AuditRow[] = [];
          for (let page = 1; page <= 25; page += 1) {
            const result = await trpcClient.audit.search.query({ ...input, page, pageSize: 200 });
            rows.push(...result.rows);
            if (rows.length >= result.total || result.rows.length === 0) break;
          }
          return rows;
        }}
        toolbar={
          <Space wrap>
            <Select
              allowClear
              placeholder={l('全部模块', 'All modules')}
              style={{ width: 160 }}
              value={filters.plugin}
              onChange={(plugin) => set({ plugin })}
              options={[
                { value: 'core', label: l('平台', 'Platform') },
                ...(modules.data ?? []).map((module) => ({ value: module.id, label: l.text(module.title) })),
              ]}
            />
            <Input.Search
              allowClear
              placeholder={l('操作（前缀），如 module.', 'Action prefix, e.g. module.')}
              style={{ width: 200 }}
              onSearch={(action) => set({ action: action.trim() })}
            />
            <Input.Search
              allowClear
              placeholder={l('操作人用户名', 'Username')}
              style={{ width: 160 }}
              onSearch={(username) => set({ username: username.trim() })}
            />
            <DatePicker.RangePicker value={filters.range ?? null} onChange={(range) => set({ range: range as Filters['range'] })} />
            <Button
              icon={<SafetyCertificateOutlined />}
              loading={verifying && verify.isFetching}
              onClick={() => (verifying ? void verify.refetch() : setVerifying(true))}
              data-testid="audit-verify"
            >
              {l('校验完整性', 'Verify integrity')}
            </Button>
          </Space>
        }
        empty={l('没有符合条件的记录', 'No matching entries')}
      />
    </div>
  );
}
