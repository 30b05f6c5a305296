/**
 * 消费帮扶: purchases of the county's products by product, county of origin and buyer. The county of
 * origin records them; every reader sees the totals by product and by county of its region.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { applyFieldErrors, ErrorMessage, formatFen, parseYuanToFen, useL, useRegion, useShell } from '@zhenxing/ui';
import { App, Button, Card, Col, Form, Input, InputNumber, Row, Select, Space, Statistic, Table } from 'antd';
import { useState } from 'react';
import { PRODUCT_CATEGORIES, PRODUCT_CATEGORY_LABELS, type ProductCategory, type PurchaseSummary, type PurchaseView } from '../../index.ts';
import { shanghaiYear } from '../format.ts';
import { useTRPC } from '../trpc.ts';

interface Values {
  productName: string;
  productCategory: ProductCategory;
  amount: string;
  buyerOrganisationId: number;
  relationshipId?: number;
  purchasedOn: string;
}

function PurchaseForm({ regionCode, year }: { regionCode: string; year: number }) {
  const l = useL();
  const trpc = useTRPC();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const organisations = useQuery(trpc['social-assistance'].organisations.list.queryOptions({ regionCode }));
  const relationships = useQuery(trpc['social-assistance'].relationships.list.queryOptions({ regionCode, system: 'pairing' }));
  const create = useMutation(trpc['social-assistance'].purchases.create.mutationOptions());
  async function save() {
    const values = await form.validateFields();
    const amountFen = parseYuanToFen(values.amount);
    if (amountFen === null || amountFen <= 0) {
      form.setFields([{ name: 'amount', errors: [l('请填写金额（元，最多两位小数）', 'Enter the amount in yuan')] }]);
      return;
    }
    try {
      await create.mutateAsync({
        regionCode,
        year,
        productName: values.productName,
        productCategory: values.productCategory,
        amountFen,
        buyerOrganisationId: values.buyerOrganisationId,
        relationshipId: values.relationshipId ?? null,
        purchasedOn: values.purchasedOn,
      });
      message.success(l('已登记消费帮扶采购', 'Purchase recorded'));
      form.resetFields(['productName', 'amount']);
      await queryClient.invalidateQueries({ queryKey: trpc['social-assistance'].purchases.pathKey() });
    } catch (caught) {
      applyFieldErrors(form, caught, l.locale);
    }
  }
  return (
    <Card size="small" title={l('登记采购', 'Record a purchase')} style={{ marginBottom: 16 }}>
      <ErrorMessage error={organisations.error ?? create.error} />
      <Form form={form} layout="inline" data-testid="purchase-form" initialValues={{ productCategory: 'grain', purchasedOn: `${year}-01-01` }}>
        <Form.Item name="productName" label={l('产品', 'Product')} rules={[{ required: true }]}>
          <Input data-testid="purchase-product" />
        </Form.Item>
        <Form.Item name="productCategory" label={l('类别', 'Category')} rules={[{ required: true }]}>
          <Select
            data-testid="purchase-category"
            style={{ width: 120 }}
            options={PRODUCT_CATEGORIES.map((code) => ({ value: code, label: l.text(PRODUCT_CATEGORY_LABELS[code]) }))}
          />
        </Form.Item>
        <Form.Item name="amount" label={l('金额（元）', 'Amount (yuan)')} rules={[{ required: true }]}>
          <Input data-testid="purchase-amount" style={{ width: 120 }} />
        </Form.Item>
        <Form.Item name="buyerOrganisationId" label={l('采购单位', 'Buyer')} rules={[{ required: true }]}>
          <Select
            data-testid="purchase-buyer"
            style={{ minWidth: 200 }}
            showSearch
            optionFilterProp="label"
            options={(organisations.data ?? []).filter((row) => row.active).map((row) => ({ value: row.id, label: row.name }))}
          />
        </Form.Item>
        <Form.Item name="relationshipId" label={l('计入消费帮扶关系', 'Under pairing')}>
          <Select
            allowClear
            style={{ minWidth: 160 }}
            options={(relationships.data ?? [])
              .filter((row) => row.kind === 'consumption')
              .map((row) => ({ value: row.id, label: `${row.id} · ${row.organisationName}` }))}
          />
        </Form.Item>
        <Form.Item name="purchasedOn" label={l('日期', 'Date')} rules={[{ required: true, pattern: /^\d{4}-\d{2}-\d{2}$/, message: 'YYYY-MM-DD' }]}>
          <Input style={{ width: 120 }} data-testid="purchase-date" />
        </Form.Item>
        <Form.Item>
          <Button type="primary" data-testid="purchase-save" loading={create.isPending} onClick={() => void save()}>
            {l('登记', 'Record')}
          </Button>
        </Form.Item>
      </Form>
    </Card>
  );
}

export default function PurchasesPage() {
  const l = useL();
  const region = useRegion();
  const trpc = useTRPC();
  const { hasPermission } = useShell();
  const record = hasPermission('social-assistance.result.record') && Boolean(region.countyCode);
  const [year, setYear] = useState(shanghaiYear());
  const summary = useQuery(trpc['social-assistance'].purchases.summary.queryOptions({ regionCode: region.code, year }));
  const list = useQuery(trpc['social-assistance'].purchases.list.queryOptions({ regionCode: region.code, year }));
  return (
    <div data-testid="assistance-purchases">
      <h1 className="zx-page-title">{l('消费帮扶', 'Consumption assistance')}</h1>
      <Space wrap style={{ marginBottom: 16 }}>
        <span>{l('年度', 'Year')}</span>
        <InputNumber min={2000} max={2100} value={year} onChange={(value) => value && setYear(value)} />
      </Space>
      {record && <PurchaseForm regionCode={region.code} year={year} />}
      <ErrorMessage error={summary.error ?? list.error} />
      <Row gutter={16}>
        <Col xs={24} md={8}>
          <Card size="small">
            <Statistic title={l('采购总额', 'Total purchases')} value={summary.data ? formatFen(summary.data.totalFen) : '—'} loading={summary.isPending} />
          </Card>
        </Col>
      </Row>
      <Row gutter={16} style={{ marginTop: 16 }}>
        <Col xs={24} md={12}>
          <Card size="small" title={l('按产品', 'By product')}>
            <Table<PurchaseSummary['byProduct'][number]>
              size="small"
              data-testid="purchases-by-product"
              rowKey={(row) => `${row.productCategory}:${row.productName}`}
              pagination={false}
              dataSource={summary.data?.byProduct ?? []}
              columns={[
                { key: 'product', dataIndex: 'productName', title: l('产品', 'Product') },
                { key: 'category', title: l('类别', 'Category'), render: (_: unknown, row) => l.text(PRODUCT_CATEGORY_LABELS[row.productCategory]) },
                { key: 'count', dataIndex: 'purchases', title: l('笔数', 'Purchases') },
                { key: 'amount', title: l('金额', 'Amount'), render: (_: unknown, row) => formatFen(row.amountFen) },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} md={12}>
          <Card size="small" title={l('按产地县', 'By county of origin')}>
            <Table<PurchaseSummary['byCounty'][number]>
              size="small"
              data-testid="purchases-by-county"
              rowKey="countyCode"
              pagination={false}
              dataSource={summary.data?.byCounty ?? []}
              columns={[
                { key: 'county', dataIndex: 'countyName', title: l('县（区）', 'County') },
                { key: 'count', dataIndex: 'purchases', title: l('笔数', 'Purchases') },
                { key: 'amount', title: l('金额', 'Amount'), render: (_: unknown, row) => formatFen(row.amountFen) },
              ]}
            />
          </Card>
        </Col>
      </Row>
      <Card size="small" title={l('采购明细', 'Purchases')} style={{ marginTop: 16 }}>
        <Table<PurchaseView>
          size="small"
          rowKey="id"
          loading={list.isPending}
          dataSource={list.data ?? []}
          columns={[
            { key: 'date', dataIndex: 'purchasedOn', title: l('日期', 'Date') },
            { key: 'county', dataIndex: 'countyName', title: l('产地县', 'County') },
            { key: 'product', dataIndex: 'productName', title: l('产品', 'Product') },
            { key: 'buyer', dataIndex: 'buyerName', title: l('采购单位', 'Buyer') },
            { key: 'amount', title: l('金额', 'Amount'), render: (_: unknown, row) => formatFen(row.amountFen) },
          ]}
        />
      </Card>
    </div>
  );
}
