import { CloudOutlined, CloudSyncOutlined, DisconnectOutlined, ExclamationCircleOutlined } from '@ant-design/icons';
import { Badge, Button, Empty, List, Popconfirm, Popover, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { localize, type Localized } from '../i18n.ts';
import { useL } from '../shell.tsx';
import type { OutboxItem, OutboxState } from './database.ts';
import { useOfflineStatus } from './react.tsx';

const STATE_LABELS: Record<OutboxState, { text: Localized; color: string }> = {
  pending: { text: { 'zh-CN': '待同步', en: 'Pending' }, color: 'default' },
  syncing: { text: { 'zh-CN': '同步中', en: 'Syncing' }, color: 'processing' },
  failed: { text: { 'zh-CN': '同步失败', en: 'Failed' }, color: 'error' },
  conflict: { text: { 'zh-CN': '数据冲突', en: 'Conflict' }, color: 'warning' },
};

const GENERIC_REFUSAL: Localized = { 'zh-CN': '服务器拒绝了此记录。', en: 'The server refused this record.' };

/**
 * The header's sync indicator: how many records wait for the network (or failed), offline or
 * syncing at a glance; a click lists every item with its state and the server's message, with
 * 重试 / 放弃 (retry, discard) for refused items and 立即同步 (sync now).
 */
export function OfflineSyncStatus({ compact = false }: { compact?: boolean }) {
  const l = useL();
  const { items, online, syncing, syncNow, retry, discard, kinds, unavailable } = useOfflineStatus();
  const [open, setOpen] = useState(false);
  const waiting = items.filter((item) => item.state === 'pending' || item.state === 'syncing').length;
  const refused = items.length - waiting;
  if (online && items.length === 0 && !unavailable) return null;

  const icon = !online ? <DisconnectOutlined /> : syncing ? <CloudSyncOutlined spin /> : refused > 0 ? <ExclamationCircleOutlined /> : <CloudOutlined />;
  const label = !online ? l('离线', 'Offline') : syncing ? l('同步中', 'Syncing') : refused > 0 ? l('待处理', 'Needs attention') : l('待同步', 'Pending');
  const describe = (item: OutboxItem) => {
    const line = kinds.get(item.kind)?.describe(item.payload) ?? null;
    return line === null ? '' : localize(line, l.locale);
  };

  const list = (
    <div style={{ width: 320, maxWidth: '80vw' }} data-testid="outbox-list">
      {unavailable ? (
        <Typography.Text type="warning">{l('此浏览器无法离线保存记录。', 'This browser cannot keep records offline.')}</Typography.Text>
      ) : items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={l('没有待同步的记录', 'Nothing waiting to be sent')} />
      ) : (
        <List
          size="small"
          dataSource={[...items]}
          renderItem={(item) => (
            <List.Item data-testid="outbox-item" data-state={item.state} data-client-id={item.id}>
              <Space direction="vertical" size={2} style={{ width: '100%' }}>
                <Space wrap>
                  <Tag color={STATE_LABELS[item.state].color}>{l.text(STATE_LABELS[item.state].text)}</Tag>
                  <Typography.Text strong>{l.text(kinds.get(item.kind)?.title ?? item.kind)}</Typography.Text>
                </Space>
                <Typography.Text type="secondary">
                  {describe(item)} {new Date(item.createdAt).toLocaleString(l.locale === 'en' ? 'en' : 'zh-CN')}
                </Typography.Text>
                {item.error ? (
                  <Typography.Text type="danger" data-testid="outbox-error">
                    {l.text(item.error.localized ?? GENERIC_REFUSAL)}
                  </Typography.Text>
                ) : null}
                {item.state === 'failed' || item.state === 'conflict' ? (
                  <Space>
                    <Button size="small" onClick={() => void retry(item.id)} disabled={!online}>
                      {l('重试', 'Retry')}
                    </Button>
                    <Popconfirm
                      title={l('放弃这条记录？它不会再被发送。', 'Discard this record? It will not be sent.')}
                      okText={l('放弃', 'Discard')}
                      cancelText={l('取消', 'Cancel')}
                      onConfirm={() => void discard(item.id)}
                    >
                      <Button size="small" danger>
                        {l('放弃', 'Discard')}
                      </Button>
                    </Popconfirm>
                  </Space>
                ) : null}
              </Space>
            </List.Item>
          )}
        />
      )}
      <div style={{ marginTop: 8, textAlign: 'right' }}>
        <Button type="primary" size="small" data-testid="outbox-sync-now" disabled={!online || syncing || waiting === 0} onClick={() => void syncNow()}>
          {l('立即同步', 'Sync now')}
        </Button>
      </div>
    </div>
  );

  return (
    <Popover trigger="click" open={open} onOpenChange={setOpen} content={list} title={l('离线记录', 'Offline records')} placement="bottomRight">
      <Badge count={items.length} size="small" color={refused > 0 ? 'red' : 'blue'} data-testid="outbox-count">
        <Button type="text" icon={icon} data-testid="sync-status" data-online={online ? 'true' : 'false'} data-waiting={waiting} data-refused={refused}>
          {compact ? null : label}
        </Button>
      </Badge>
    </Popover>
  );
}
