/**
 * 整改: the rectification tasks of the region (from submitted inspections) by status, with the
 * overdue list (Asia/Shanghai). The responsible county or township closes a task with a note and
 * evidence photos (never without); the inspecting level accepts it or returns it with a reason.
 * Above the list: problems and rectification status by region (names), drilling down on a click.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { applyFieldErrors, ErrorMessage, PhotoUploads, useL, useRegion, useShell } from '@zhenxing/ui';
import { App, Button, Card, Form, Input, Modal, Segmented, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { INSPECTION_PROBLEM_LABELS, TASK_FILTERS, TASK_STATUS_LABELS, type RectificationRegionRow, type TaskView } from '../../index.ts';
import { useTRPC } from '../trpc.ts';

type Filter = (typeof TASK_FILTERS)[number];

/** One evidence photo, shown on demand; labelled by its kind and number, never by its upload id. */
function Evidence({ task, uploadId, regionCode, label }: { task: TaskView; uploadId: string; regionCode: string; label: string }) {
  const trpc = useTRPC();
  const [show, setShow] = useState(false);
  const file = useQuery({ ...trpc.assessment.tasks.evidence.queryOptions({ regionCode, taskId: task.id, uploadId }), enabled: show });
  return show && file.data ? (
    <img src={file.data.dataUrl} alt={file.data.fileName} style={{ maxWidth: 120, maxHeight: 90 }} />
  ) : (
    <Button size="small" type="link" onClick={() => setShow(true)} loading={file.isFetching}>
      {label}
    </Button>
  );
}

