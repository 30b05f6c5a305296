import { DownloadOutlined, ReloadOutlined, SettingOutlined } from '@ant-design/icons';
import { App, Button, Checkbox, Dropdown, Space, Table, Tooltip } from 'antd';
import type { TableColumnType, TablePaginationConfig } from 'antd';
import type { FilterValue, SorterResult } from 'antd/es/table/interface';
import { useCallback, useMemo, useState, type Key, type ReactNode } from 'react';
import { describeError, ErrorMessage } from './errors.tsx';
import { datedFileName, downloadBlob, toCsv, type ExportCell } from './export.ts';
import { useL } from './shell.tsx';
import { EmptyState } from './states.tsx';

export interface TableParams {
  page: number;
  pageSize: number;
  sort: { field: string; order: 'asc' | 'desc' } | null;
  /** Column key → selected filter values (server-side filtering). */
  filters: Record<string, readonly Key[]>;
}

export function useTableParams(initial: Partial<TableParams> = {}) {
  const [params, setParams] = useState<TableParams>({ page: 1, pageSize: 20, sort: null, filters: {}, ...initial });
  /** Changing a filter outside the table (search box, select) goes back to page 1. */
  const patch = useCallback((change: Partial<TableParams>) => setParams((current) => ({ ...current, page: 1, ...change })), []);
  return { params, setParams, patch };
}

export interface DataColumn<T> extends Omit<TableColumnType<T>, 'key' | 'title' | 'sorter' | 'filters'> {
  key: string;
  title: string;
  /** Server-side sort on this column. */
  sortable?: boolean;
  /** Server-side filter choices. */
  filters?: { text: string; value: Key }[];
  /** The value in the export (default: `row[key]`). */
  exportValue?: (row: T) => ExportCell;
  /** Hidden until chosen in the column chooser. */
  defaultHidden?: boolean;
}

export interface DataTableProps<T> {
  /** Remembers the column choice per table (localStorage). */
  tableId: string;
  columns: readonly DataColumn<T>[];
  rows: readonly T[] | undefined;
  total: number | undefined;
  loading?: boolean;
  error?: unknown;
  onRetry?: () => void;
  params: TableParams;
  onParamsChange: (params: TableParams) => void;
  rowKey: keyof T & string;
  title?: ReactNode;
  /** Filters and actions shown left of the table tools. */
  toolbar?: ReactNode;
  /** Base file name of the export (a date is appended). */
  exportName?: string;
  /**
   * Export: by default the client builds a CSV of `fetchAll()` (all pages, same filters) or of the
   * current page. Give `onExport` instead to let the server build an xlsx (see downloadBase64).
   */
  fetchAll?: () => Promise<readonly T[]>;
  onExport?: () => Promise<void>;
  empty?: ReactNode;
}

function storageKey(tableId: string) {
  return `zx.table.${tableId}.columns`;
}

function readHidden<T>(tableId: string, columns: readonly DataColumn<T>[]): Set<string> {
  try {
    const stored = localStorage.getItem(storageKey(tableId));
    if (stored) return new Set(JSON.parse(stored) as string[]);
  } catch {
    /* private mode: fall back to defaults */
  }
  return new Set(columns.filter((column) => column.defaultHidden).map((column) => column.key));
}

/**
 * The platform's list view: server-side pagination, sort and filters, a column chooser that is
 * remembered, CSV/xlsx export, and the standard loading / error / empty states.
 */
