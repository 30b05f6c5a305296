import { useQueries } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useRegionInfo, useRegionsApi } from './RegionPicker.tsx';

// Kept out of RegionPicker.tsx, which the shell loads first: only the (lazy) pages that name
// regions pull this in, so the initial-load JavaScript does not grow (issue 23).

/**
 * Names of several regions at once (chart axes, lists), keyed by code; a code whose name has not
 * loaded yet (or lies outside the caller's scope) maps to itself.
 */
export function useRegionNames(codes: readonly string[]): Record<string, string> {
  const api = useRegionsApi();
  const unique = useMemo(() => [...new Set(codes)], [codes]);
  const results = useQueries({
    queries: unique.map((code) => ({ ...api.regions.get.queryOptions({ code }), staleTime: 10 * 60_000, retry: false })),
  });
  const signature = results.map((result) => result.data?.name ?? '').join('|');
  return useMemo(() => {
    const names: Record<string, string> = {};
    const loaded = signature.split('|');
    unique.forEach((code, index) => {
      names[code] = loaded[index] || code;
    });
    return names;
  }, [unique, signature]);
}

/**
 * A region named, not coded: its name (loaded lazily, cached), the code on hover; `withCode` adds
 * the code after the name in grey, marked `data-code` (an explicit code, skipped by the name scan).
 */
export function RegionName({ code, withCode }: { code: string; withCode?: boolean }) {
  const info = useRegionInfo(code);
  const name = info.data?.name;
  return (
    <span title={code} data-region={code}>
      {name ?? (info.isPending ? '…' : code)}
      {withCode && name ? (
        <span data-code style={{ color: 'rgba(0,0,0,0.45)', marginLeft: 4 }}>
          {code}
        </span>
      ) : null}
    </span>
  );
}

/** Several regions named and joined (默认 “、”). */
export function RegionNames({ codes, separator = '、' }: { codes: readonly string[]; separator?: string }) {
  const names = useRegionNames(codes);
  return <span data-regions={codes.join(',')}>{codes.map((code) => names[code] ?? code).join(separator)}</span>;
}
