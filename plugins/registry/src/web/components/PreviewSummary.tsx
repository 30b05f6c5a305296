import { useL } from '@zhenxing/ui';
import { Card, Col, Row, Statistic } from 'antd';
import type { ImportPreviewResult } from '../trpc.ts';

type Counted = Pick<ImportPreviewResult, 'rows' | 'households' | 'members' | 'plan' | 'crossCountyDuplicates'>;

/** The counts of a preview (what commit will do) or of a finished import (what it did). */
export function PreviewSummary({ result, done }: { result: Counted; done?: boolean }) {
  const l = useL();
  const { plan } = result;
  const stats: { key: string; title: string; value: number; warn?: boolean }[] = [
    { key: 'rows', title: l('数据行', 'Rows'), value: result.rows },
    { key: 'households', title: l('涉及农户', 'Households'), value: result.households },
    { key: 'members', title: l('涉及人员', 'People'), value: result.members },
    { key: 'householdsCreated', title: done ? l('新增农户', 'Households created') : l('将新增农户', 'Households to create'), value: plan.householdsCreated },
    { key: 'householdsUpdated', title: done ? l('更新农户', 'Households updated') : l('将更新农户', 'Households to update'), value: plan.householdsUpdated },
    { key: 'householdsUnchanged', title: l('农户无变化', 'Households unchanged'), value: plan.householdsUnchanged },
    { key: 'membersCreated', title: done ? l('新增人员', 'People created') : l('将新增人员', 'People to create'), value: plan.membersCreated },
    { key: 'membersUpdated', title: done ? l('更新人员', 'People updated') : l('将更新人员', 'People to update'), value: plan.membersUpdated },
    { key: 'membersUnchanged', title: l('人员无变化', 'People unchanged'), value: plan.membersUnchanged },
    {
      key: 'incomesWritten',
      title: done ? l('写入收入记录', 'Income records written') : l('将写入收入记录', 'Income records to write'),
      value: plan.incomesWritten,
    },
    {
      key: 'crossCountyDuplicates',
      title: l('外县重复登记', 'Also registered elsewhere'),
      value: result.crossCountyDuplicates,
      warn: result.crossCountyDuplicates > 0,
    },
  ];
  return (
    <Card size="small" data-testid="import-summary">
      <Row gutter={[16, 16]}>
        {stats.map((stat) => (
          <Col key={stat.key} xs={12} sm={8} md={6} xl={4} data-testid={`stat-${stat.key}`} data-value={stat.value}>
            <Statistic title={stat.title} value={stat.value} styles={stat.warn ? { content: { color: '#d46b08' } } : undefined} />
          </Col>
        ))}
      </Row>
    </Card>
  );
}
