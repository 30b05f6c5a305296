import { useQuery } from '@tanstack/react-query';
import { pluginHref, useL } from '@zhenxing/ui';
import { AutoComplete, Input } from 'antd';
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import type { Relation } from '../../index.ts';
import { RELATIONS } from '../labels.ts';
import { useTRPC, type SearchHit } from '../trpc.ts';
import { RegionName } from './RegionName.tsx';
import { useDebounced } from './useDebounced.ts';

/** Worth asking the server: any text, but digits only from 6 on (an ID-number prefix). */
function searchable(text: string): boolean {
  return text !== '' && (!/^\d+$/.test(text) || text.length >= 6);
}

/**
 * 搜索 by name (prefix), ID number (full or prefix) or 12-digit village code. As you type, matching
 * people (households.search) are offered: choosing one opens the household; Enter filters the list.
 */
export function HouseholdSearch({ value, regionCode, onSearch }: { value: string; regionCode: string; onSearch: (text: string) => void }) {
  const l = useL();
  const trpc = useTRPC();
  const navigate = useNavigate();
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  const query = useDebounced(text.trim());
  const hits = useQuery({
    ...trpc.registry.households.search.queryOptions({ regionCode, query: query || '-', limit: 10 }),
    enabled: searchable(query),
    staleTime: 10_000,
  });
  const options = searchable(query) ? (hits.data ?? []).map((hit) => ({ value: `hit:${hit.memberId}`, hit, label: <HitLabel hit={hit} /> })) : [];
  return (
    <AutoComplete
      value={text}
      options={options}
      defaultActiveFirstOption={false}
      popupMatchSelectWidth={360}
      style={{ width: 320, maxWidth: '100%' }}
      onChange={(next: string) => {
        if (!next.startsWith('hit:')) setText(next);
      }}
      onSelect={(_: string, option: { hit: SearchHit }) => void navigate(pluginHref('registry', `households/${option.hit.householdId}`))}
      notFoundContent={searchable(query) && hits.isSuccess ? l('没有找到匹配的人员', 'No one matches') : undefined}
      data-testid="household-search"
    >
      <Input.Search
        allowClear
        enterButton
        maxLength={50}
        placeholder={l('姓名 / 身份证号 / 村代码', 'Name / ID number / village code')}
        aria-label={l('搜索农户', 'Search households')}
        onSearch={(next) => onSearch(next.trim())}
        loading={hits.isFetching}
        data-testid="household-search-input"
      />
    </AutoComplete>
  );
}

function HitLabel({ hit }: { hit: SearchHit }) {
  const l = useL();
  const relation = RELATIONS[hit.relation as Relation];
  return (
    <div data-testid="search-hit" style={{ lineHeight: 1.4 }}>
      <div>
        <strong>{hit.name}</strong>
        <span style={{ marginLeft: 8 }}>{relation ? l.text(relation) : hit.relation}</span>
        <span style={{ marginLeft: 8, color: 'rgba(0,0,0,0.45)' }}>{hit.idNumber}</span>
      </div>
      <div style={{ color: 'rgba(0,0,0,0.45)', fontSize: 12, whiteSpace: 'normal' }}>
        <RegionName code={hit.villageCode} /> · {hit.address}
      </div>
    </div>
  );
}
