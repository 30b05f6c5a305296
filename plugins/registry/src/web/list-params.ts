/**
 * The household list's filters, page and sort live in the URL (?q=&status=&area=&page=&size=&sort=&order=),
 * so going back from a household returns to the same page and a link can be shared.
 */
import type { TableParams } from '@zhenxing/ui';
import { HOUSEHOLD_SORTS, HOUSEHOLD_STATUSES, type HouseholdStatus } from '../index.ts';

export type HouseholdSort = (typeof HOUSEHOLD_SORTS)[number];

export interface ListState {
  search: string;
  status: HouseholdStatus | undefined;
  /** A township or village under the selected region; undefined for the whole region. */
  area: string | undefined;
  page: number;
  pageSize: number;
  sort: { field: HouseholdSort; order: 'asc' | 'desc' } | null;
}

const PAGE_SIZES = [10, 20, 50, 100];

function positive(text: string | null, fallback: number): number {
  const value = Number(text);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

export function readListState(params: URLSearchParams): ListState {
  const status = params.get('status');
  const area = params.get('area');
  const sort = params.get('sort');
  const size = positive(params.get('size'), 20);
  return {
    search: (params.get('q') ?? '').slice(0, 50),
    status: (HOUSEHOLD_STATUSES as readonly string[]).includes(status ?? '') ? (status as HouseholdStatus) : undefined,
    area: area && /^(\d{9}|\d{12})$/.test(area) ? area : undefined,
    page: positive(params.get('page'), 1),
    pageSize: PAGE_SIZES.includes(size) ? size : 20,
    sort:
      sort && (HOUSEHOLD_SORTS as readonly string[]).includes(sort)
        ? { field: sort as HouseholdSort, order: params.get('order') === 'desc' ? 'desc' : 'asc' }
        : null,
  };
}

export function writeListState(state: ListState): URLSearchParams {
  const params = new URLSearchParams();
  if (state.search) params.set('q', state.search);
  if (state.status) params.set('status', state.status);
  if (state.area) params.set('area', state.area);
  if (state.page > 1) params.set('page', String(state.page));
  if (state.pageSize !== 20) params.set('size', String(state.pageSize));
  if (state.sort) {
    params.set('sort', state.sort.field);
    params.set('order', state.sort.order);
  }
  return params;
}

/** The DataTable's view of the state. */
export function tableParamsOf(state: ListState): TableParams {
  return { page: state.page, pageSize: state.pageSize, sort: state.sort, filters: {} };
}

/** A DataTable change back into the state (unknown sort columns are ignored). */
export function fromTableParams(state: ListState, params: TableParams): ListState {
  const field = params.sort?.field;
  const sort =
    params.sort && field && (HOUSEHOLD_SORTS as readonly string[]).includes(field) ? { field: field as HouseholdSort, order: params.sort.order } : null;
  return { ...state, page: params.page, pageSize: params.pageSize, sort };
}
