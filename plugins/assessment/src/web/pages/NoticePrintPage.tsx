/**
 * A 通报 as printed on A4: red official heading (issuer + 文件), number, title, body, the places
 * and their problems, issuer and date. The print stylesheet hides the app's shell and buttons; the
 * server sends no personal data (a notice names places, never persons).
 */
import { PrinterOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { QueryState, pluginHref, useL, useRegion } from '@zhenxing/ui';
import { Button, Space } from 'antd';
import { Link, useParams } from 'react-router';
import { useTRPC } from '../trpc.ts';

const PRINT_CSS = `
@page { size: A4; margin: 25mm 22mm 22mm 22mm; }
@media print {
  .zx-no-print, .ant-layout-sider, .ant-layout-header, .ant-breadcrumb, .ant-layout-footer { display: none !important; }
  .ant-layout, .ant-layout-content { margin: 0 !important; padding: 0 !important; background: #fff !important; }
  .zx-notice-sheet { border: none !important; box-shadow: none !important; padding: 0 !important; max-width: none !important; }
  .zx-notice-problem { break-inside: avoid; }
}
.zx-notice-sheet { font-family: "FangSong", "STFangsong", "Noto Serif CJK SC", "Source Han Serif SC", serif; color: #000; font-size: 16px; line-height: 1.9; }
.zx-notice-sheet h1 { font-family: "SimHei", "Noto Sans CJK SC", sans-serif; }
`;

export default function NoticePrintPage() {
  const { id = '' } = useParams();
  const l = useL();
  const region = useRegion();
  const trpc = useTRPC();
  const notice = useQuery(trpc.assessment.notices.get.queryOptions({ regionCode: region.code, noticeId: Number(id) || 0 }));
  return (
    <div data-testid="notice-print">
      <style>{PRINT_CSS}</style>
      <Space className="zx-no-print" style={{ marginBottom: 16 }} wrap>
        <Link to={pluginHref('assessment', 'notices')}>
          <Button>{l('返回通报列表', 'Back to notices')}</Button>
        </Link>
        <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()}>
          {l('打印', 'Print')}
        </Button>
      </Space>
      <QueryState query={notice}>
        {(data) => (
          <div className="zx-notice-sheet" style={{ background: '#fff', padding: '40px 32px', maxWidth: 794, margin: '0 auto', border: '1px solid #eee' }}>
            {data.status === 'draft' ? <div style={{ color: '#999', textAlign: 'right' }}>{l('草稿', 'DRAFT')}</div> : null}
            <div style={{ textAlign: 'center', color: '#c00', fontSize: 34, fontWeight: 700, letterSpacing: 4, lineHeight: 1.3 }} data-testid="notice-heading">
              {data.issuer}文件
            </div>
            <div style={{ textAlign: 'center', margin: '12px 0 4px' }} data-testid="notice-number">
              {data.number}
            </div>
            <div style={{ borderTop: '2px solid #c00', margin: '4px 0 24px' }} />
            <h1 style={{ textAlign: 'center', fontSize: 22, margin: '0 0 20px' }}>{data.title}</h1>
            <p style={{ textIndent: '2em', whiteSpace: 'pre-wrap' }}>{data.body}</p>
            <ol style={{ paddingLeft: '2em' }}>
              {data.problems.map((problem, index) => (
                <li key={`${problem.regionCode}-${index}`} className="zx-notice-problem">
                  <strong>{problem.regionName}</strong>：{problem.text}
                </li>
              ))}
            </ol>
            <div style={{ textAlign: 'right', marginTop: 48 }}>
              <div>{data.issuer}</div>
              <div data-testid="notice-date">{chineseDate(data.issuedOn)}</div>
            </div>
          </div>
        )}
      </QueryState>
    </div>
  );
}

/** 2023-01-10 → 2023年1月10日 (the date line of an official document). */
function chineseDate(iso: string): string {
  const [year, month, day] = iso.split('-').map(Number);
  return `${year}年${month}月${day}日`;
}
