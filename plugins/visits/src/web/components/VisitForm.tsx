/**
 * The visit form, designed for a 390 px phone first: one column, one card per section, and on
 * every section that the last visit answered a one-tap "与上次相同 / unchanged" that fills it from
 * the prefill and marks it confirmed. A submitted visit goes into the device's offline outbox
 * (`recordVisitOffline`), whose item id is the visit's client id: it is sent at once when there is
 * network and replayed when the network returns, and the server records it once whatever happens.
 * A refusal (a newer visit of the household meanwhile → conflict) stays shown, with retry, edit and
 * discard.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { ErrorMessage, uploadFile, useL, useOfflineOutbox, useShell, type Localized } from '@zhenxing/ui';
import { Alert, Button, Card, Form, Input, InputNumber, Select, Space, Switch, Tag, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { HOUSING_GRADES, RISK_TYPES, SCHOOLING_STATES, type RiskType } from '@zhenxing/rules';
import {
  INCOME_COMPONENTS,
  MAX_PHOTOS,
  SPENDING_KINDS,
  WORK_STATES,
  type ChecklistInput,
  type VisitPrefill,
  type VisitRecord,
  type WorkState,
} from '../../index.ts';
import {
  HOUSING_GRADE_LABELS,
  INCOME_COMPONENT_LABELS,
  RISK_TYPE_LABELS,
  SCHOOLING_LABELS,
  SPENDING_KIND_LABELS,
  WATER_LABELS,
  WORK_STATE_LABELS,
} from '../labels.ts';
import { recordVisitOffline, type OfflinePhoto } from '../outbox.ts';
import { checkOfflinePhoto } from '../photos.ts';
import { useTRPC } from '../trpc.ts';

type Section = 'money' | 'work' | 'checklist' | 'policy';

/** The checklist as the form holds it: a first visit starts without a housing grade. */
type ChecklistValues = Omit<ChecklistInput, 'housingGrade'> & { housingGrade?: ChecklistInput['housingGrade'] };

interface FormValues {
  visitedAt: string;
  visitors: string[];
  personMet: string;
  income: Record<string, number | null>;
  spending: Record<string, number | null>;
  industry: { state: WorkState; note: string };
  employment: { state: WorkState; note: string };
  checklist: ChecklistValues;
  policyNotes: string;
  findings: string;
  riskTypes: RiskType[];
}

/** `YYYY-MM-DDTHH:mm` in the phone's local time, as a datetime-local input shows it. */
function localInputValue(date: Date): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

const zeros = (keys: readonly string[]) => Object.fromEntries(keys.map((key) => [key, 0]));

function checklistFrom(prefill: VisitPrefill): ChecklistInput | undefined {
  const last = prefill.lastVisit?.checklist;
  const earlier = new Map((last?.members ?? []).map((member) => [member.memberId, member]));
  const members = prefill.members.map((member) => ({
    memberId: member.id,
    schooling: earlier.get(member.id)?.schooling ?? member.schooling,
    medicalInsured: earlier.get(member.id)?.medicalInsured ?? true,
  }));
  if (!last) return undefined;
  return { ...last, members };
}

/** The refused or waiting outbox item of one visit, with what the cadre can do about it. */
export function QueuedVisitStatus({ itemId, onEdit, onDiscarded }: { itemId: string; onEdit?: () => void; onDiscarded?: () => void }) {
  const l = useL();
  const outbox = useOfflineOutbox(recordVisitOffline);
  const item = outbox.items.find((candidate) => candidate.id === itemId);
  if (!item) return null;
  if (item.state === 'pending' || item.state === 'syncing') {
    return (
      <Alert
        type="info"
        showIcon
        data-testid="visit-queued"
        data-state={item.state}
        data-client-id={item.id}
        title={
          outbox.online
            ? l('走访已保存在本机，正在上传…', 'Visit saved on this device; uploading…')
            : l('没有网络：走访已保存在本机，联网后自动上传。', 'No network: the visit is saved on this device and uploads when the network returns.')
        }
      />
    );
  }
  const message = item.error?.localized ? l.text(item.error.localized) : l('服务器未接受这条走访记录。', 'The server did not accept this visit.');
  return (
    <Alert
      type={item.state === 'conflict' ? 'warning' : 'error'}
      showIcon
      data-testid="visit-refused"
      data-state={item.state}
      data-client-id={item.id}
      title={
        item.state === 'conflict'
          ? l('走访记录与服务器上的新情况冲突，尚未上传', 'The visit conflicts with newer data on the server; not uploaded')
          : l('走访记录未被接受，尚未上传', 'The visit was refused; not uploaded')
      }
      description={
        <Space orientation="vertical" style={{ width: '100%' }}>
          <span>{message}</span>
          <Space wrap>
            <Button size="small" onClick={() => void outbox.retry(item.id)} data-testid="visit-retry">
              {l('重试', 'Retry')}
            </Button>
            {onEdit && item.state === 'failed' ? (
              <Button size="small" onClick={onEdit} data-testid="visit-edit">
                {l('修改后重新提交', 'Edit and submit again')}
              </Button>
            ) : null}
            <Button size="small" danger onClick={() => void outbox.discard(item.id).then(() => onDiscarded?.())} data-testid="visit-discard">
              {l('放弃这条记录', 'Discard this visit')}
            </Button>
          </Space>
        </Space>
      }
    />
  );
}

