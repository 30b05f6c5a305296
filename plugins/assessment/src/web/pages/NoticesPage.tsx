/**
 * 通报: the notices the region is named in (the province sees its drafts too). The province drafts
 * one from a run's problem list, edits title, number, date, body and each problem, and publishes it
 * to the counties it names. Each notice opens in its print view.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ErrorMessage, pluginHref, useL, useRegion, useShell } from '@zhenxing/ui';
import { App, Button, Card, Checkbox, Input, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import type { NoticeView, ProblemItem } from '../../index.ts';
import { useTRPC } from '../trpc.ts';

interface Draft {
  id: number | null;
  runId: number | undefined;
  title: string;
  number: string;
  issuedOn: string;
  issuer: string;
  body: string;
  problems: { regionCode: string; regionName: string; text: string }[];
}

/** Today in Asia/Shanghai, YYYY-MM-DD (the notice's date). */
const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());

export default function NoticesPage() {
  const l = useL();
  const region = useRegion();
  const trpc = useTRPC();
  const { hasPermission } = useShell();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const province = hasPermission('assessment.notice.manage');
  const notices = useQuery(trpc.assessment.notices.list.queryOptions({ regionCode: region.code }));
  const runs = useQuery({ ...trpc.assessment.scores.runs.queryOptions({ regionCode: region.code }), enabled: province });
  const [runId, setRunId] = useState<number | undefined>();
  const problems = useQuery({
    ...trpc.assessment.scores.problems.queryOptions({ regionCode: region.code, runId: runId ?? 0 }),
    enabled: province && runId !== undefined,
  });
  const [picked, setPicked] = useState<Set<string>>(new Set());
  const [draft, setDraft] = useState<Draft | null>(null);
  const create = useMutation(trpc.assessment.notices.draft.mutationOptions());
  const revise = useMutation(trpc.assessment.notices.revise.mutationOptions());
  const publish = useMutation(trpc.assessment.notices.publish.mutationOptions());
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.assessment.notices.pathKey() });
  const keyOf = (problem: ProblemItem) => `${problem.regionCode}:${problem.kind}:${problem.key}`;

  const startDraft = () => {
    const chosen = (problems.data ?? []).filter((problem) => picked.has(keyOf(problem)));
    setDraft({
      id: null,
      runId,
      title: '关于考核评估发现问题的通报',
      number: `冀振兴通〔${today().slice(0, 4)}〕 号`,
      issuedOn: today(),
      issuer: '河北省乡村振兴局',
      body: '根据年度考核评估结果，现将部分县（区）存在的问题通报如下。请被通报地区认真分析原因，于30日内完成整改，并将整改情况报省乡村振兴局。',
      problems: chosen.map((problem) => ({ regionCode: problem.regionCode, regionName: problem.regionName, text: problem.text })),
    });
  };

  const editNotice = (notice: NoticeView) =>
    setDraft({
      id: notice.id,
      runId: notice.runId ?? undefined,
      title: notice.title,
      number: notice.number,
      issuedOn: notice.issuedOn,
      issuer: notice.issuer,
      body: notice.body,
      problems: notice.problems.map(({ regionCode, regionName, text }) => ({ regionCode, regionName, text })),
    });

  const save = () => {
    if (!draft) return;
    const body = {
      regionCode: region.code,
      title: draft.title,
      number: draft.number,
      issuedOn: draft.issuedOn,
      issuer: draft.issuer,
      body: draft.body,
      problems: draft.problems.map(({ regionCode, text }) => ({ regionCode, text })),
    };
    const done = async () => {
      await refresh();
      setDraft(null);
      message.success(l('通报草稿已保存', 'Notice draft saved'));
    };
    if (draft.id === null) create.mutate({ ...body, runId: draft.runId }, { onSuccess: done });
    else revise.mutate({ ...body, noticeId: draft.id }, { onSuccess: done });
  };

  return (
    <div data-testid="assessment-notices">
      <h1 className="zx-page-title">{l('通报', 'Notices')}</h1>
      <ErrorMessage error={notices.error ?? problems.error ?? create.error ?? revise.error ?? publish.error} />
      {province && !draft ? (
        <Card size="small" style={{ marginBottom: 16 }} title={l('从问题清单起草通报', 'Draft a notice from the problem list')}>
          <Space wrap style={{ marginBottom: 12 }}>
            <Select
              aria-label={l('评分批次', 'Run')}
              style={{ width: 'min(420px, 85vw)' }}
              placeholder={l('选择评分批次', 'Choose a run')}
              value={runId}
              onChange={(value: number) => {
                setRunId(value);
                setPicked(new Set());
              }}
              options={(runs.data ?? []).map((run) => ({ value: run.id, label: `#${run.id} ${run.schemeTitle} v${run.version} · ${run.asOf}` }))}
            />
            <Button onClick={() => setPicked(new Set((problems.data ?? []).map(keyOf)))} disabled={!problems.data?.length}>
              {l('全选', 'Select all')}
            </Button>
            <Button type="primary" disabled={picked.size === 0} onClick={startDraft}>
              {l(`起草通报（${picked.size} 项问题）`, `Draft notice (${picked.size} problems)`)}
            </Button>
          </Space>
          {(problems.data ?? []).map((problem) => (
            <div key={keyOf(problem)}>
              <Checkbox
                checked={picked.has(keyOf(problem))}
                onChange={(event) =>
                  setPicked((current) => {
                    const next = new Set(current);
                    if (event.target.checked) next.add(keyOf(problem));
                    else next.delete(keyOf(problem));
                    return next;
                  })
                }
              >
                <strong>{problem.regionName}</strong>：{problem.text}
              </Checkbox>
            </div>
          ))}
        </Card>
      ) : null}
      {draft ? (
        <Card
          size="small"
          style={{ marginBottom: 16 }}
          title={draft.id === null ? l('新通报', 'New notice') : l('编辑通报草稿', 'Edit the draft')}
          data-testid="notice-form"
        >
          <Space direction="vertical" style={{ width: '100%' }}>
            <Input addonBefore={l('标题', 'Title')} value={draft.title} onChange={(event) => setDraft({ ...draft, title: event.target.value })} />
            <Space wrap>
              <Input
                addonBefore={l('文号', 'Number')}
                aria-label={l('文号', 'Number')}
                value={draft.number}
                onChange={(event) => setDraft({ ...draft, number: event.target.value })}
              />
              <Input addonBefore={l('日期', 'Date')} value={draft.issuedOn} onChange={(event) => setDraft({ ...draft, issuedOn: event.target.value })} />
              <Input addonBefore={l('发文机关', 'Issuer')} value={draft.issuer} onChange={(event) => setDraft({ ...draft, issuer: event.target.value })} />
            </Space>
            <Input.TextArea aria-label={l('正文', 'Body')} rows={4} value={draft.body} onChange={(event) => setDraft({ ...draft, body: event.target.value })} />
            {draft.problems.map((problem, index) => (
              <div key={`${problem.regionCode}-${index}`}>
                <strong>{problem.regionName}</strong>
                <Input.TextArea
                  autoSize
                  aria-label={`${l('问题', 'Problem')} ${index + 1}`}
                  value={problem.text}
                  onChange={(event) =>
                    setDraft({ ...draft, problems: draft.problems.map((item, at) => (at === index ? { ...item, text: event.target.value } : item)) })
                  }
                />
              </div>
            ))}
            <Space>
              <Button type="primary" loading={create.isPending || revise.isPending} onClick={save}>
                {l('保存草稿', 'Save draft')}
              </Button>
              <Button onClick={() => setDraft(null)}>{l('取消', 'Cancel')}</Button>
            </Space>
          </Space>
        </Card>
      ) : null}
      <Table<NoticeView>
        size="small"
        rowKey="id"
        loading={notices.isPending}
        dataSource={notices.data ?? []}
        scroll={{ x: true }}
        columns={[
          { key: 'number', dataIndex: 'number', title: l('文号', 'Number') },
          { key: 'title', dataIndex: 'title', title: l('标题', 'Title') },
          { key: 'date', dataIndex: 'issuedOn', title: l('日期', 'Date') },
          {
            key: 'places',
            title: l('通报地区', 'Places'),
            render: (_, notice) => [...new Set(notice.problems.map((problem) => problem.regionName))].join('、'),
          },
          {
            key: 'status',
            title: l('状态', 'Status'),
            render: (_, notice) => (notice.status === 'published' ? <Tag color="green">{l('已发布', 'published')}</Tag> : <Tag>{l('草稿', 'draft')}</Tag>),
          },
          {
            key: 'actions',
            title: '',
            render: (_, notice) => (
              <Space wrap>
                <Link to={pluginHref('assessment', `notices/${notice.id}`)}>{l('查看/打印', 'View / print')}</Link>
                {province && notice.status === 'draft' ? (
                  <>
                    <Button size="small" onClick={() => editNotice(notice)}>
                      {l('编辑', 'Edit')}
                    </Button>
                    <Button
                      size="small"
                      type="primary"
                      loading={publish.isPending}
                      onClick={() =>
                        publish.mutate(
                          { regionCode: region.code, noticeId: notice.id },
                          {
                            onSuccess: async () => {
                              await refresh();
                              message.success(l('通报已发布到被通报地区', 'Notice published to the named places'));
                            },
                          },
                        )
                      }
                    >
                      {l('发布', 'Publish')}
                    </Button>
                  </>
                ) : null}
              </Space>
            ),
          },
        ]}
      />
    </div>
  );
}
