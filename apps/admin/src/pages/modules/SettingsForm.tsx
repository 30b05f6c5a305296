import { useMutation, useQueryClient } from '@tanstack/react-query';
import { applyFieldErrors, describeError, ErrorMessage, useL } from '@zhenxing/ui';
import { App, Button, Form, Input, InputNumber, Select, Space, Switch, Typography } from 'antd';
import type { Rule } from 'antd/es/form';
import { useState, type ReactNode } from 'react';
import { useTRPC, type ModuleInfo } from '../../trpc.ts';

/** The subset of JSON Schema (zod's toJSONSchema output) the form understands; the rest is JSON text. */
interface FieldSchema {
  type?: string | string[];
  title?: string;
  description?: string;
  /** English label: `z.number().meta({ title: '办理时限（天）', titleEn: 'Deadline (days)' })`. */
  titleEn?: string;
  descriptionEn?: string;
  enum?: unknown[];
  const?: unknown;
  anyOf?: FieldSchema[];
  oneOf?: FieldSchema[];
  items?: FieldSchema;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
  default?: unknown;
  properties?: Record<string, FieldSchema>;
  required?: string[];
}

type Kind = 'boolean' | 'integer' | 'number' | 'string' | 'enum' | 'multi-enum' | 'tags' | 'json';

function typesOf(schema: FieldSchema): string[] {
  if (schema.anyOf ?? schema.oneOf) return (schema.anyOf ?? schema.oneOf ?? []).flatMap(typesOf);
  if (schema.enum) return ['enum'];
  if (schema.const !== undefined) return ['enum'];
  return Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
}

/** Drops a `null` alternative: `anyOf: [{type:'integer'}, {type:'null'}]` → the integer schema. */
function core(schema: FieldSchema): FieldSchema {
  const alternatives = (schema.anyOf ?? schema.oneOf)?.filter((alternative) => typesOf(alternative).some((type) => type !== 'null'));
  if (alternatives && alternatives.length === 1) return { ...schema, ...alternatives[0], anyOf: undefined, oneOf: undefined };
  return schema;
}

export function fieldKind(raw: FieldSchema): Kind {
  const schema = core(raw);
  if (schema.anyOf ?? schema.oneOf) {
    const consts = (schema.anyOf ?? schema.oneOf ?? []).every((alternative) => alternative.const !== undefined || alternative.enum);
    return consts ? 'enum' : 'json';
  }
  if (schema.enum) return 'enum';
  const types = typesOf(schema).filter((type) => type !== 'null');
  if (types.length !== 1) return 'json';
  switch (types[0]) {
    case 'boolean':
      return 'boolean';
    case 'integer':
      return 'integer';
    case 'number':
      return 'number';
    case 'string':
      return 'string';
    case 'array':
      if (schema.items?.enum) return 'multi-enum';
      if (typesOf(schema.items ?? {}).includes('string')) return 'tags';
      return 'json';
    default:
      return 'json';
  }
}

function enumValues(schema: FieldSchema): unknown[] {
  const base = core(schema);
  if (base.enum) return base.enum;
  return (base.anyOf ?? base.oneOf ?? []).flatMap((alternative) => alternative.enum ?? (alternative.const !== undefined ? [alternative.const] : []));
}

function rulesFor(kind: Kind, schema: FieldSchema, required: boolean, l: ReturnType<typeof useL>): Rule[] {
  const rules: Rule[] = [];
  const base = core(schema);
  if (required) rules.push({ required: true, message: l('必填', 'Required') });
  if (kind === 'integer' || kind === 'number') {
    const min = base.minimum ?? base.exclusiveMinimum;
    const max = base.maximum ?? base.exclusiveMaximum;
    if (min !== undefined) rules.push({ type: 'number', min, message: l(`不能小于 ${min}`, `At least ${min}`) });
    if (max !== undefined) rules.push({ type: 'number', max, message: l(`不能大于 ${max}`, `At most ${max}`) });
  }
  if (kind === 'string') {
    if (base.minLength !== undefined) rules.push({ min: base.minLength, message: l(`至少 ${base.minLength} 个字`, `At least ${base.minLength} characters`) });
    if (base.maxLength !== undefined) rules.push({ max: base.maxLength, message: l(`最多 ${base.maxLength} 个字`, `At most ${base.maxLength} characters`) });
  }
  if (kind === 'json') {
    rules.push({
      validator: async (_rule, value: string) => {
        if (value === undefined || value === '') return;
        JSON.parse(value);
      },
      message: l('不是有效的 JSON', 'Not valid JSON'),
    });
  }
  return rules;
}

