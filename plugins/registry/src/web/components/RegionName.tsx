import { useRegionInfo } from '@zhenxing/ui';

/** A region's name (loaded lazily and cached), falling back to its code; the code on hover. */
export function RegionName({ code, withCode }: { code: string; withCode?: boolean }) {
  const info = useRegionInfo(code);
  const name = info.data?.name;
  return (
    <span title={code} data-region={code}>
      {name ?? code}
      {withCode && name ? <span style={{ color: 'rgba(0,0,0,0.45)', marginLeft: 4 }}>{code}</span> : null}
    </span>
  );
}
