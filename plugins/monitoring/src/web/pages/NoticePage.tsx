import { PrinterOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { QueryState, pluginHref, useL, useRegion } from '@zhenxing/ui';
import { Button, Space } from 'antd';
import { Link, useParams } from 'react-router';
import { useTRPC } from '../trpc.ts';

/**
 * 村内公示 as printed: household head, address, member count and the proposal only — the server
 * never sends ID numbers, phones, bank accounts or health conditions.
 */
export default function NoticePage() {
  const { id = '' } = useParams();
  const l = useL();
  const region = useRegion();
  const trpc = useTRPC();
  const notice = useQuery(trpc.monitoring.cases.notice.queryOptions({ regionCode: region.code, id: Number(id) }));
  return (
    <div data-testid="monitoring-notice">
      <Space className="zx-no-print" style={{ marginBottom: 16 }} wrap>
        <Link to={pluginHref('monitoring', `cases/${id}`)}>
          <Button>{l('返回案件', 'Back to the case')}</Button>
        </Link>
        <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()}>
          {l('打印', 'Print')}
        </Button>
      </Space>
      <style>{'@media print { .zx-no-print, .ant-layout-sider, .ant-layout-header, .ant-breadcrumb { display: none !important; } }'}</style>
      <QueryState query={notice}>
        {(data) => (
          <div style={{ background: '#fff', padding: '32px 24px', maxWidth: 820, margin: '0 auto', border: '1px solid #eee' }}>
            <h2 style={{ textAlign: 'center', marginBottom: 4 }}>{data.title}</h2>
            <div style={{ textAlign: 'center', color: 'rgba(0,0,0,0.55)', marginBottom: 16 }}>{data.villageName}</div>
            <div style={{ overflowX: 'auto' }}>
              <table style={{ width: '100%', borderCollapse: 'collapse' }} data-testid="notice-table">
                <thead>
                  <tr>
                    {[l('户主', 'Head'), l('住址', 'Address'), l('人口', 'Members'), l('拟认定', 'Proposal')].map((head) => (
                      <th key={head} style={{ border: '1px solid #999', padding: 8, background: '#fafafa' }}>
                        {head}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {data.rows.map((row, index) => (
                    <tr key={index}>
                      <td style={{ border: '1px solid #999', padding: 8 }}>{row.householdHead}</td>
                      <td style={{ border: '1px solid #999', padding: 8 }}>{row.address}</td>
                      <td style={{ border: '1px solid #999', padding: 8, textAlign: 'center' }}>{row.memberCount}</td>
                      <td style={{ border: '1px solid #999', padding: 8 }}>{row.proposal}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <p style={{ marginTop: 16 }}>
              {l(
                `公示期：${data.postedOn} 起不少于 ${data.minimumDays} 天（最早 ${data.earliestEndOn} 结束）。`,
                `Posted ${data.postedOn}, at least ${data.minimumDays} days (ends ${data.earliestEndOn} at the earliest).`,
              )}
            </p>
            <p style={{ whiteSpace: 'pre-wrap' }}>{data.footer}</p>
            <p style={{ color: 'rgba(0,0,0,0.45)', fontSize: 12 }}>{l(`参数版本 ${data.parameterVersion}`, `Parameters ${data.parameterVersion}`)}</p>
          </div>
        )}
      </QueryState>
    </div>
  );
}