export function DataTable<T extends object>(props: DataTableProps<T>) {
  const { columns, params, onParamsChange } = props;
  const l = useL();
  const { message } = App.useApp();
  const [hidden, setHidden] = useState(() => readHidden(props.tableId, columns));
  const [exporting, setExporting] = useState(false);

  const toggle = (key: string, visible: boolean) => {
    const next = new Set(hidden);
    if (visible) next.delete(key);
    else next.add(key);
    setHidden(next);
    try {
      localStorage.setItem(storageKey(props.tableId), JSON.stringify([...next]));
    } catch {
      /* ignore */
    }
  };

  const visibleColumns = useMemo(
    () =>
      columns
        .filter((column) => !hidden.has(column.key))
        .map(({ sortable, filters, exportValue: _export, defaultHidden: _hidden, ...column }): TableColumnType<T> => ({
          ...column,
          dataIndex: column.dataIndex ?? column.key,
          sorter: sortable ? true : undefined,
          sortOrder: params.sort?.field === column.key ? (params.sort.order === 'asc' ? 'ascend' : 'descend') : null,
          filters,
          filteredValue: filters ? ((params.filters[column.key] as Key[] | undefined) ?? null) : undefined,
        })),
    [columns, hidden, params],
  );

  const onChange = (pagination: TablePaginationConfig, filters: Record<string, FilterValue | null>, sorter: SorterResult<T> | SorterResult<T>[]) => {
    const single = Array.isArray(sorter) ? sorter[0] : sorter;
    const field = single?.columnKey ? String(single.columnKey) : null;
    const cleaned: Record<string, readonly Key[]> = {};
    for (const [key, value] of Object.entries(filters)) if (value && value.length > 0) cleaned[key] = value as Key[];
    const filtersChanged = JSON.stringify(cleaned) !== JSON.stringify(params.filters);
    onParamsChange({
      page: filtersChanged ? 1 : (pagination.current ?? 1),
      pageSize: pagination.pageSize ?? params.pageSize,
      sort: field && single?.order ? { field, order: single.order === 'ascend' ? 'asc' : 'desc' } : null,
      filters: cleaned,
    });
  };

  const exportRows = async () => {
    setExporting(true);
    try {
      if (props.onExport) {
        await props.onExport();
        return;
      }
      const rows = props.fetchAll ? await props.fetchAll() : (props.rows ?? []);
      const exported = columns.filter((column) => !hidden.has(column.key));
      const csv = toCsv(
        exported.map((column) => column.title),
        rows.map((row) =>
          exported.map((column) => (column.exportValue ? column.exportValue(row) : ((row as Record<string, unknown>)[column.key] as ExportCell))),
        ),
      );
      downloadBlob(new Blob([csv], { type: 'text/csv;charset=utf-8' }), datedFileName(props.exportName ?? props.tableId, 'csv'));
      message.success(l(`已导出 ${rows.length} 行`, `Exported ${rows.length} rows`));
    } catch (error) {
      message.error(describeError(error, l.locale).message);
    } finally {
      setExporting(false);
    }
  };

  const chooser = (
    <Dropdown
      trigger={['click']}
      popupRender={() => (
        <div style={{ background: '#fff', padding: 12, borderRadius: 8, boxShadow: '0 6px 16px rgba(0,0,0,0.12)' }}>
          <Space orientation="vertical">
            {columns.map((column) => (
              <Checkbox key={column.key} checked={!hidden.has(column.key)} onChange={(event) => toggle(column.key, event.target.checked)}>
                {column.title}
              </Checkbox>
            ))}
          </Space>
        </div>
      )}
    >
      <Tooltip title={l('选择显示的列', 'Choose columns')}>
        <Button icon={<SettingOutlined />} aria-label={l('列设置', 'Columns')} />
      </Tooltip>
    </Dropdown>
  );

  return (
    <div className="zx-data-table">
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'center', marginBottom: 12 }}>
        {props.title ? <div style={{ fontWeight: 600, fontSize: 16, marginRight: 8 }}>{props.title}</div> : null}
        <div style={{ flex: 1, display: 'flex', flexWrap: 'wrap', gap: 8 }}>{props.toolbar}</div>
        <Space>
          {props.onRetry ? (
            <Tooltip title={l('刷新', 'Refresh')}>
              <Button icon={<ReloadOutlined />} onClick={props.onRetry} aria-label={l('刷新', 'Refresh')} />
            </Tooltip>
          ) : null}
          {chooser}
          <Button icon={<DownloadOutlined />} loading={exporting} onClick={() => void exportRows()}>
            {l('导出', 'Export')}
          </Button>
        </Space>
      </div>
      {props.error ? (
        <ErrorMessage
          error={props.error}
          action={
            props.onRetry ? (
              <Button size="small" onClick={props.onRetry}>
                {l('重试', 'Retry')}
              </Button>
            ) : undefined
          }
        />
      ) : null}
      <Table<T>
        rowKey={props.rowKey}
        columns={visibleColumns}
        dataSource={(props.rows ?? []) as T[]}
        loading={props.loading}
        onChange={onChange}
        scroll={{ x: 'max-content' }}
        size="middle"
        locale={{ emptyText: props.error ? ' ' : (props.empty ?? <EmptyState />) }}
        pagination={{
          current: params.page,
          pageSize: params.pageSize,
          total: props.total ?? 0,
          showSizeChanger: true,
          pageSizeOptions: [10, 20, 50, 100],
          showTotal: (total) => l(`共 ${total} 条`, `${total} in total`),
        }}
      />
    </div>
  );
}