export function VisitForm({ prefill, regionCode, onDone }: { prefill: VisitPrefill; regionCode: string; onDone: (visit: VisitRecord | null) => void }) {
  const l = useL();
  const { user } = useShell();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const outbox = useOfflineOutbox(recordVisitOffline);
  const [form] = Form.useForm<FormValues>();
  const [openedAt] = useState(() => new Date());
  const [confirmed, setConfirmed] = useState<Set<Section>>(new Set());
  /** The outbox item (= client id) of the submitted visit. */
  const [queued, setQueued] = useState<string | null>(null);
  const [enqueueError, setEnqueueError] = useState<unknown>(null);
  /**
   * Photos of this visit: online each is uploaded as it is picked (the server's check answers at
   * once); offline it is checked on the device and kept in the visit's outbox item, to be uploaded
   * through the same upload store when the visit is sent.
   */
  const [photos, setPhotos] = useState<{ key: string; uploadId: string | null; offline: OfflinePhoto | null; preview: string; name: string }[]>([]);
  const [photoError, setPhotoError] = useState<unknown>(null);
  const [photoRefusal, setPhotoRefusal] = useState<Localized | null>(null);
  const [photoUploading, setPhotoUploading] = useState(false);
  const addPhoto = async (file: File | undefined) => {
    if (!file) return;
    setPhotoError(null);
    setPhotoRefusal(null);
    setPhotoUploading(true);
    try {
      const preview = URL.createObjectURL(file);
      if (outbox.online) {
        const uploadId = await uploadFile(file, { plugin: 'visits', purpose: 'photo', regionCode });
        setPhotos((current) => [...current, { key: uploadId, uploadId, offline: null, preview, name: file.name }]);
      } else {
        const checked = await checkOfflinePhoto(file);
        if ('refusal' in checked) {
          URL.revokeObjectURL(preview);
          setPhotoRefusal(checked.refusal);
          return;
        }
        const offline: OfflinePhoto = { name: file.name, type: checked.type, blob: file, regionCode };
        setPhotos((current) => [...current, { key: crypto.randomUUID(), uploadId: null, offline, preview, name: file.name }]);
      }
    } catch (error) {
      setPhotoError(error);
    } finally {
      setPhotoUploading(false);
    }
  };
  const last = prefill.lastVisit;
  const item = queued ? outbox.items.find((candidate) => candidate.id === queued) : undefined;
  // Once the item has left the outbox the server has it: read it back (findings, measures).
  const sent = queued !== null && outbox.ready && !item;
  const recorded = useQuery({
    ...trpc.visits.list.queryOptions({ regionCode, householdId: prefill.household.id }),
    enabled: sent,
    select: (rows) => rows.find((row) => row.clientId === queued) ?? null,
    refetchInterval: (query) => (query.state.data?.some((row) => row.clientId === queued) ? false : 2_000),
  });
  const result = sent ? (recorded.data ?? null) : null;
  useEffect(() => {
    if (result) onDone(result);
  }, [result, onDone]);

  const initialValues = useMemo<Partial<FormValues>>(() => {
    const checklist = checklistFrom(prefill);
    return {
      visitedAt: localInputValue(new Date()),
      visitors: [user.displayName],
      personMet: prefill.household.headName,
      income: zeros(INCOME_COMPONENTS),
      spending: zeros(SPENDING_KINDS),
      industry: last?.industry ?? { state: 'stable', note: '' },
      employment: last?.employment ?? { state: 'stable', note: '' },
      checklist: checklist ?? {
        foodAndClothingSecure: true,
        members: prefill.members.map((member) => ({ memberId: member.id, schooling: member.schooling, medicalInsured: true })),
        water: { quantity: true, quality: true, reliability: true, convenience: true },
      },
      policyNotes: last?.policyNotes ?? '',
      findings: '',
      riskTypes: [],
    };
  }, [prefill, last, user.displayName]);

  const confirm = (section: Section) => {
    if (section === 'money') form.setFieldsValue({ income: zeros(INCOME_COMPONENTS), spending: zeros(SPENDING_KINDS) });
    if (section === 'work' && last) form.setFieldsValue({ industry: last.industry, employment: last.employment });
    if (section === 'checklist') {
      const checklist = checklistFrom(prefill);
      if (checklist) form.setFieldsValue({ checklist });
    }
    if (section === 'policy' && last) form.setFieldsValue({ policyNotes: last.policyNotes, findings: '', riskTypes: [] });
    setConfirmed((current) => new Set(current).add(section));
  };
  const unchanged = (section: Section, available: boolean) =>
    confirmed.has(section) ? (
      <Tag color="green" data-testid={`unchanged-${section}`}>
        {l('已确认无变化', 'Confirmed unchanged')}
      </Tag>
    ) : (
      <Button size="small" disabled={!available} onClick={() => confirm(section)} data-testid={`confirm-${section}`}>
        {l('无变化', 'Unchanged')}
      </Button>
    );
  const touched = (section: Section) => () =>
    setConfirmed((current) => (current.has(section) ? new Set([...current].filter((item) => item !== section)) : current));

  const submit = async (values: FormValues) => {
    const toFen = (yuan: number | null | undefined) => Math.round((yuan ?? 0) * 100);
    const { housingGrade } = values.checklist;
    if (!housingGrade) return; // the field's rule says so beside it
    setEnqueueError(null);
    try {
      const stored = await outbox.enqueue({
        regionCode,
        householdId: prefill.household.id,
        basedOnVisitId: last?.id ?? null,
        visitedAt: new Date(values.visitedAt).toISOString(),
        startedAt: openedAt.toISOString(),
        recordedOffline: !outbox.online,
        formSeconds: Math.min(86_400, Math.max(0, Math.round((Date.now() - openedAt.getTime()) / 1000))),
        visitors: values.visitors,
        personMet: values.personMet,
        incomeChanges: Object.fromEntries(INCOME_COMPONENTS.map((key) => [key, toFen(values.income[key])])) as Record<
          (typeof INCOME_COMPONENTS)[number],
          number
        >,
        spendingChanges: Object.fromEntries(SPENDING_KINDS.map((key) => [key, toFen(values.spending[key])])) as Record<(typeof SPENDING_KINDS)[number], number>,
        industry: values.industry,
        employment: values.employment,
        checklist: { ...values.checklist, housingGrade },
        policyNotes: values.policyNotes ?? '',
        findings: values.findings ?? '',
        riskTypes: values.riskTypes ?? [],
        location: null,
        photoUploadIds: photos.flatMap((photo) => (photo.uploadId ? [photo.uploadId] : [])),
        offlinePhotos: photos.flatMap((photo) => (photo.offline ? [photo.offline] : [])),
        label: [prefill.household.headName, prefill.household.address].filter(Boolean).join(' · '),
      });
      setQueued(stored.id);
      onDone(null);
      void queryClient.invalidateQueries({ queryKey: trpc.visits.pathKey() });
    } catch (error) {
      setEnqueueError(error);
    }
  };

  const edit = () => {
    if (queued) void outbox.discard(queued);
    setQueued(null);
  };

  const resultView = result ? (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="visit-result">
      <Alert type="success" showIcon title={l(`走访已记录（${result.visitedOn}）`, `Visit recorded (${result.visitedOn})`)} />
      {result.checklistResult.findings.length > 0 ? (
        <Alert
          type="warning"
          showIcon
          title={l('发现问题，已推送为风险线索', 'Problems found; sent to monitoring as a risk signal')}
          description={result.checklistResult.findings.map((finding) => l.text(finding.message)).join('；')}
        />
      ) : null}
      {result.suggestedMeasures.length > 0 ? (
        <Card size="small" title={l('建议帮扶措施（缺什么补什么）', 'Suggested measures')}>
          {result.suggestedMeasures.map((measure) => (
            <Tag key={measure.measure} color="blue">
              {l.text(measure.label)}
            </Tag>
          ))}
        </Card>
      ) : null}
    </Space>
  ) : null;

  const yuanField = (group: 'income' | 'spending', key: string, label: string) => (
    <Form.Item key={key} name={[group, key]} label={label} style={{ marginBottom: 8 }}>
      <InputNumber style={{ width: '100%' }} precision={2} step={100} addonAfter={l('元', 'yuan')} inputMode="decimal" />
    </Form.Item>
  );

  return (
    <>
      {resultView}
      {queued && !result ? (
        item ? (
          <QueuedVisitStatus itemId={queued} onEdit={edit} onDiscarded={() => setQueued(null)} />
        ) : (
          <Alert type="success" showIcon data-testid="visit-synced" title={l('走访已上传，正在读取结果…', 'Visit uploaded; reading the result…')} />
        )
      ) : null}
      <div style={{ display: queued ? 'none' : undefined }}>
        <Form<FormValues>
          form={form}
          layout="vertical"
          initialValues={initialValues}
          onFinish={(values) => void submit(values)}
          data-testid="visit-form"
          style={{ maxWidth: 560 }}
          scrollToFirstError
        >
          <ErrorMessage error={enqueueError} />
          <Card size="small" title={l('走访信息', 'Visit')} style={{ marginBottom: 12 }}>
            <Form.Item name="visitedAt" label={l('走访时间', 'Visited at')} rules={[{ required: true, message: l('请填写走访时间', 'Enter the visit time') }]}>
              <Input type="datetime-local" data-testid="visited-at" />
            </Form.Item>
            <Form.Item name="visitors" label={l('走访人', 'Visitors')} rules={[{ required: true, message: l('请填写走访人', 'Name the visitors') }]}>
              <Select mode="tags" open={false} />
            </Form.Item>
            <Form.Item
              name="personMet"
              label={l('见到的家庭成员', 'Person met')}
              rules={[{ required: true, message: l('请填写见到的人', 'Name the person met') }]}
            >
              <Input data-testid="person-met" />
            </Form.Item>
          </Card>

          <Card
            size="small"
            title={l('收支变化（较上次走访，年化）', 'Income and spending changes (annual)')}
            extra={unchanged('money', true)}
            style={{ marginBottom: 12 }}
          >
            <div onChange={touched('money')}>
              <Typography.Text type="secondary">{l('增加填正数，减少填负数。', 'Positive for a rise, negative for a fall.')}</Typography.Text>
              {INCOME_COMPONENTS.map((key) => yuanField('income', key, l.text(INCOME_COMPONENT_LABELS[key])))}
              {SPENDING_KINDS.map((key) => yuanField('spending', key, l.text(SPENDING_KIND_LABELS[key])))}
            </div>
          </Card>

          <Card size="small" title={l('产业与就业', 'Industry and employment')} extra={unchanged('work', Boolean(last))} style={{ marginBottom: 12 }}>
            {(['industry', 'employment'] as const).map((part) => (
              <Space.Compact key={part} block style={{ marginBottom: 8 }}>
                <Form.Item
                  name={[part, 'state']}
                  label={part === 'industry' ? l('产业', 'Industry') : l('就业', 'Employment')}
                  style={{ marginBottom: 0, minWidth: 110 }}
                >
                  <Select options={WORK_STATES.map((state) => ({ value: state, label: l.text(WORK_STATE_LABELS[state]) }))} onChange={touched('work')} />
                </Form.Item>
                <Form.Item name={[part, 'note']} label={l('说明', 'Note')} style={{ marginBottom: 0, flex: 1 }}>
                  <Input onChange={touched('work')} />
                </Form.Item>
              </Space.Compact>
            ))}
          </Card>

          <Card
            size="small"
            title={l('两不愁三保障及饮水安全', 'Basic needs and drinking water')}
            extra={unchanged('checklist', Boolean(last))}
            style={{ marginBottom: 12 }}
          >
            <Form.Item name={['checklist', 'foodAndClothingSecure']} label={l('不愁吃、不愁穿', 'Food and clothing secure')} valuePropName="checked">
              <Switch onChange={touched('checklist')} />
            </Form.Item>
            <Form.Item
              name={['checklist', 'housingGrade']}
              label={l('住房安全等级', 'Housing grade')}
              rules={[{ required: true, message: l('请选择住房等级', 'Choose the housing grade') }]}
            >
              <Select
                data-testid="housing-grade"
                options={HOUSING_GRADES.map((grade) => ({ value: grade, label: l.text(HOUSING_GRADE_LABELS[grade] ?? { 'zh-CN': grade, en: grade }) }))}
                onChange={touched('checklist')}
              />
            </Form.Item>
            {prefill.members.map((member, index) => (
              <div key={member.id} style={{ borderTop: '1px solid #f0f0f0', paddingTop: 8 }}>
                <Typography.Text strong>
                  {member.name}
                  {member.age !== null ? l(`（${member.age}岁）`, ` (${member.age})`) : ''}
                </Typography.Text>
                <Form.Item name={['checklist', 'members', index, 'memberId']} hidden>
                  <Input />
                </Form.Item>
                <Space wrap>
                  <Form.Item name={['checklist', 'members', index, 'schooling']} label={l('义务教育', 'Schooling')} style={{ marginBottom: 8, minWidth: 150 }}>
                    <Select
                      options={SCHOOLING_STATES.map((state) => ({ value: state, label: l.text(SCHOOLING_LABELS[state] ?? { 'zh-CN': state, en: state }) }))}
                      onChange={touched('checklist')}
                    />
                  </Form.Item>
                  <Form.Item
                    name={['checklist', 'members', index, 'medicalInsured']}
                    label={l('基本医保', 'Insured')}
                    valuePropName="checked"
                    style={{ marginBottom: 8 }}
                  >
                    <Switch onChange={touched('checklist')} />
                  </Form.Item>
                </Space>
              </div>
            ))}
            <Space wrap style={{ borderTop: '1px solid #f0f0f0', paddingTop: 8 }}>
              {(['quantity', 'quality', 'reliability', 'convenience'] as const).map((aspect) => (
                <Form.Item
                  key={aspect}
                  name={['checklist', 'water', aspect]}
                  label={l.text(WATER_LABELS[aspect])}
                  valuePropName="checked"
                  style={{ marginBottom: 0 }}
                >
                  <Switch onChange={touched('checklist')} />
                </Form.Item>
              ))}
            </Space>
          </Card>

          <Card
            size="small"
            title={l('政策落实与发现', 'Policy delivery and findings')}
            extra={unchanged('policy', Boolean(last))}
            style={{ marginBottom: 12 }}
          >
            <Form.Item name="policyNotes" label={l('政策落实情况', 'Policy delivery')}>
              <Input.TextArea rows={2} maxLength={1000} onChange={touched('policy')} />
            </Form.Item>
            <Form.Item name="findings" label={l('发现的问题', 'Findings')}>
              <Input.TextArea rows={2} maxLength={1000} onChange={touched('policy')} />
            </Form.Item>
            <Form.Item name="riskTypes" label={l('发现的风险（将推送为风险线索）', 'Risks found (sent as a risk signal)')}>
              <Select
                mode="multiple"
                options={RISK_TYPES.map((type) => ({ value: type, label: l.text(RISK_TYPE_LABELS[type]) }))}
                onChange={touched('policy')}
              />
            </Form.Item>
          </Card>

          <Card size="small" title={l('现场照片（可选）', 'Photos (optional)')} style={{ marginBottom: 12 }}>
            <Space orientation="vertical" style={{ width: '100%' }}>
              <Typography.Text type="secondary">
                {outbox.online
                  ? l(`JPEG、PNG 或 WebP，每张不超过 5 MB，最多 ${MAX_PHOTOS} 张。`, `JPEG, PNG or WebP, up to 5 MB each, at most ${MAX_PHOTOS}.`)
                  : l(
                      `没有网络：照片先保存在本机，随走访记录联网后上传（JPEG、PNG 或 WebP，每张不超过 5 MB，最多 ${MAX_PHOTOS} 张）。`,
                      `No network: photos are kept on this device and uploaded with the visit when the network returns (JPEG, PNG or WebP, up to 5 MB each, at most ${MAX_PHOTOS}).`,
                    )}
              </Typography.Text>
              <input
                type="file"
                accept="image/jpeg,image/png,image/webp"
                capture="environment"
                data-testid="photo-input"
                disabled={photoUploading || photos.length >= MAX_PHOTOS}
                onChange={(event) => {
                  void addPhoto(event.target.files?.[0]);
                  event.target.value = '';
                }}
              />
              <ErrorMessage error={photoError} />
              {photoRefusal ? <Alert type="error" showIcon data-testid="photo-refused" title={l.text(photoRefusal)} /> : null}
              <Space wrap data-testid="photo-list">
                {photos.map((photo) => (
                  <Space key={photo.key} orientation="vertical" size={2} data-testid="photo-item" data-offline={photo.offline ? 'true' : 'false'}>
                    <img src={photo.preview} alt={photo.name} style={{ width: 96, height: 96, objectFit: 'cover', borderRadius: 4 }} />
                    <Button size="small" onClick={() => setPhotos((current) => current.filter((item) => item.key !== photo.key))}>
                      {l('移除', 'Remove')}
                    </Button>
                  </Space>
                ))}
              </Space>
            </Space>
          </Card>

          <Button type="primary" htmlType="submit" block size="large" disabled={!outbox.ready} data-testid="submit-visit">
            {l('提交走访记录', 'Submit the visit')}
          </Button>
        </Form>
      </div>
    </>
  );
}
