import { PlayCircleOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ErrorMessage, uploadFile, useL, useRegion } from '@zhenxing/ui';
import { Alert, Button, Card, Radio, Space, Typography } from 'antd';
import { useState } from 'react';
import { DEPARTMENT_SOURCES, type DepartmentSource } from '../../index.ts';
import { ComparisonResultView } from '../components/ComparisonResultView.tsx';
import { FileChooser } from '../components/FileChooser.tsx';
import { TemplateButtons } from '../components/TemplateButtons.tsx';
import type { ChosenFile } from '../files.ts';
import { uploadFailure } from '../form-errors.ts';
import { DEPARTMENTS } from '../labels.ts';
import { useTRPC, type ComparisonRunResult } from '../trpc.ts';

/** What each department's file is checked for (§1 早 部门预警). */
const PURPOSE: Record<DepartmentSource, { 'zh-CN': string; en: string }> = {
  'medical-insurance': { 'zh-CN': '按医保自付费用判断大病重病负担和支出骤增', en: 'Out-of-pocket medical costs: illness burden and spending surges' },
  disability: { 'zh-CN': '按残疾等级判断重度残疾风险', en: 'Disability grades: severe disability' },
  'civil-affairs': { 'zh-CN': '低保、特困对象是否已纳入监测', en: 'Safety-net recipients not yet monitored' },
  emergency: { 'zh-CN': '受灾农户的突发严重困难（需入户核实）', en: 'Sudden difficulty after disasters (to verify)' },
  education: { 'zh-CN': '义务教育阶段失学辍学', en: 'Children out of compulsory school' },
};

/**
 * 部门信息比对: a department's file is matched to household members by ID number and the rules are
 * evaluated with its figures; findings go to monitoring as department warnings. Nothing in the
 * registry changes.
 */
export default function ComparisonPage() {
  const l = useL();
  const region = useRegion();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [source, setSource] = useState<DepartmentSource>('medical-insurance');
  const [file, setFile] = useState<ChosenFile | null>(null);
  const [result, setResult] = useState<ComparisonRunResult | null>(null);
  const run = useMutation(trpc.registry.comparison.run.mutationOptions());
  const [sending, setSending] = useState<number | null>(null);
  const [uploadError, setUploadError] = useState<unknown>(null);
  const county = region.countyCode;

  const choose = (next: ChosenFile | null) => {
    setFile(next);
    setResult(null);
    setUploadError(null);
    run.reset();
  };
  const start = async () => {
    if (!file) return;
    setResult(null);
    setUploadError(null);
    run.reset();
    let uploadId: string;
    // A comparison consumes its upload, so each run sends the file (once) again.
    setSending(0);
    try {
      uploadId = await uploadFile(file.file, { plugin: 'registry', purpose: 'comparison', regionCode: region.code, onProgress: setSending });
    } catch (error) {
      setUploadError(error);
      return;
    } finally {
      setSending(null);
    }
    try {
      setResult(await run.mutateAsync({ regionCode: region.code, source, uploadId }));
    } catch {
      // Shown below from run.error.
    }
  };

  return (
    <div data-testid="registry-comparison">
      <h1 className="zx-page-title">{l('部门信息比对', 'Department data comparison')}</h1>
      {!county ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={l(
            '比对按县（区）进行，请先在页面顶部选择一个县（区）或更下级的区划。',
            'Comparisons are per county: choose a county (or lower) at the top of the page first.',
          )}
        />
      ) : null}
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        <Card size="small" title={l('1. 选择数据来源', '1. Department')}>
          <Radio.Group
            value={source}
            onChange={(event) => {
              setSource(event.target.value as DepartmentSource);
              setResult(null);
              run.reset();
            }}
            optionType="button"
            buttonStyle="solid"
            options={DEPARTMENT_SOURCES.map((value) => ({ value, label: l.text(DEPARTMENTS[value]) }))}
            data-testid="comparison-source"
          />
          <Typography.Paragraph type="secondary" style={{ margin: '8px 0 12px' }}>
            {l.text(PURPOSE[source])}
          </Typography.Paragraph>
          <TemplateButtons
            disabled={!county}
            load={(format) => queryClient.fetchQuery(trpc.registry.comparison.template.queryOptions({ regionCode: region.code, source, format }))}
          />
        </Card>
        <Card size="small" title={l('2. 上传部门数据并比对', '2. Upload the department’s file and compare')}>
          <FileChooser file={file} onChange={choose} disabled={run.isPending || sending !== null || !county} />
          <Space wrap style={{ marginTop: 12 }}>
            <Button
              type="primary"
              icon={<PlayCircleOutlined />}
              disabled={!file || !county}
              loading={run.isPending || sending !== null}
              onClick={() => void start()}
              data-testid="comparison-run"
            >
              {l('开始比对', 'Compare')}
            </Button>
            <Typography.Text type="secondary">
              {l('按身份证号匹配本辖区农户成员，不修改农户信息。', 'Matches members of your area by ID number; the registry is not changed.')}
            </Typography.Text>
          </Space>
          <div style={{ marginTop: 12 }}>
            <ErrorMessage error={uploadError ?? (run.error ? uploadFailure(run.error) : null)} />
          </div>
        </Card>
        {result ? <ComparisonResultView result={result} /> : null}
      </Space>
    </div>
  );
}
