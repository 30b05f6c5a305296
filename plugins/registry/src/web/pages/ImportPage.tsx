import { CheckCircleOutlined, CloudUploadOutlined, DownloadOutlined, SearchOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { describeError, ErrorMessage, pluginHref, uploadFile, useL, useRegion } from '@zhenxing/ui';
import { Alert, Button, Card, Checkbox, Result, Space, Steps, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import type { RowProblem } from '../../index.ts';
import { FileChooser } from '../components/FileChooser.tsx';
import { saveServerFile } from '../files.ts';
import { ImportProgressBar } from '../components/ImportProgressBar.tsx';
import { PreviewSummary } from '../components/PreviewSummary.tsx';
import { ProblemsTable } from '../components/ProblemsTable.tsx';
import { TemplateButtons } from '../components/TemplateButtons.tsx';
import type { ChosenFile } from '../files.ts';
import { uploadFailure } from '../form-errors.ts';
import { useRegistryKey, useTRPC, type ImportCommitResult, type ImportPreviewResult } from '../trpc.ts';

function isProblem(value: unknown): value is RowProblem {
  if (typeof value !== 'object' || value === null) return false;
  const problem = value as Record<string, unknown>;
  return typeof problem.row === 'number' && typeof problem.column === 'string' && typeof problem.reason === 'object' && problem.reason !== null;
}

/** The problems a refused commit carries (`import-invalid`: the file changed since its preview). */
function problemsOf(error: unknown): RowProblem[] | null {
  const { reason, details } = describeError(error, 'zh-CN');
  if (reason !== 'import-invalid' || !Array.isArray(details?.problems)) return null;
  return details.problems.filter(isProblem);
}

/**
 * 数据导入: download the template, choose a file, 预检 (every row checked, nothing written), then
 * 导入 (all or nothing) once the preview is clean. The file is uploaded once, on the first check
 * (`POST /upload/registry/import`, with its own progress); check and import then name it by its
 * upload id, under which their progress is polled while they run.
 */
export default function ImportPage() {
  const l = useL();
  const region = useRegion();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const registryKey = useRegistryKey();
  const [file, setFile] = useState<ChosenFile | null>(null);
  const [uploadId, setUploadId] = useState<string | null>(null);
  const [preview, setPreview] = useState<ImportPreviewResult | null>(null);
  const [committed, setCommitted] = useState<ImportCommitResult | null>(null);
  const [outcome, setOutcome] = useState<'done' | 'failed' | null>(null);
  /** Share of the file sent while uploading; null otherwise. */
  const [sending, setSending] = useState<number | null>(null);
  const [uploadError, setUploadError] = useState<unknown>(null);
  /** Fill vertically merged cells down (offered once a check found some); a change needs a new check. */
  const [fillDown, setFillDown] = useState(false);
  const check = useMutation(trpc.registry.import.preview.mutationOptions());
  const commit = useMutation(trpc.registry.import.commit.mutationOptions());
  const problemRows = useMutation(trpc.registry.import.problemRows.mutationOptions());
  const running = check.isPending || commit.isPending || sending !== null;
  const county = region.countyCode;

  const reset = (next: ChosenFile | null) => {
    setFile(next);
    setPreview(null);
    setCommitted(null);
    setOutcome(null);
    setUploadId(null);
    setUploadError(null);
    setFillDown(false);
    check.reset();
    commit.reset();
  };

  /** The chosen file's upload id, uploading it first if this is its first use. */
  const uploaded = async (chosen: ChosenFile): Promise<string | null> => {
    if (uploadId) return uploadId;
    setSending(0);
    try {
      const id = await uploadFile(chosen.file, { plugin: 'registry', purpose: 'import', regionCode: region.code, onProgress: setSending });
      setUploadId(id);
      return id;
    } catch (error) {
      setUploadError(error);
      setOutcome('failed');
      return null;
    } finally {
      setSending(null);
    }
  };

  const send = async (kind: 'preview' | 'commit', fill = fillDown) => {
    if (!file) return;
    setOutcome(null);
    setUploadError(null);
    check.reset();
    commit.reset();
    const id = await uploaded(file);
    if (!id) return;
    const input = { regionCode: region.code, uploadId: id, fillDown: fill };
    try {
      if (kind === 'preview') {
        setPreview(await check.mutateAsync(input));
      } else {
        setCommitted(await commit.mutateAsync(input));
        await queryClient.invalidateQueries({ queryKey: registryKey });
      }
      setOutcome('done');
    } catch (error) {
      setOutcome('failed');
      const problems = problemsOf(error);
      if (problems && preview) setPreview({ ...preview, valid: false, problems });
    }
  };

  // The template is optional: the first step in progress is choosing a file.
  const step = committed || preview?.valid ? 3 : file ? 2 : 1;
  const failure = uploadError ?? check.error ?? commit.error;

  return (
    <div data-testid="registry-import">
      <h1 className="zx-page-title">{l('数据导入', 'Import households')}</h1>
      {!county ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="import-needs-county"
          title={l(
            '导入按县（区）进行，请先在页面顶部选择一个县（区）或更下级的区划。',
            'Imports are per county: choose a county (or lower) at the top of the page first.',
          )}
        />
      ) : null}
      <Card size="small" style={{ marginBottom: 16 }}>
        <Steps
          size="small"
          current={step}
          status={committed ? 'finish' : 'process'}
          responsive
          items={[
            { title: l('下载模板', 'Template') },
            { title: l('选择文件', 'Choose a file') },
            { title: l('预检', 'Check') },
            { title: l('导入', 'Import') },
          ]}
        />
      </Card>
      {committed ? (
        <Card>
          <Result
            status="success"
            data-testid="import-success"
            title={l('导入完成', 'Import finished')}
            subTitle={l(
              `文件“${committed.fileName}”的 ${committed.rows} 行已全部导入。`,
              `All ${committed.rows} rows of “${committed.fileName}” were imported.`,
            )}
            extra={[
              <Link key="list" to={pluginHref('registry')}>
                <Button type="primary">{l('查看农户列表', 'Open the list')}</Button>
              </Link>,
              <Button key="again" onClick={() => reset(null)} data-testid="import-again">
                {l('继续导入', 'Import another file')}
              </Button>,
            ]}
          />
          <PreviewSummary result={committed} done />
        </Card>
      ) : (
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          <Card size="small" title={l('1. 下载模板', '1. Template')}>
            <Typography.Paragraph type="secondary">
              {l(
                '每位家庭成员一行；户类型、住址、村代码、收入填在户主行。身份证号列请设为“文本”格式，以免末位丢失。',
                'One row per person; household type, address, village code and income on the head’s row. Format the ID number columns as text so no digit is lost.',
              )}
            </Typography.Paragraph>
            <TemplateButtons
              disabled={!county}
              load={(format) => queryClient.fetchQuery(trpc.registry.import.template.queryOptions({ regionCode: region.code, format }))}
            />
          </Card>
          <Card size="small" title={l('2. 选择文件并预检', '2. Choose the file and check it')}>
            <FileChooser file={file} onChange={reset} disabled={running || !county} />
            <Space wrap style={{ marginTop: 12 }}>
              <Button
                type="primary"
                icon={<SearchOutlined />}
                disabled={!file || !county || running}
                loading={check.isPending || sending !== null}
                onClick={() => void send('preview')}
                data-testid="import-preview"
              >
                {l('预检', 'Check')}
              </Button>
              <Button
                type="primary"
                icon={<CloudUploadOutlined />}
                disabled={!preview?.valid || running}
                loading={commit.isPending}
                onClick={() => void send('commit')}
                data-testid="import-commit"
              >
                {l('导入', 'Import')}
              </Button>
              {preview && !preview.valid ? (
                <Typography.Text type="secondary">{l('预检无问题后才能导入', 'Import is possible once the check finds no problem')}</Typography.Text>
              ) : null}
            </Space>
            <ImportProgressBar uploadId={uploadId} running={running} outcome={outcome} sending={sending} />
            <ErrorMessage error={failure ? uploadFailure(failure) : null} />
          </Card>
          {preview ? (
            <Card
              size="small"
              title={l(`预检结果：${preview.fileName}`, `Check of ${preview.fileName}`)}
              data-testid="import-preview-result"
              data-valid={preview.valid}
            >
              <Space orientation="vertical" size={12} style={{ width: '100%' }}>
                {preview.valid ? (
                  <Alert
                    type="success"
                    showIcon
                    icon={<CheckCircleOutlined />}
                    title={l('预检通过：没有发现问题，可以导入。', 'No problems found: ready to import.')}
                  />
                ) : preview.problems.length === 0 ? (
                  <Alert type="warning" showIcon title={l('文件中没有数据行。', 'The file has no data rows.')} />
                ) : (
                  <Alert
                    type="error"
                    showIcon
                    title={l('发现问题，整份文件不会导入。请按下表修改后重新预检。', 'Problems found: nothing will be imported. Fix them and check again.')}
                  />
                )}
                {preview.ignoredColumns.length > 0 ? (
                  <Alert
                    type="warning"
                    showIcon
                    data-testid="import-ignored-columns"
                    title={l(
                      `以下列与模板列名不符，未读取：${preview.ignoredColumns.join('、')}。如需导入，请按模板改列名。`,
                      `These columns match no template column and were not read: ${preview.ignoredColumns.join(', ')}. Rename them as in the template to import them.`,
                    )}
                  />
                ) : null}
                {preview.source ? (
                  <Typography.Text type="secondary" data-testid="import-source">
                    {preview.source.sheet === null
                      ? l(`读取了第 ${preview.source.headerRow} 行的表头。`, `Header read from row ${preview.source.headerRow}.`)
                      : l(
                          `读取了工作表“${preview.source.sheet}”，表头在第 ${preview.source.headerRow} 行。`,
                          `Read sheet “${preview.source.sheet}”, header on row ${preview.source.headerRow}.`,
                        )}
                  </Typography.Text>
                ) : null}
                {preview.hiddenRowCount > 0 ? (
                  <Alert
                    type="warning"
                    showIcon
                    data-testid="import-hidden-rows"
                    title={l(
                      `有 ${preview.hiddenRowCount} 个隐藏行未导入（第 ${preview.hiddenRows.join('、')} 行${preview.hiddenRowCount > preview.hiddenRows.length ? ' 等' : ''}）。如需导入，请在表格中取消隐藏。`,
                      `${preview.hiddenRowCount} hidden rows were not imported (rows ${preview.hiddenRows.join(', ')}${preview.hiddenRowCount > preview.hiddenRows.length ? ' …' : ''}). Unhide them to import them.`,
                    )}
                  />
                ) : null}
                {preview.mergedCells.length > 0 ? (
                  <Alert
                    type={preview.filledDown ? 'info' : 'warning'}
                    showIcon
                    data-testid="import-merged-cells"
                    title={l(
                      `有合并单元格：${preview.mergedCells
                        .slice(0, 10)
                        .map((cell) => `${cell.column} 第${cell.firstRow}–${cell.lastRow}行`)
                        .join('；')}${preview.mergedCells.length > 10 ? ' 等' : ''}。${preview.filledDown ? '已按第一行的值向下填充。' : ''}`,
                      `Merged cells: ${preview.mergedCells
                        .slice(0, 10)
                        .map((cell) => `${cell.column} rows ${cell.firstRow}–${cell.lastRow}`)
                        .join('; ')}${preview.mergedCells.length > 10 ? ' …' : ''}.${preview.filledDown ? ' Filled down from their first row.' : ''}`,
                    )}
                    description={
                      <Checkbox
                        checked={fillDown}
                        disabled={running}
                        data-testid="import-fill-down"
                        onChange={(event) => {
                          setFillDown(event.target.checked);
                          void send('preview', event.target.checked);
                        }}
                      >
                        {l(
                          '合并单元格向下填充（每行取合并区域第一行的值，并重新预检）',
                          'Fill merged cells down (each row takes the first row’s value; checks again)',
                        )}
                      </Checkbox>
                    }
                  />
                ) : null}
                <PreviewSummary result={preview} />
                {preview.problemCount > preview.problems.length ? (
                  <Typography.Text type="secondary" data-testid="import-problems-beyond">
                    {l(
                      `共 ${preview.problemCount} 处问题，下表列出前 ${preview.problems.length} 处。`,
                      `${preview.problemCount} problems in all; the first ${preview.problems.length} are listed.`,
                    )}
                  </Typography.Text>
                ) : null}
                {preview.problems.length > 0 && uploadId ? (
                  <Space wrap>
                    <Button
                      icon={<DownloadOutlined />}
                      loading={problemRows.isPending}
                      disabled={running}
                      data-testid="import-problem-rows"
                      onClick={() => void problemRows.mutateAsync({ regionCode: region.code, uploadId, fillDown }).then(saveServerFile)}
                    >
                      {l('下载问题行（含问题说明，可修改后重新上传）', 'Download the problem rows (with 问题说明, to fix and upload again)')}
                    </Button>
                    <ErrorMessage error={problemRows.error} />
                  </Space>
                ) : null}
                {preview.problems.length > 0 ? <ProblemsTable problems={preview.problems} /> : null}
              </Space>
            </Card>
          ) : null}
        </Space>
      )}
    </div>
  );
}
