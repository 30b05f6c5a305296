/** Targets (the province) or results (the county) of one relationship and year: one field per indicator, yuan for money. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { applyFieldErrors, ErrorMessage, parseYuanToFen, useL } from '@zhenxing/ui';
import { App, Form, Input, Modal } from 'antd';
import { useEffect } from 'react';
import { INDICATORS, UNIT_LABELS, type IndicatorCode, type RelationshipView } from '../../index.ts';
import { useTRPC } from '../trpc.ts';

interface Props {
  relationship: RelationshipView;
  year: number;
  mode: 'targets' | 'results';
  regionCode: string;
  onClose(): void;
}

const toText = (indicator: IndicatorCode, value: number | null) =>
  value === null ? '' : INDICATORS[indicator].unit === 'fen' ? (value / 100).toFixed(2) : String(value);

export function CommitmentsForm({ relationship, year, mode, regionCode, onClose }: Props) {
  const l = useL();
  const trpc = useTRPC();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Record<string, string>>();
  const current = useQuery(trpc['social-assistance'].commitments.list.queryOptions({ regionCode, relationshipId: relationship.id, year }));
  const setTargets = useMutation(trpc['social-assistance'].commitments.setTargets.mutationOptions());
  const recordResults = useMutation(trpc['social-assistance'].commitments.recordResults.mutationOptions());
  const pending = setTargets.isPending || recordResults.isPending;
  const error = setTargets.error ?? recordResults.error;

  useEffect(() => {
    if (!current.data) return;
    form.setFieldsValue(
      Object.fromEntries(current.data.commitments.map((row) => [row.indicator, toText(row.indicator, mode === 'targets' ? row.target : row.actual)])),
    );
  }, [current.data, form, mode]);

  async function save() {
    const values = await form.validateFields();
    const entries: { indicator: IndicatorCode; value: number }[] = [];
    for (const row of current.data?.commitments ?? []) {
      const text = (values[row.indicator] ?? '').trim();
      if (text === '') continue;
      const value = INDICATORS[row.indicator].unit === 'fen' ? parseYuanToFen(text) : /^\d+$/.test(text) ? Number(text) : null;
      if (value === null) {
        form.setFields([{ name: row.indicator, errors: [l('请输入非负数', 'Enter a non-negative number')] }]);
        return;
      }
      entries.push({ indicator: row.indicator, value });
    }
    if (entries.length === 0) {
      message.warning(l('请至少填写一项', 'Fill in at least one'));
      return;
    }
    try {
      if (mode === 'targets') {
        await setTargets.mutateAsync({
          regionCode,
          relationshipId: relationship.id,
          year,
          targets: entries.map((entry) => ({ indicator: entry.indicator, target: entry.value })),
        });
        message.success(l('已下达年度目标', 'Targets set'));
      } else {
        await recordResults.mutateAsync({
          regionCode,
          relationshipId: relationship.id,
          year,
          actuals: entries.map((entry) => ({ indicator: entry.indicator, actual: entry.value })),
        });
        message.success(l('已填报完成情况', 'Results recorded'));
      }
      await queryClient.invalidateQueries({ queryKey: trpc['social-assistance'].pathKey() });
      onClose();
    } catch (caught) {
      applyFieldErrors(form, caught, l.locale);
    }
  }

  return (
    <Modal
      open
      title={`${mode === 'targets' ? l('下达年度目标', 'Set targets') : l('填报完成情况', 'Record results')} · ${relationship.organisationName} → ${relationship.countyName} · ${year}`}
      okText={l('保存', 'Save')}
      onOk={() => void save()}
      confirmLoading={pending}
      onCancel={onClose}
    >
      <ErrorMessage error={current.error ?? error} />
      <Form form={form} layout="vertical" data-testid="commitments-form">
        {(current.data?.commitments ?? []).map((row) => (
          <Form.Item
            key={row.indicator}
            name={row.indicator}
            label={`${l.text(INDICATORS[row.indicator].label)}（${l.text(UNIT_LABELS[INDICATORS[row.indicator].unit])}）`}
            extra={
              mode === 'results' && row.target !== null
                ? l(`目标 ${toText(row.indicator, row.target)}`, `target ${toText(row.indicator, row.target)}`)
                : undefined
            }
          >
            <Input inputMode="decimal" data-testid={`indicator-${row.indicator}`} />
          </Form.Item>
        ))}
      </Form>
    </Modal>
  );
}
