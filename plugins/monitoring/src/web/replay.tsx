import { useQuery } from '@tanstack/react-query';
import { ChangedTag, ErrorMessage, EvaluateUnder, LoadingState, ParameterChanges, useL, type ParameterChangeView } from '@zhenxing/ui';
import { Alert, Space, Table, Tag } from 'antd';
import type { HouseholdReplay } from '../index.ts';
import { OBJECT_TYPE_LABELS, RISK_CATEGORY_LABELS } from './labels.ts';
import { useTRPC } from './trpc.ts';

/**
 * One household's four categories under two parameter sets, side by side: matched or not and the
 * rules' reasons each time, whether the identification outcome changes, and the numbers that differ.
 */
/** A household replay as it arrives over tRPC (a serialised `unknown` turns optional). */
type ReplayAnswer = Omit<HouseholdReplay, 'parameterChanges'> & { parameterChanges: readonly ParameterChangeView[] };

export function HouseholdReplayView({ replay }: { replay: ReplayAnswer }) {
  const l = useL();
  const matched = (value: boolean) => <Tag color={value ? 'red' : 'default'}>{value ? l('符合', 'Matched') : l('不符合', 'Not matched')}</Tag>;
  const outcome = (decision: ReplayAnswer['objectType']['recorded']) =>
    `${decision.parameterVersion}：${decision.type ? l.text(OBJECT_TYPE_LABELS[decision.type]) : l('不属于监测对象', 'not a monitoring object')}`;
  return (
    <div data-testid="replay-result" data-changed={String(replay.objectType.changed || replay.categories.some((row) => row.changed))}>
      <Table
        size="small"
        style={{ marginTop: 8 }}
        rowKey="category"
        pagination={false}
        dataSource={replay.categories}
        columns={[
          { key: 'category', title: l('类别', 'Category'), render: (_, row) => l.text(RISK_CATEGORY_LABELS[row.category] ?? row.category) },
          {
            key: 'recorded',
            title: replay.recordedVersion,
            render: (_, row) => (
              <Space orientation="vertical" size={0}>
                {matched(row.recordedMatched)}
                {row.recordedReasons.map((reason, index) => (
                  <small key={`${reason.code}-${index}`}>{l.text(reason.message)}</small>
                ))}
              </Space>
            ),
          },
          {
            key: 'replayed',
            title: replay.replayedVersion,
            render: (_, row) => (
              <Space orientation="vertical" size={0}>
                <Space>
                  {matched(row.replayedMatched)}
                  {row.changed ? <ChangedTag changed /> : null}
                </Space>
                {row.replayedReasons.map((reason, index) => (
                  <small key={`${reason.code}-${index}`}>{l.text(reason.message)}</small>
                ))}
              </Space>
            ),
          },
        ]}
      />
      <Alert
        style={{ marginTop: 8 }}
        type={replay.objectType.changed ? 'warning' : 'success'}
        title={
          replay.objectType.changed ? l('认定结果随之变化', 'The identification outcome changes') : l('认定结果不变', 'The identification outcome is the same')
        }
        description={[replay.objectType.recorded, replay.objectType.replayed].map(outcome).join(' → ')}
      />
      <ParameterChanges changes={replay.parameterChanges} />
    </div>
  );
}

/** 农户详情: the household's four categories today, replayed under another published set. */
export function HouseholdEvaluateUnder({ householdId, regionCode }: { householdId: number; regionCode: string }) {
  const l = useL();
  const trpc = useTRPC();
  // Without a version the answer is the household under the set in force today: the recorded side.
  const current = useQuery(trpc.monitoring.households.replay.queryOptions({ regionCode, householdId }));
  if (current.error) return <ErrorMessage error={current.error} />;
  if (!current.data) return <LoadingState />;
  const recordedVersion = current.data.recordedVersion;
  const matched = current.data.categories.filter((row) => row.recordedMatched);
  return (
    <div data-testid="household-evaluation">
      <div style={{ marginBottom: 8 }}>
        {l(`按现行参数（${recordedVersion}）研判：`, `Under the set in force (${recordedVersion}): `)}
        {matched.length === 0
          ? l('不符合四类对象条件', 'matches none of the four categories')
          : matched.map((row) => (
              <Tag key={row.category} color="red">
                {l.text(RISK_CATEGORY_LABELS[row.category] ?? row.category)}
              </Tag>
            ))}
      </div>
      <EvaluateUnder testId="household-evaluate-under" recordedVersion={recordedVersion} regionCode={regionCode}>
        {(version) => <HouseholdReplayFor householdId={householdId} regionCode={regionCode} recordedVersion={recordedVersion} version={version} />}
      </EvaluateUnder>
    </div>
  );
}

function HouseholdReplayFor(props: { householdId: number; regionCode: string; recordedVersion: string; version: string }) {
  const trpc = useTRPC();
  const replay = useQuery(trpc.monitoring.households.replay.queryOptions(props));
  if (replay.error) return <ErrorMessage error={replay.error} />;
  if (!replay.data) return <LoadingState />;
  return <HouseholdReplayView replay={replay.data} />;
}
