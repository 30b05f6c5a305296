import { Select } from 'antd';
import { type Localized, shanghaiToday, useL } from '@zhenxing/ui';
import { useState } from 'react';

export const LEVELS: Record<string, Localized> = {
  central: { 'zh-CN': '中央', en: 'Central' },
  provincial: { 'zh-CN': '省级', en: 'Provincial' },
  city: { 'zh-CN': '市级', en: 'City' },
  county: { 'zh-CN': '县级', en: 'County' },
};

export const USES: Record<string, Localized> = {
  industry: { 'zh-CN': '产业发展', en: 'Industry' },
  other: { 'zh-CN': '其他用途', en: 'Other uses' },
};

export { RegionName } from '@zhenxing/ui';

/** The funds year shown (default this year, Asia/Shanghai), remembered while the tab lives. */
let rememberedYear: number | null = null;
export function useFundsYear(): [number, (year: number) => void] {
  const [year, setYear] = useState(() => rememberedYear ?? Number(shanghaiToday().slice(0, 4)));
  return [
    year,
    (next: number) => {
      rememberedYear = next;
      setYear(next);
    },
  ];
}

export function YearSelect({ value, onChange }: { value: number; onChange: (year: number) => void }) {
  const l = useL();
  const current = Number(shanghaiToday().slice(0, 4));
  return (
    <Select
      value={value}
      onChange={onChange}
      style={{ width: 120 }}
      data-testid="funds-year"
      options={[current + 1, current, current - 1, current - 2, current - 3].map((year) => ({ value: year, label: l(`${year}年`, String(year)) }))}
    />
  );
}
