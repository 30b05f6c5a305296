import { pluginHref, useL } from '@zhenxing/ui';
import { Alert, Card, Col, Row, Space, Statistic, Table, Tag } from 'antd';
import { Link } from 'react-router';
import { DEPARTMENTS, RISK_SIGNAL_LABELS, SIGNAL_RULE_LABELS } from '../labels.ts';
import type { ComparisonRunResult } from '../trpc.ts';
import { RegionName } from './RegionName.tsx';

type Signal = ComparisonRunResult['signals'][number];
type Unmatched = ComparisonRunResult['unmatchedRows'][number];

/** A comparison's counts, its findings (households to verify) and the rows it could not use. */
export function ComparisonResultView({ result }: { result: ComparisonRunResult }) {
  const l = useL();
  const stats = [
    { key: 'rows', title: l('数据行', 'Rows'), value: result.rows },
    { key: 'matched', title: l('匹配到本辖区人员', 'Matched'), value: result.matched },
    { key: 'unmatched', title: l('未匹配或无法识别', 'Unmatched'), value: result.unmatched },
    { key: 'flagged', title: l('预警农户', 'Households flagged'), value: result.flagged },
  ];
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="comparison-result">
      <Card size="small" title={l(`比对结果：${l.text(DEPARTMENTS[result.source])}数据`, `Result: ${l.text(DEPARTMENTS[result.source])} data`)}>
        <div style={{ marginBottom: 12, color: 'rgba(0,0,0,0.55)' }} data-testid="comparison-source">
          {result.sheet === null
            ? l(`已读取：表头在第 ${result.headerRow} 行`, `Read: header on row ${result.headerRow}`)
            : l(`已读取：工作表“${result.sheet}”，表头在第 ${result.headerRow} 行`, `Read: sheet "${result.sheet}", header on row ${result.headerRow}`)}
        </div>
        <Row gutter={[16, 16]}>
          {stats.map((stat) => (
            <Col key={stat.key} xs={12} md={6} data-testid={`comparison-stat-${stat.key}`} data-value={stat.value}>
              <Statistic title={stat.title} value={stat.value} />
            </Col>
          ))}
        </Row>
        {result.signals.length > 0 ? (
          <Alert
            type="warning"
            showIcon
            style={{ marginTop: 12 }}
            title={l(
              `发现 ${result.signals.length} 条风险预警，已作为部门预警线索发送给“防止返贫监测”，请及时入户核实。`,
              `${result.signals.length} risk findings were sent to monitoring as department warnings; verify them with a visit.`,
            )}
          />
        ) : (
          <Alert type="success" showIcon style={{ marginTop: 12 }} title={l('未发现需要预警的农户。', 'No household needs a warning.')} />
        )}
      </Card>
      {result.signals.length > 0 ? (
        <Card size="small" title={l('预警农户', 'Flagged households')}>
          <Table<Signal & { key: string }>
            size="small"
            scroll={{ x: 'max-content' }}
            data-testid="comparison-signals"
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            dataSource={result.signals.map((signal, index) => ({
              ...signal,
              key: `${signal.householdId}-${signal.memberId ?? 'all'}-${signal.category}-${index}`,
            }))}
            columns={[
              { key: 'row', title: l('行', 'Row'), dataIndex: 'row', width: 70 },
              {
                key: 'household',
                title: l('农户', 'Household'),
                render: (_, signal) => (
                  <Link to={pluginHref('registry', `households/${signal.householdId}`)}>
                    {l(`户 #${signal.householdId}`, `Household #${signal.householdId}`)}
                  </Link>
                ),
              },
              { key: 'village', title: l('村（社区）', 'Village'), render: (_, signal) => <RegionName code={signal.villageCode} /> },
              {
                key: 'member',
                title: l('成员', 'Member'),
                render: (_, signal) => (signal.memberId === null ? l('全户', 'whole household') : `#${signal.memberId}`),
              },
              { key: 'category', title: l('预警类别', 'Finding'), render: (_, signal) => <Tag color="red">{l.text(RISK_SIGNAL_LABELS[signal.category])}</Tag> },
              {
                key: 'rule',
                title: l('依据', 'Basis'),
                render: (_, signal) => (
                  <span>
                    {l.text(SIGNAL_RULE_LABELS[signal.rule] ?? { 'zh-CN': signal.rule, en: signal.rule })}
                    {signal.parameterVersion ? (
                      <Tag style={{ marginLeft: 6 }}>{l(`参数 ${signal.parameterVersion}`, `parameters ${signal.parameterVersion}`)}</Tag>
                    ) : null}
                  </span>
                ),
              },
              {
                key: 'reasons',
                title: l('原因', 'Reasons'),
                render: (_, signal) =>
                  signal.reasons.length === 0 ? '—' : signal.reasons.map((reason) => <div key={reason.code}>{l.text(reason.message)}</div>),
              },
              {
                key: 'verify',
                title: l('核实', 'Verify'),
                render: (_, signal) =>
                  signal.needsVerification ? <Tag color="orange">{l('需入户核实', 'visit to verify')}</Tag> : <Tag>{l('规则判定', 'decided by rules')}</Tag>,
              },
            ]}
          />
        </Card>
      ) : null}
      {result.unmatchedRows.length > 0 ? (
        <Card size="small" title={l('未匹配或无法识别的行', 'Rows not matched or not understood')}>
          <Table<Unmatched & { key: string }>
            size="small"
            scroll={{ x: 'max-content' }}
            data-testid="comparison-unmatched"
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            dataSource={result.unmatchedRows.map((row, index) => ({ ...row, key: `${row.row}-${index}` }))}
            columns={[
              { key: 'row', title: l('行', 'Row'), dataIndex: 'row', width: 70 },
              { key: 'name', title: l('姓名', 'Name'), render: (_, row) => row.name || '—' },
              { key: 'idNumber', title: l('身份证号', 'ID number'), render: (_, row) => row.idNumber || '—' },
              { key: 'reason', title: l('原因', 'Reason'), render: (_, row) => l.text(row.reason) },
            ]}
          />
        </Card>
      ) : null}
    </Space>
  );
}
