/**
 * 包联问题整改: problems a province leader's inspections found. The province records them with a
 * rectification deadline; the county rectifies with photos of evidence — without evidence a
 * problem stays open. Overdue problems are marked.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { applyFieldErrors, ErrorMessage, PhotoUploads, useL, useRegion, useShell } from '@zhenxing/ui';
import { App, Button, Form, Input, Modal, Segmented, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import type { ProblemView } from '../../index.ts';
import { useTRPC } from '../trpc.ts';

type Status = 'open' | 'overdue' | 'rectified' | 'all';

function EvidenceLink({ problem, uploadId, regionCode }: { problem: ProblemView; uploadId: string; regionCode: string }) {
  const trpc = useTRPC();
  const [show, setShow] = useState(false);
  const photo = useQuery({ ...trpc['social-assistance'].problems.evidence.queryOptions({ regionCode, problemId: problem.id, uploadId }), enabled: show });
  return show && photo.data ? (
    <img src={photo.data.dataUrl} alt="" style={{ maxWidth: 120, maxHeight: 90 }} />
  ) : (
    <Button size="small" type="link" onClick={() => setShow(true)} loading={photo.isFetching}>
      {uploadId.slice(0, 6)}
    </Button>
  );
}

export default function ProblemsPage() {
  const l = useL();
  const region = useRegion();
  const trpc = useTRPC();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const { hasPermission } = useShell();
  const manage = hasPermission('social-assistance.assistance.manage');
  const record = hasPermission('social-assistance.result.record');
  const [status, setStatus] = useState<Status>('open');
  const [creating, setCreating] = useState(false);
  const [rectifying, setRectifying] = useState<ProblemView | null>(null);
  const [photos, setPhotos] = useState<string[]>([]);
  const [createForm] = Form.useForm();
  const [rectifyForm] = Form.useForm();
  const list = useQuery(trpc['social-assistance'].problems.list.queryOptions({ regionCode: region.code, status }));
  const leaders = useQuery({
    ...trpc['social-assistance'].relationships.list.queryOptions({ regionCode: region.code, system: 'leader-contact' }),
    enabled: manage,
  });
  const create = useMutation(trpc['social-assistance'].problems.create.mutationOptions());
  const rectify = useMutation(trpc['social-assistance'].problems.rectify.mutationOptions());
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc['social-assistance'].pathKey() });

  async function saveProblem() {
    const values = (await createForm.validateFields()) as {
      relationshipId: number;
      inspection: string;
      foundOn: string;
      description: string;
      deadline: string;
    };
    try {
      await create.mutateAsync({ regionCode: region.code, ...values });
      message.success(l('已登记问题', 'Problem recorded'));
      setCreating(false);
      createForm.resetFields();
      await refresh();
    } catch (caught) {
      applyFieldErrors(createForm, caught, l.locale);
    }
  }

  async function saveRectification() {
    if (!rectifying) return;
    const values = (await rectifyForm.validateFields()) as { rectifiedOn: string; rectification: string };
    try {
      await rectify.mutateAsync({ regionCode: region.code, problemId: rectifying.id, ...values, evidenceUploadIds: photos });
      message.success(l('已整改销号', 'Rectified'));
      setRectifying(null);
      setPhotos([]);
      rectifyForm.resetFields();
      await refresh();
    } catch (caught) {
      applyFieldErrors(rectifyForm, caught, l.locale);
    }
  }

  return (
    <div data-testid="assistance-problems">
      <h1 className="zx-page-title">{l('省领导包联问题整改', 'Problems from leaders’ inspections')}</h1>
      <Space wrap style={{ marginBottom: 16 }}>
        <Segmented<Status>
          value={status}
          onChange={setStatus}
          options={[
            { value: 'open', label: l('未整改', 'Open') },
            { value: 'overdue', label: l('逾期', 'Overdue') },
            { value: 'rectified', label: l('已销号', 'Rectified') },
            { value: 'all', label: l('全部', 'All') },
          ]}
        />
        {manage && (
          <Button type="primary" onClick={() => setCreating(true)} data-testid="add-problem">
            {l('登记督导问题', 'Record a problem')}
          </Button>
        )}
      </Space>
      <ErrorMessage error={list.error} />
      <Table<ProblemView>
        size="small"
        rowKey="id"
        loading={list.isPending}
        dataSource={list.data ?? []}
        scroll={{ x: 'max-content' }}
        columns={[
          { key: 'inspection', dataIndex: 'inspection', title: l('督导检查', 'Inspection') },
          { key: 'description', dataIndex: 'description', title: l('问题', 'Problem') },
          { key: 'foundOn', dataIndex: 'foundOn', title: l('发现日期', 'Found') },
          { key: 'deadline', dataIndex: 'deadline', title: l('整改时限', 'Deadline') },
          {
            key: 'status',
            title: l('状态', 'Status'),
            render: (_: unknown, row) =>
              row.status === 'rectified' ? (
                <Tag color="green">{l(`已销号 ${row.rectifiedOn ?? ''}`, `rectified ${row.rectifiedOn ?? ''}`)}</Tag>
              ) : row.overdue ? (
                <Tag color="red">{l('逾期未整改', 'overdue')}</Tag>
              ) : (
                <Tag color="orange">{l('整改中', 'open')}</Tag>
              ),
          },
          {
            key: 'evidence',
            title: l('佐证', 'Evidence'),
            render: (_: unknown, row) => (
              <Space wrap>
                {row.evidenceUploadIds.map((uploadId) => (
                  <EvidenceLink key={uploadId} problem={row} uploadId={uploadId} regionCode={region.code} />
                ))}
              </Space>
            ),
          },
          {
            key: 'actions',
            title: l('操作', 'Actions'),
            render: (_: unknown, row) =>
              record && row.status === 'open' ? (
                <Button size="small" data-testid={`rectify-${row.id}`} onClick={() => setRectifying(row)}>
                  {l('整改销号', 'Rectify')}
                </Button>
              ) : null,
          },
        ]}
      />
      {creating && (
        <Modal
          open
          title={l('登记督导问题', 'Record a problem')}
          okText={l('保存', 'Save')}
          onOk={() => void saveProblem()}
          confirmLoading={create.isPending}
          onCancel={() => setCreating(false)}
        >
          <ErrorMessage error={leaders.error ?? create.error} />
          <Form form={createForm} layout="vertical">
            <Form.Item name="relationshipId" label={l('包联关系', 'Leader contact')} rules={[{ required: true }]}>
              <Select options={(leaders.data ?? []).map((row) => ({ value: row.id, label: `${row.leaderName ?? ''} → ${row.countyName}` }))} />
            </Form.Item>
            <Form.Item name="inspection" label={l('督导检查', 'Inspection')} rules={[{ required: true }]}>
              <Input />
            </Form.Item>
            <Form.Item name="description" label={l('问题描述', 'Problem')} rules={[{ required: true }]}>
              <Input.TextArea rows={3} />
            </Form.Item>
            <Form.Item name="foundOn" label={l('发现日期', 'Found on')} rules={[{ required: true, pattern: /^\d{4}-\d{2}-\d{2}$/, message: 'YYYY-MM-DD' }]}>
              <Input />
            </Form.Item>
            <Form.Item name="deadline" label={l('整改时限', 'Deadline')} rules={[{ required: true, pattern: /^\d{4}-\d{2}-\d{2}$/, message: 'YYYY-MM-DD' }]}>
              <Input />
            </Form.Item>
          </Form>
        </Modal>
      )}
      {rectifying && (
        <Modal
          open
          title={l('整改销号', 'Rectify')}
          okText={l('保存', 'Save')}
          onOk={() => void saveRectification()}
          confirmLoading={rectify.isPending}
          onCancel={() => {
            setRectifying(null);
            setPhotos([]);
          }}
        >
          <ErrorMessage error={rectify.error} />
          <p>{rectifying.description}</p>
          <Form form={rectifyForm} layout="vertical">
            <Form.Item
              name="rectifiedOn"
              label={l('整改日期', 'Rectified on')}
              rules={[{ required: true, pattern: /^\d{4}-\d{2}-\d{2}$/, message: 'YYYY-MM-DD' }]}
            >
              <Input />
            </Form.Item>
            <Form.Item name="rectification" label={l('整改情况', 'What was done')} rules={[{ required: true }]}>
              <Input.TextArea rows={3} />
            </Form.Item>
            <Form.Item label={l(`整改佐证照片（已上传 ${photos.length} 张）`, `Evidence photos (${photos.length} uploaded)`)}>
              <PhotoUploads
                plugin="social-assistance"
                purpose="evidence"
                regionCode={rectifying.countyCode}
                value={photos}
                onChange={setPhotos}
                testId="evidence-file"
              />
            </Form.Item>
          </Form>
        </Modal>
      )}
    </div>
  );
}
