/**
 * 导入统计表 (province): the statistics office's sheet of local farmers' income growth per county,
 * .xlsx or .csv, sent once through the core upload route; the server checks every row and answers
 * a preview (rows it read, national and provincial growth, each problem by row and column). Only a
 * preview without problems can be saved, and the save is all rows or none.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ErrorMessage, formatBasisPoints, uploadFile, useL, useRegion } from '@zhenxing/ui';
import { Alert, App, Button, Descriptions, Space, Table } from 'antd';
import { useRef, useState } from 'react';
import type { FigureImportPreview, FigureImportProblem } from '../../index.ts';
import { useTRPC } from '../trpc.ts';

export function FiguresSheetImport({ year }: { year: number }) {
  const l = useL();
  const region = useRegion();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const fileInput = useRef<HTMLInputElement>(null);
  const [uploading, setUploading] = useState(false);
  const [uploadError, setUploadError] = useState<unknown>(null);
  const [sheet, setSheet] = useState<{ uploadId: string; preview: FigureImportPreview } | null>(null);
  const importFigures = useMutation(trpc.income.supervision.importFigures.mutationOptions());

  async function choose(file: File) {
    setUploadError(null);
    setSheet(null);
    importFigures.reset();
    setUploading(true);
    try {
      const uploadId = await uploadFile(file, { plugin: 'income', purpose: 'figures', regionCode: region.code });
      const preview = await importFigures.mutateAsync({ regionCode: region.code, year, uploadId, commit: false });
      setSheet({ uploadId, preview });
    } catch (caught) {
      setUploadError(caught);
    } finally {
      setUploading(false);
    }
  }

  function commit() {
    if (!sheet) return;
    importFigures.mutate(
      { regionCode: region.code, year, uploadId: sheet.uploadId, commit: true },
      {
        onSuccess: async (saved) => {
          setSheet(null);
          await queryClient.invalidateQueries({ queryKey: trpc.income.pathKey() });
          message.success(l(`已导入 ${year} 年 ${saved.counties.length} 个县的增速`, `Figures for ${saved.counties.length} counties imported for ${year}`));
        },
      },
    );
  }

  const preview = sheet?.preview;
  return (
    <div data-testid="figures-sheet-import">
      <Space wrap>
        <Button onClick={() => fileInput.current?.click()} loading={uploading} data-testid="figures-sheet-choose">
          {l('导入统计表（.xlsx / .csv）', 'Import a statistics sheet (.xlsx / .csv)')}
        </Button>
        <span style={{ color: 'rgba(0,0,0,0.45)' }}>
          {l('表头需含“县代码”“增速(%)”，另有“全国”“全省”两行', 'Needs 县代码 and 增速(%) columns plus 全国 and 全省 rows')}
        </span>
      </Space>
      <input
        ref={fileInput}
        type="file"
        hidden
        accept=".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"
        data-testid="figures-sheet-file"
        onChange={(event) => {
          const file = event.target.files?.[0];
          event.target.value = '';
          if (file) void choose(file);
        }}
      />
      <ErrorMessage error={uploadError ?? importFigures.error} />
      {preview ? (
        <div style={{ marginTop: 12 }} data-testid="figures-sheet-preview">
          <Descriptions size="small" column={3} bordered>
            <Descriptions.Item label={l('文件', 'File')}>{preview.fileName}</Descriptions.Item>
            <Descriptions.Item label={l('全国增速', 'National')}>
              {preview.nationalBasisPoints === null ? '—' : formatBasisPoints(preview.nationalBasisPoints)}
            </Descriptions.Item>
            <Descriptions.Item label={l('全省增速', 'Provincial')}>
              {preview.provincialBasisPoints === null ? '—' : formatBasisPoints(preview.provincialBasisPoints)}
            </Descriptions.Item>
            <Descriptions.Item label={l('县数', 'Counties')}>{preview.counties.length}</Descriptions.Item>
            <Descriptions.Item label={l('问题', 'Problems')}>{preview.problems.length}</Descriptions.Item>
          </Descriptions>
          {preview.problems.length > 0 ? (
            <>
              <Alert
                style={{ marginTop: 12 }}
                type="error"
                showIcon
                message={l(
                  '统计表有误，不能导入；请在表格中改正后重新选择文件',
                  'The sheet has errors and cannot be imported; fix them and choose the file again',
                )}
              />
              <Table<FigureImportProblem>
                size="small"
                style={{ marginTop: 8 }}
                rowKey={(problem) => `${problem.row}-${problem.column}-${problem.message}`}
                pagination={false}
                dataSource={preview.problems}
                data-testid="figures-sheet-problems"
                columns={[
                  { key: 'row', dataIndex: 'row', title: l('行', 'Row'), width: 70 },
                  { key: 'column', dataIndex: 'column', title: l('列', 'Column'), width: 100 },
                  { key: 'message', dataIndex: 'message', title: l('问题说明', 'Problem') },
                ]}
              />
            </>
          ) : (
            <Space style={{ marginTop: 12 }}>
              <Button type="primary" loading={importFigures.isPending} onClick={commit} data-testid="figures-sheet-commit">
                {l(`确认导入 ${preview.counties.length} 个县`, `Import ${preview.counties.length} counties`)}
              </Button>
              <Button onClick={() => setSheet(null)}>{l('取消', 'Cancel')}</Button>
            </Space>
          )}
        </div>
      ) : null}
    </div>
  );
}
