import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Form, Input, Modal, Select } from 'antd';
import {
  applyFieldErrors,
  type DataColumn,
  DataTable,
  describeError,
  formatFen,
  newIdempotencyKey,
  parseYuanToFen,
  shanghaiToday,
  useL,
  useRegion,
  useShell,
  useTableParams,
} from '@zhenxing/ui';
import { useState } from 'react';
import { FUND_LEVELS, type FundLevel } from '../../index.ts';
import { LEVELS, RegionName, useFundsYear, YearSelect } from '../shared.tsx';
import { useTRPC } from '../trpc.ts';

export default function Batches() {
  const l = useL();
  const region = useRegion();
  const shell = useShell();
  const trpc = useTRPC();
  const [year, setYear] = useFundsYear();
  const [creating, setCreating] = useState(false);
  const batches = useQuery(trpc.funds.batches.list.queryOptions({ regionCode: region.code, year }));
  const { params, setParams } = useTableParams({ pageSize: 20 });
  type Row = NonNullable<typeof batches.data>[number];
  const canManage = shell.hasPermission('funds.fund.manage') && region.countyCode !== null;

  const columns: DataColumn<Row>[] = [
    {
      key: 'countyCode',
      title: l('县（市、区）', 'County'),
      render: (_, row) => <RegionName code={row.countyCode} />,
      defaultHidden: region.countyCode !== null,
    },
    {
      key: 'level',
      title: l('级别', 'Level'),
      render: (_, row) => l.text(LEVELS[row.level] ?? row.level),
      exportValue: (row) => l.text(LEVELS[row.level] ?? row.level),
    },
    { key: 'documentNumber', title: l('文号', 'Document No.') },
    { key: 'documentDate', title: l('下达日期', 'Date') },
    { key: 'title', title: l('名称', 'Title') },
    {
      key: 'amountFen',
      title: l('金额（元）', 'Amount (yuan)'),
      align: 'right',
      render: (_, row) => formatFen(row.amountFen),
      exportValue: (row) => formatFen(row.amountFen),
    },
    {
      key: 'allocatedFen',
      title: l('已安排（元）', 'Allocated (yuan)'),
      align: 'right',
      render: (_, row) => formatFen(row.allocatedFen),
      exportValue: (row) => formatFen(row.allocatedFen),
    },
    {
      key: 'unallocatedFen',
      title: l('未安排（元）', 'Unallocated (yuan)'),
      align: 'right',
      render: (_, row) => formatFen(row.unallocatedFen),
      exportValue: (row) => formatFen(row.unallocatedFen),
    },
  ];

  return (
    <div data-testid="funds-batches">
      <h1 className="zx-page-title">{l('资金批次', 'Fund batches')}</h1>
      <DataTable<Row>
        tableId="funds-batches"
        columns={columns}
        rows={batches.data}
        total={batches.data?.length}
        loading={batches.isFetching}
        error={batches.error}
        onRetry={() => void batches.refetch()}
        params={params}
        onParamsChange={setParams}
        rowKey="id"
        exportName={l('资金批次', 'fund-batches')}
        toolbar={
          <>
            <YearSelect value={year} onChange={setYear} />
            {canManage ? (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="batch-create">
                {l('登记资金批次', 'Record a batch')}
              </Button>
            ) : null}
          </>
        }
      />
      {creating ? <BatchModal year={year} onClose={() => setCreating(false)} /> : null}
    </div>
  );
}

interface BatchForm {
  level: FundLevel;
  documentNumber: string;
  documentDate: string;
  amountYuan: string;
  title?: string;
}

function BatchModal({ year, onClose }: { year: number; onClose: () => void }) {
  const l = useL();
  const region = useRegion();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<BatchForm>();
  const [key] = useState(() => newIdempotencyKey('batch'));
  const create = useMutation(trpc.funds.batches.create.mutationOptions());

  const onFinish = async (values: BatchForm) => {
    const amountFen = parseYuanToFen(values.amountYuan);
    if (amountFen === null) return;
    try {
      await create.mutateAsync({
        regionCode: region.code,
        year: Number(values.documentDate.slice(0, 4)) || year,
        level: values.level,
        documentNumber: values.documentNumber,
        documentDate: values.documentDate,
        amountFen,
        title: values.title ?? '',
        idempotencyKey: key,
      });
      message.success(l('已登记', 'Recorded'));
      await queryClient.invalidateQueries();
      onClose();
    } catch (error) {
      if (!applyFieldErrors(form, error, l.locale)) message.error(describeError(error, l.locale).message);
    }
  };

  return (
    <Modal
      open
      title={l('登记资金批次', 'Record a batch')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={create.isPending}
      okText={l('保存', 'Save')}
      cancelText={l('取消', 'Cancel')}
      destroyOnHidden
    >
      <Form<BatchForm>
        form={form}
        layout="vertical"
        onFinish={(values) => void onFinish(values)}
        initialValues={{ level: 'central', documentDate: year === Number(shanghaiToday().slice(0, 4)) ? shanghaiToday() : `${year}-01-01` }}
        data-testid="batch-form"
      >
        <Form.Item name="level" label={l('资金级别', 'Level')} rules={[{ required: true }]}>
          <Select options={FUND_LEVELS.map((value) => ({ value, label: l.text(LEVELS[value]) }))} data-testid="batch-level" />
        </Form.Item>
        <Form.Item
          name="documentNumber"
          label={l('文号', 'Document No.')}
          rules={[{ required: true, min: 2, message: l('请填写文号，如 冀财农〔2026〕12号', 'Enter the document number') }]}
        >
          <Input placeholder="冀财农〔2026〕12号" />
        </Form.Item>
        <Form.Item name="documentDate" label={l('下达日期（决定资金年度）', 'Date (sets the funds year)')} rules={[{ required: true }]}>
          <Input type="date" />
        </Form.Item>
        <Form.Item
          name="amountYuan"
          label={l('金额（元）', 'Amount (yuan)')}
          rules={[
            { required: true, message: l('请填写金额', 'Enter the amount') },
            {
              validator: async (_, value: string) => {
                if (value && parseYuanToFen(value) === null) throw new Error(l('请输入正确金额，最多两位小数', 'Enter an amount with at most 2 decimals'));
              },
            },
          ]}
        >
          <Input inputMode="decimal" placeholder="1000000.00" />
        </Form.Item>
        <Form.Item name="title" label={l('名称（可选）', 'Title (optional)')}>
          <Input maxLength={200} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