function control(kind: Kind, schema: FieldSchema): ReactNode {
  const base = core(schema);
  switch (kind) {
    case 'boolean':
      return <Switch />;
    case 'integer':
      return <InputNumber precision={0} style={{ width: 200 }} />;
    case 'number':
      return <InputNumber style={{ width: 200 }} />;
    case 'string':
      return <Input maxLength={base.maxLength} showCount={base.maxLength !== undefined} />;
    case 'enum':
      return <Select options={enumValues(schema).map((value) => ({ value: value as string, label: String(value) }))} style={{ maxWidth: 320 }} />;
    case 'multi-enum':
      return <Select mode="multiple" options={(base.items?.enum ?? []).map((value) => ({ value: value as string, label: String(value) }))} />;
    case 'tags':
      return <Select mode="tags" open={false} />;
    default:
      return <Input.TextArea autoSize={{ minRows: 3, maxRows: 12 }} style={{ fontFamily: 'monospace' }} />;
  }
}

/**
 * A county's settings for one module, generated from the module's `settingsSchema` (JSON Schema
 * of its zod settings). Client rules catch the obvious; the server's per-field errors
 * (`data.details.fieldErrors`) land on the fields they name.
 */
export function SettingsForm({ module, countyCode, onSaved, readOnly }: { module: ModuleInfo; countyCode: string; onSaved?: () => void; readOnly?: boolean }) {
  const l = useL();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [formError, setFormError] = useState<unknown>(null);
  const schema = (module.settingsSchema ?? {}) as FieldSchema;
  const properties = Object.entries(schema.properties ?? {});
  const required = new Set(schema.required ?? []);
  const kinds = Object.fromEntries(properties.map(([name, field]) => [name, fieldKind(field)]));
  const current = (module.settings ?? {}) as Record<string, unknown>;
  const initialValues = Object.fromEntries(
    properties.map(([name, field]) => {
      const value = current[name] ?? field.default;
      return [name, kinds[name] === 'json' ? (value === undefined ? '' : JSON.stringify(value, null, 2)) : value];
    }),
  );

  const save = useMutation(
    trpc.modules.updateSettings.mutationOptions({
      onSuccess: async () => {
        message.success(l('设置已保存', 'Settings saved'));
        await queryClient.invalidateQueries({ queryKey: trpc.modules.list.queryKey() });
        onSaved?.();
      },
      onError: (error) => {
        const placed = applyFieldErrors(form, error, l.locale);
        setFormError(error);
        if (!placed) message.error(describeError(error, l.locale).message);
      },
    }),
  );

  if (properties.length === 0) {
    return <Typography.Text type="secondary">{l('此模块没有可设置的参数。', 'This module has no settings.')}</Typography.Text>;
  }

  const submit = (values: Record<string, unknown>) => {
    setFormError(null);
    const settings: Record<string, unknown> = {};
    for (const [name] of properties) {
      const value = values[name];
      if (kinds[name] === 'json') settings[name] = value === '' || value === undefined ? undefined : JSON.parse(String(value));
      else settings[name] = value === null ? undefined : value;
    }
    save.mutate({ countyCode, pluginId: module.id, settings });
  };

  return (
    <Form
      form={form}
      layout="vertical"
      initialValues={initialValues}
      onFinish={submit}
      disabled={readOnly || save.isPending}
      data-testid="settings-form"
      onValuesChange={() => setFormError(null)}
    >
      {properties.map(([name, field]) => {
        const kind = kinds[name] as Kind;
        const title = (l.locale === 'en' ? field.titleEn : undefined) ?? field.title ?? field.description ?? name;
        const help = field.title ? ((l.locale === 'en' ? field.descriptionEn : undefined) ?? field.description) : undefined;
        return (
          <Form.Item
            key={name}
            name={name}
            label={title}
            tooltip={help}
            extra={
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {name}
              </Typography.Text>
            }
            valuePropName={kind === 'boolean' ? 'checked' : 'value'}
            rules={rulesFor(kind, field, required.has(name) && field.default === undefined, l)}
          >
            {control(kind, field)}
          </Form.Item>
        );
      })}
      {formError ? (
        <div style={{ marginBottom: 16 }}>
          <ErrorMessage error={formError} />
        </div>
      ) : null}
      {readOnly ? null : (
        <Space>
          <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="settings-save">
            {l('保存设置', 'Save settings')}
          </Button>
          <Button onClick={() => form.resetFields()}>{l('还原', 'Reset')}</Button>
        </Space>
      )}
    </Form>
  );
}