export default function RectificationPage() {
  const l = useL();
  const region = useRegion();
  const trpc = useTRPC();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const { hasPermission } = useShell();
  const [params] = useSearchParams();
  const inspecting = hasPermission('assessment.inspection.manage');
  const rectifying = hasPermission('assessment.rectification.submit');
  const [status, setStatus] = useState<Filter>(
    (TASK_FILTERS as readonly string[]).includes(params.get('status') ?? '') ? (params.get('status') as Filter) : 'all',
  );
  const [drill, setDrill] = useState<string[]>([]);
  const dashboardRegion = drill.at(-1) ?? region.code;
  const [closing, setClosing] = useState<TaskView | null>(null);
  const [returning, setReturning] = useState<TaskView | null>(null);
  const [photos, setPhotos] = useState<string[]>([]);
  const [closeForm] = Form.useForm();
  const [returnForm] = Form.useForm();
  const tasks = useQuery(trpc.assessment.tasks.list.queryOptions({ regionCode: region.code, status }));
  const dashboard = useQuery(trpc.assessment.tasks.dashboard.queryOptions({ regionCode: dashboardRegion }));
  const submit = useMutation(trpc.assessment.tasks.submit.mutationOptions());
  const accept = useMutation(trpc.assessment.tasks.accept.mutationOptions());
  const sendBack = useMutation(trpc.assessment.tasks.return.mutationOptions());
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.assessment.pathKey() });
  const highlighted = Number(params.get('task') ?? 0);

  async function saveClose() {
    if (!closing) return;
    const values = (await closeForm.validateFields()) as { note: string };
    try {
      await submit.mutateAsync({ regionCode: region.code, taskId: closing.id, note: values.note, evidenceUploadIds: photos });
      message.success(l('已提交整改结果，待验收', 'Rectification submitted for acceptance'));
      setClosing(null);
      setPhotos([]);
      closeForm.resetFields();
      await refresh();
    } catch (caught) {
      applyFieldErrors(closeForm, caught, l.locale);
    }
  }

  async function saveReturn() {
    if (!returning) return;
    const values = (await returnForm.validateFields()) as { reason: string };
    try {
      await sendBack.mutateAsync({ regionCode: region.code, taskId: returning.id, reason: values.reason });
      message.success(l('已退回', 'Returned'));
      setReturning(null);
      returnForm.resetFields();
      await refresh();
    } catch (caught) {
      applyFieldErrors(returnForm, caught, l.locale);
    }
  }

  async function acceptTask(task: TaskView) {
    await accept.mutateAsync({ regionCode: region.code, taskId: task.id });
    message.success(l('已验收销号', 'Accepted'));
    await refresh();
  }

  const rate = (value: number | null) => (value === null ? '—' : `${value}%`);
  const total = dashboard.data?.total;

  return (
    <div data-testid="assessment-rectification">
      <h1 className="zx-page-title">{l('暗访问题整改', 'Rectification of inspection problems')}</h1>
      <Card
        size="small"
        style={{ marginBottom: 16 }}
        data-testid="rectification-dashboard"
        title={
          <Space>
            {l('问题与整改情况', 'Problems and rectification')}：{dashboard.data?.regionName ?? ''}
            {drill.length > 0 && (
              <Button size="small" onClick={() => setDrill((current) => current.slice(0, -1))}>
                {l('返回上级', 'Up')}
              </Button>
            )}
          </Space>
        }
      >
        <ErrorMessage error={dashboard.error} />
        {total && (
          <p data-testid="rectification-total">
            {l(
              `问题 ${total.problems} 个：待整改 ${total.open}，待验收 ${total.submitted}，退回 ${total.returned}，已销号 ${total.accepted}，逾期 ${total.overdue}；按期完成率 ${rate(total.onTimeRate)}`,
              `${total.problems} problems: ${total.open} open, ${total.submitted} awaiting acceptance, ${total.returned} returned, ${total.accepted} accepted, ${total.overdue} overdue; on time ${rate(total.onTimeRate)}`,
            )}
          </p>
        )}
        <Table<RectificationRegionRow>
          size="small"
          rowKey="regionCode"
          pagination={false}
          dataSource={dashboard.data?.regions ?? []}
          columns={[
            {
              key: 'region',
              title: l('地区', 'Region'),
              render: (_: unknown, row) =>
                row.regionCode.length < 12 ? (
                  <Button type="link" size="small" data-testid={`drill-${row.regionCode}`} onClick={() => setDrill((current) => [...current, row.regionCode])}>
                    {row.regionName}
                  </Button>
                ) : (
                  row.regionName
                ),
            },
            { key: 'problems', dataIndex: 'problems', title: l('问题数', 'Problems') },
            { key: 'open', dataIndex: 'open', title: l('待整改', 'Open') },
            { key: 'submitted', dataIndex: 'submitted', title: l('待验收', 'Submitted') },
            { key: 'returned', dataIndex: 'returned', title: l('退回', 'Returned') },
            { key: 'accepted', dataIndex: 'accepted', title: l('已销号', 'Accepted') },
            { key: 'overdue', dataIndex: 'overdue', title: l('逾期', 'Overdue') },
            { key: 'onTimeRate', title: l('按期完成率', 'On time'), render: (_: unknown, row) => rate(row.onTimeRate) },
          ]}
        />
      </Card>
      <Segmented<Filter>
        style={{ marginBottom: 16 }}
        value={status}
        onChange={setStatus}
        options={[
          { value: 'all', label: l('全部', 'All') },
          { value: 'open', label: l('待整改', 'Open') },
          { value: 'returned', label: l('已退回', 'Returned') },
          { value: 'submitted', label: l('待验收', 'Awaiting acceptance') },
          { value: 'overdue', label: l('逾期', 'Overdue') },
          { value: 'accepted', label: l('已销号', 'Accepted') },
        ]}
      />
      <ErrorMessage error={tasks.error ?? accept.error} />
      <Table<TaskView>
        size="small"
        rowKey="id"
        loading={tasks.isPending}
        dataSource={tasks.data ?? []}
        scroll={{ x: 'max-content' }}
        rowClassName={(row) => (row.id === highlighted ? 'ant-table-row-selected' : '')}
        data-testid="rectification-tasks"
        columns={[
          { key: 'region', dataIndex: 'responsibleRegionName', title: l('责任地区', 'Responsible') },
          {
            key: 'category',
            title: l('问题类别', 'Category'),
            render: (_: unknown, row) => l(INSPECTION_PROBLEM_LABELS[row.category]['zh-CN'], INSPECTION_PROBLEM_LABELS[row.category].en),
          },
          { key: 'description', dataIndex: 'description', title: l('问题', 'Problem') },
          { key: 'household', title: l('农户', 'Household'), render: (_: unknown, row) => row.householdName ?? '—' },
          { key: 'visitedOn', dataIndex: 'visitedOn', title: l('暗访日期', 'Visited') },
          { key: 'deadline', dataIndex: 'deadline', title: l('整改期限', 'Deadline') },
          {
            key: 'status',
            title: l('状态', 'Status'),
            render: (_: unknown, row) => (
              <Space direction="vertical" size={0}>
                <Space size={4}>
                  <Tag color={row.status === 'accepted' ? 'green' : row.status === 'submitted' ? 'blue' : 'orange'}>
                    {l(TASK_STATUS_LABELS[row.status]['zh-CN'], TASK_STATUS_LABELS[row.status].en)}
                  </Tag>
                  {row.overdue && <Tag color="red">{l('逾期', 'overdue')}</Tag>}
                </Space>
                {row.returnReason && row.status === 'returned' && <span>{l(`退回原因：${row.returnReason}`, `Returned: ${row.returnReason}`)}</span>}
                {row.rectificationNote && <span>{l(`整改情况：${row.rectificationNote}`, `Rectification: ${row.rectificationNote}`)}</span>}
              </Space>
            ),
          },
          {
            key: 'evidence',
            title: l('佐证', 'Evidence'),
            render: (_: unknown, row) => (
              <Space wrap>
                {[
                  ...row.evidenceUploadIds.map((uploadId, index) => ({ uploadId, label: l(`暗访照片 ${index + 1}`, `Inspection photo ${index + 1}`) })),
                  ...row.rectificationUploadIds.map((uploadId, index) => ({ uploadId, label: l(`整改照片 ${index + 1}`, `Rectification photo ${index + 1}`) })),
                ].map(({ uploadId, label }) => (
                  <Evidence key={uploadId} task={row} uploadId={uploadId} regionCode={region.code} label={label} />
                ))}
              </Space>
            ),
          },
          {
            key: 'actions',
            title: l('操作', 'Actions'),
            render: (_: unknown, row) => (
              <Space>
                {rectifying && (row.status === 'open' || row.status === 'returned') && (
                  <Button size="small" type="primary" data-testid={`close-task-${row.id}`} onClick={() => setClosing(row)}>
                    {l('提交整改', 'Close with evidence')}
                  </Button>
                )}
                {inspecting && row.status === 'submitted' && (
                  <>
                    <Button size="small" type="primary" data-testid={`accept-task-${row.id}`} loading={accept.isPending} onClick={() => void acceptTask(row)}>
                      {l('验收销号', 'Accept')}
                    </Button>
                    <Button size="small" danger data-testid={`return-task-${row.id}`} onClick={() => setReturning(row)}>
                      {l('退回', 'Return')}
                    </Button>
                  </>
                )}
              </Space>
            ),
          },
        ]}
      />
      {closing && (
        <Modal
          open
          title={l('提交整改结果', 'Close with evidence')}
          okText={l('提交', 'Submit')}
          onOk={() => void saveClose()}
          confirmLoading={submit.isPending}
          onCancel={() => {
            setClosing(null);
            setPhotos([]);
          }}
        >
          <ErrorMessage error={submit.error} />
          <p>{closing.description}</p>
          <Form form={closeForm} layout="vertical">
            <Form.Item name="note" label={l('整改情况', 'What was done')} rules={[{ required: true }]}>
              <Input.TextArea rows={3} aria-label={l('整改情况', 'What was done')} />
            </Form.Item>
            <Form.Item label={l(`整改佐证照片（已上传 ${photos.length} 张）`, `Evidence photos (${photos.length} uploaded)`)}>
              <PhotoUploads
                plugin="assessment"
                purpose="rectification"
                regionCode={closing.countyCode}
                value={photos}
                onChange={setPhotos}
                testId="rectification-file"
              />
            </Form.Item>
          </Form>
        </Modal>
      )}
      {returning && (
        <Modal
          open
          title={l('退回整改', 'Return')}
          okText={l('退回', 'Return')}
          onOk={() => void saveReturn()}
          confirmLoading={sendBack.isPending}
          onCancel={() => setReturning(null)}
        >
          <ErrorMessage error={sendBack.error} />
          <Form form={returnForm} layout="vertical">
            <Form.Item name="reason" label={l('退回原因', 'Reason')} rules={[{ required: true }]}>
              <Input.TextArea rows={3} />
            </Form.Item>
          </Form>
        </Modal>
      )}
    </div>
  );
}
