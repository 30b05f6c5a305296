/** 稳岗就业: 脱贫劳动力 by how they work, per village of the region. */
import { useQuery } from '@tanstack/react-query';
import { ErrorMessage, useL, useRegion } from '@zhenxing/ui';
import { Card, Col, Row, Statistic, Table } from 'antd';
import { EMPLOYMENT_KIND_LABELS, EMPLOYMENT_KINDS, type EmploymentRow } from '../../index.ts';
import { useTRPC } from '../trpc.ts';

export default function EmploymentPage() {
  const l = useL();
  const region = useRegion();
  const trpc = useTRPC();
  const employment = useQuery(trpc.income.employment.queryOptions({ regionCode: region.code }));
  const total = employment.data?.total;
  return (
    <div data-testid="employment-page">
      <h1 className="zx-page-title">{l('稳岗就业', 'Stable employment')}</h1>
      <ErrorMessage error={employment.error} />
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        {EMPLOYMENT_KINDS.map((kind) => (
          <Col xs={12} lg={6} key={kind}>
            <Card size="small">
              <Statistic title={l.text(EMPLOYMENT_KIND_LABELS[kind])} value={total ? total.counts[kind] : '—'} loading={employment.isPending} />
            </Card>
          </Col>
        ))}
      </Row>
      <Table<EmploymentRow>
        size="small"
        rowKey="regionCode"
        loading={employment.isPending}
        dataSource={employment.data?.byVillage ?? []}
        columns={[
          { key: 'village', dataIndex: 'regionCode', title: l('村', 'Village') },
          ...EMPLOYMENT_KINDS.map((kind) => ({
            key: kind,
            title: l.text(EMPLOYMENT_KIND_LABELS[kind]),
            align: 'right' as const,
            render: (_: unknown, row: EmploymentRow) => row.counts[kind],
          })),
          { key: 'labour', dataIndex: 'labour', title: l('劳动力', 'Labour'), align: 'right' },
        ]}
      />
    </div>
  );
}
