import { useQuery, type QueryKey, type UseQueryOptions } from '@tanstack/react-query';
import type { AnyTRPCRouter } from '@trpc/server';
import { Alert, Select, Space, Tag } from 'antd';
import { useState, type ReactNode } from 'react';
import { useL } from './shell.tsx';
import { useTRPC } from './trpc.ts';

type Options<T> = UseQueryOptions<T, unknown, T, QueryKey>;

interface ParameterSetSummary {
  version: string;
  status: string;
  effectiveFrom: string;
  effectiveUntil: string | null;
}

/** The one core procedure the picker reads, typed by hand so @zhenxing/ui needs no server types. */
interface ParametersApi {
  parameters: { list: { queryOptions(input: { regionCode?: string }): Options<{ sets: ParameterSetSummary[]; inForceToday: string | null }> } };
}

/** One number that differs between two parameter sets (the rules' `diffParameterSets`). */
export interface ParameterChangeView {
  path: string;
  /** Optional: a serialised `unknown` arrives over tRPC as optional. */
  before?: unknown;
  after?: unknown;
}

const shown = (value: unknown) => (value !== null && typeof value === 'object' ? JSON.stringify(value) : String(value));

/** "Why it changed": the parameters that differ between the recorded set and the chosen one. */
export function ParameterChanges({ changes }: { changes: readonly ParameterChangeView[] }) {
  const l = useL();
  if (changes.length === 0) {
    return <Alert style={{ marginTop: 8 }} type="info" title={l('两个版本的参数相同', 'The two sets have the same parameters')} />;
  }
  return (
    <Alert
      style={{ marginTop: 8 }}
      type="info"
      data-testid="parameter-changes"
      title={l('两个版本的参数差异（变化原因）', 'Parameters that differ (why)')}
      description={changes.map((change) => `${change.path}: ${shown(change.before)} → ${shown(change.after)}`).join('；')}
    />
  );
}

/** A "changed / unchanged" tag beside a replayed decision. */
export function ChangedTag({ changed }: { changed: boolean }) {
  const l = useL();
  return changed ? <Tag color="orange">{l('结果变化', 'Changed')}</Tag> : <Tag>{l('结果不变', 'Unchanged')}</Tag>;
}

/**
 * "按其他参数版本评估 / evaluate under …": picks another published parameter set of the province
 * and renders `children(version)` — the plugin's own comparison of the recorded decision with the
 * decision under that set. Nothing is evaluated until a set is chosen; the recorded one is not offered.
 */
export function EvaluateUnder({
  recordedVersion,
  regionCode,
  testId,
  children,
}: {
  /** The set the recorded decision was taken under (not offered). */
  recordedVersion: string;
  regionCode?: string;
  testId: string;
  children: (version: string) => ReactNode;
}) {
  const l = useL();
  const api = useTRPC<AnyTRPCRouter>() as unknown as ParametersApi;
  const sets = useQuery({ ...api.parameters.list.queryOptions(regionCode ? { regionCode } : {}), staleTime: 60_000 });
  const [version, setVersion] = useState<string | undefined>();
  const options = (sets.data?.sets ?? [])
    .filter((set) => set.status === 'published' && set.version !== recordedVersion)
    .map((set) => ({ value: set.version, label: `${set.version}（${set.effectiveFrom} 起）` }));
  return (
    <div data-testid={testId}>
      <Space wrap>
        <span>{l('按其他参数版本评估：', 'Evaluate under:')}</span>
        <Tag>{l(`当前依据 ${recordedVersion}`, `Recorded under ${recordedVersion}`)}</Tag>
        <Select
          style={{ width: 280 }}
          value={version}
          onChange={setVersion}
          loading={sets.isLoading}
          placeholder={l('选择参数版本', 'Choose a parameter set')}
          aria-label={l('参数版本', 'Parameter set')}
          options={options}
        />
      </Space>
      {version ? children(version) : null}
    </div>
  );
}
