import { useMutation, useQueryClient } from '@tanstack/react-query';
import { describeError, ErrorMessage, pickLanguage, useL, useRegion } from '@zhenxing/ui';
import { App, Button, Form, Input, InputNumber, Space } from 'antd';
import { useState } from 'react';
import { parseCountyLines } from '../figures.ts';
import { useTRPC } from '../trpc.ts';

interface FiguresValues {
  nationalBasisPoints: number;
  provincialBasisPoints: number;
  counties: string;
}

/** 录入增速数据 (province): national and provincial growth, and each county's local farmers' growth. */
export function GrowthFiguresForm({ year }: { year: number }) {
  const l = useL();
  const region = useRegion();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<FiguresValues>();
  const [badLines, setBadLines] = useState<number[]>([]);
  const [sentLines, setSentLines] = useState<number[]>([]);
  const enter = useMutation(trpc.income.supervision.enterFigures.mutationOptions());
  const submit = (values: FiguresValues) => {
    const parsed = parseCountyLines(values.counties);
    setBadLines(parsed.badLines);
    if (parsed.badLines.length > 0 || parsed.counties.length === 0) return;
    setSentLines(parsed.lines);
    enter.mutate(
      {
        regionCode: region.code,
        year,
        nationalBasisPoints: values.nationalBasisPoints,
        provincialBasisPoints: values.provincialBasisPoints,
        counties: parsed.counties,
      },
      {
        onSuccess: async (rows) => {
          await queryClient.invalidateQueries({ queryKey: trpc.income.pathKey() });
          message.success(l(`已录入 ${year} 年 ${rows.length} 个县的增速`, `Figures for ${rows.length} counties saved for ${year}`));
        },
      },
    );
  };
  // The server's per-row errors (`counties.N.…`), shown against the line the row came from.
  const rowErrors = Object.entries(enter.error ? describeError(enter.error, l.locale).fieldErrors : {}).flatMap(([name, messages]) => {
    const match = /^counties\.(\d+)\./.exec(name);
    const line = match ? sentLines[Number(match[1])] : undefined;
    return messages.map((text) => (line === undefined ? pickLanguage(text, l.locale) : l(`第 ${line} 行：`, `Line ${line}: `) + pickLanguage(text, l.locale)));
  });
  return (
    <Form<FiguresValues> form={form} layout="vertical" onFinish={submit} data-testid="growth-figures-form">
      <ErrorMessage error={enter.error} />
      {badLines.length > 0 ? (
        <div role="alert" style={{ color: '#cf1322', marginBottom: 8 }}>
          {l(`第 ${badLines.join('、')} 行无法识别`, `Line(s) ${badLines.join(', ')} cannot be read`)}
        </div>
      ) : null}
      {rowErrors.length > 0 ? (
        <ul role="alert" data-testid="figures-row-errors" style={{ color: '#cf1322', marginBottom: 8 }}>
          {rowErrors.map((text) => (
            <li key={text}>{text}</li>
          ))}
        </ul>
      ) : null}
      <Space wrap>
        <Form.Item name="nationalBasisPoints" label={l('全国农民收入增速（基点）', 'National growth (basis points)')} rules={[{ required: true }]}>
          <InputNumber precision={0} data-testid="figures-national" />
        </Form.Item>
        <Form.Item name="provincialBasisPoints" label={l('全省农民收入增速（基点）', 'Provincial growth (basis points)')} rules={[{ required: true }]}>
          <InputNumber precision={0} data-testid="figures-provincial" />
        </Form.Item>
      </Space>
      <Form.Item
        name="counties"
        label={l(
          '各县当地农民收入增速：每行“县代码 增速（基点） 是否脱贫县（是/否）”',
          'One county a line: code, growth (basis points), poverty county (yes/no)',
        )}
        rules={[{ required: true }]}
      >
        <Input.TextArea rows={4} placeholder="130609 630 否" data-testid="figures-counties" />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={enter.isPending} data-testid="figures-submit">
        {l('保存增速数据', 'Save the figures')}
      </Button>
    </Form>
  );
}
