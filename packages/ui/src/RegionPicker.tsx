import { useQuery, useQueryClient, type QueryKey, type UseQueryOptions } from '@tanstack/react-query';
import type { AnyTRPCRouter } from '@trpc/server';
import { Cascader } from 'antd';
import { useEffect, useMemo, useState, type CSSProperties } from 'react';
import { useOfflineQueryOptions } from './offline/react.tsx';
import { describeError } from './errors.tsx';
import { regionLevelOf, regionPath, type RegionNode } from './regions.ts';
import { useL, useOptionalShell } from './shell.tsx';
import { useTRPC } from './trpc.ts';

type Options<T> = UseQueryOptions<T, unknown, T, QueryKey>;

/** The two core procedures the picker uses, typed by hand so @zhenxing/ui needs no server types. */
interface RegionsApi {
  regions: {
    children: { queryOptions(input: { code?: string }): Options<RegionNode[]> };
    get: { queryOptions(input: { code: string }): Options<RegionNode & { path: RegionNode[] }> };
  };
}

export function useRegionsApi(): RegionsApi {
  return useTRPC<AnyTRPCRouter>() as unknown as RegionsApi;
}

/** A region and the names along its path (breadcrumbs). */
export function useRegionInfo(code: string | null | undefined) {
  const api = useRegionsApi();
  // Region names are public: readable offline, so the shell's breadcrumb and picker still name the place.
  return useQuery({ ...useOfflineQueryOptions(api.regions.get.queryOptions({ code: code ?? '13' })), enabled: Boolean(code), staleTime: 10 * 60_000 });
}

interface CascaderOption {
  value: string;
  label: string;
  isLeaf: boolean;
  children?: CascaderOption[];
}

export interface RegionPickerProps {
  /** Selected region code (any level inside the root). */
  value: string | null | undefined;
  onChange: (code: string, path: RegionNode[]) => void;
  /** Top of the tree: default the user's scope (never above it: the server refuses that). */
  rootCode?: string;
  /** Deepest level offered: 3 stops at counties, 5 (default) goes to villages. */
  maxLevel?: number;
  /** Allow choosing a node that still has children (a city, a township). Default true. */
  anyLevel?: boolean;
  placeholder?: string;
  style?: CSSProperties;
  size?: 'small' | 'middle' | 'large';
  'data-testid'?: string;
}

/**
 * Choose a region inside the user's scope; children load lazily from `regions.children`. The
 * path to the current value is loaded on mount, so a deep value shows its full name at once.
 */
export function RegionPicker({ value, onChange, rootCode, maxLevel = 5, anyLevel = true, placeholder, style, size, ...rest }: RegionPickerProps) {
  const shell = useOptionalShell();
  const root = rootCode ?? shell?.user.scopeCode ?? '13';
  const api = useRegionsApi();
  const queryClient = useQueryClient();
  const l = useL();
  const [children, setChildren] = useState<Record<string, RegionNode[]>>({});
  const [error, setError] = useState<string | null>(null);
  const rootInfo = useQuery({ ...useOfflineQueryOptions(api.regions.get.queryOptions({ code: root })), staleTime: 10 * 60_000 });

  const load = async (code: string) => {
    try {
      const rows = await queryClient.fetchQuery({ ...api.regions.children.queryOptions({ code }), staleTime: 10 * 60_000 });
      setChildren((current) => ({ ...current, [code]: rows }));
      setError(null);
    } catch (failure) {
      setError(describeError(failure, l.locale).message);
    }
  };

  // Load the levels between the root and the current value so its labels show.
  const valuePath = useMemo(() => (value ? regionPath(value).filter((code) => code.length >= root.length) : [root]), [value, root]);
  useEffect(() => {
    for (const code of valuePath.slice(0, -1)) if (!children[code]) void load(code);
    if (!children[root]) void load(root);
    // Keyed on the path's codes rather than the array's identity, so a re-render does not refetch.
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `load` and `children` change on every fetch; listing them would refetch in a loop
  }, [valuePath.join(','), root]);

  const build = (node: RegionNode): CascaderOption => {
    const level = node.level || regionLevelOf(node.code);
    const isLeaf = level >= maxLevel;
    const loaded = children[node.code];
    return { value: node.code, label: node.name, isLeaf, children: isLeaf ? undefined : loaded?.map(build) };
  };
  const rootNode: RegionNode = rootInfo.data ?? { code: root, name: l('加载中…', 'Loading…'), level: regionLevelOf(root), parentCode: null };
  const options = [build(rootNode)];

  const lookup = (code: string): RegionNode | undefined => {
    if (code === rootNode.code) return rootNode;
    for (const list of Object.values(children)) {
      const found = list.find((node) => node.code === code);
      if (found) return found;
    }
    return undefined;
  };

  return (
    <Cascader
      data-testid={rest['data-testid']}
      options={options}
      value={valuePath}
      size={size}
      style={{ minWidth: 200, ...style }}
      placeholder={placeholder ?? l('选择区划', 'Choose a region')}
      changeOnSelect={anyLevel}
      allowClear={false}
      status={error ? 'error' : undefined}
      loadData={(selected) => {
        const last = selected[selected.length - 1];
        if (last && !children[String(last.value)]) void load(String(last.value));
      }}
      displayRender={(labels) => labels.join(' / ')}
      onChange={(path) => {
        const codes = (path ?? []).map(String);
        const code = codes[codes.length - 1];
        if (!code) return;
        onChange(
          code,
          codes.map((item) => lookup(item)).filter((node): node is RegionNode => Boolean(node)),
        );
      }}
      notFoundContent={error ?? l('无下级区划', 'No sub-regions')}
    />
  );
}
