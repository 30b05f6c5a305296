import type { inferOutput } from '@trpc/tanstack-react-query';
import { pluginTRPC } from '@zhenxing/ui';
import type { registryPlugin } from '../server/plugin.ts';

/** Typed tRPC for the registry pages: only a type import of the server manifest. */
export const { useTRPC } = pluginTRPC<typeof registryPlugin>();

type Api = ReturnType<typeof useTRPC>['registry'];

/** What the pages receive, inferred from the procedures (never restated by hand). */
type HouseholdList = inferOutput<Api['households']['list']>;
export type HouseholdListItem = HouseholdList['items'][number];
export type SearchHit = inferOutput<Api['households']['search']>[number];
export type HouseholdDetail = inferOutput<Api['households']['get']>;
export type DetailMember = HouseholdDetail['members'][number];
export type DetailIncome = HouseholdDetail['incomes'][number];
export type HistoryEntry = HouseholdDetail['history'][number];
export type ImportPreviewResult = inferOutput<Api['import']['preview']>;
export type ImportCommitResult = inferOutput<Api['import']['commit']>;
export type ComparisonRunResult = inferOutput<Api['comparison']['run']>;

/** The pluginTRPC path key of every registry procedure, for invalidation after a write. */
export function useRegistryKey() {
  return useTRPC().registry.pathKey();
}
