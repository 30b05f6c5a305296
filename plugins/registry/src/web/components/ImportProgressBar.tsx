import { useQuery } from '@tanstack/react-query';
import { useL, useRegion } from '@zhenxing/ui';
import { Progress } from 'antd';
import type { ImportPhase } from '../../index.ts';
import { IMPORT_PHASE_LABELS } from '../labels.ts';
import { useTRPC } from '../trpc.ts';

const NO_UPLOAD = '00000000-0000-4000-8000-000000000000';

/**
 * While the file is sent (`sending`, 0–100), the upload's own progress; then how far the preview or
 * commit of `uploadId` has got: polled every 500 ms while the request runs (`import.progress`,
 * answered from the database by any server instance), then the request's own outcome. A share of the file while reading;
 * an animated full bar when the share is unknown (checking, writing, or a poll that found nothing).
 */
export function ImportProgressBar({
  uploadId,
  running,
  outcome,
  sending,
}: {
  uploadId: string | null;
  running: boolean;
  outcome: 'done' | 'failed' | null;
  sending: number | null;
}) {
  const l = useL();
  const region = useRegion();
  const trpc = useTRPC();
  const progress = useQuery({
    ...trpc.registry.import.progress.queryOptions({ regionCode: region.code, uploadId: uploadId ?? NO_UPLOAD }),
    enabled: running && uploadId !== null,
    refetchInterval: running ? 500 : false,
    staleTime: 0,
    retry: false,
  });
  if (sending !== null) {
    return (
      <div data-testid="import-progress" data-phase="uploading" style={{ margin: '12px 0' }}>
        <strong data-testid="import-phase">{l('正在上传文件…', 'Uploading the file…')}</strong>
        <Progress percent={sending} status="active" aria-label={l('上传进度', 'Upload progress')} />
      </div>
    );
  }
  if (!uploadId || (!running && !outcome)) return null;
  const polled = running ? progress.data : null;
  const phase: ImportPhase | null = running ? (polled?.phase ?? null) : outcome;
  const percent = running ? (phase === 'reading' ? (polled?.percent ?? null) : null) : 100;
  const rowsRead = polled?.rowsDone ?? 0;
  // Done is neutral: a check that found problems has still finished.
  const status = running ? 'active' : outcome === 'failed' ? 'exception' : 'normal';
  return (
    <div data-testid="import-progress" data-phase={phase ?? 'running'} style={{ margin: '12px 0' }}>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 12 }}>
        <strong data-testid="import-phase">{phase ? l.text(IMPORT_PHASE_LABELS[phase]) : l('处理中…', 'Working…')}</strong>
        {rowsRead > 0 ? (
          <span style={{ color: 'rgba(0,0,0,0.45)' }}>{l(`已读取 ${rowsRead.toLocaleString('zh-CN')} 行`, `${rowsRead.toLocaleString('en')} rows read`)}</span>
        ) : null}
      </div>
      <Progress percent={percent ?? 100} status={status} showInfo={percent !== null} aria-label={l('导入进度', 'Import progress')} />
    </div>
  );
}
