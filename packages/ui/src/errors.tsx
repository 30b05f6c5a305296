import { Alert, Button, Result } from 'antd';
import type { FormInstance } from 'antd';
import { Component, type ErrorInfo, type ReactNode } from 'react';
import { localize, type Locale, type Localized } from './i18n.ts';
import { useLocale } from './shell.tsx';

/** What a person sees of an error: never an object, a code path or a stack. */
export interface DescribedError {
  message: string;
  /** Stable machine reason from the server (`module-not-enabled`, `out-of-scope`, …) or a client one. */
  reason: string;
  code: string | null;
  fieldErrors: Record<string, string[]>;
  details: Record<string, unknown> | null;
}

const GENERIC: Record<string, Localized> = {
  network: { 'zh-CN': '无法连接服务器，请检查网络后重试。', en: 'Cannot reach the server. Check the network and try again.' },
  internal: {
    'zh-CN': '系统出错了，请稍后重试；如果一直出现，请联系管理员。',
    en: 'Something went wrong. Try again later; if it persists, contact an administrator.',
  },
  UNAUTHORIZED: { 'zh-CN': '尚未登录或登录已过期，请重新登录。', en: 'You are not signed in, or your session has expired.' },
  FORBIDDEN: { 'zh-CN': '您没有执行此操作的权限。', en: 'You are not allowed to do this.' },
  NOT_FOUND: { 'zh-CN': '未找到请求的内容。', en: 'Not found.' },
  TOO_MANY_REQUESTS: { 'zh-CN': '操作过于频繁，请稍后再试。', en: 'Too many requests; try again shortly.' },
  client: { 'zh-CN': '页面出错了，请刷新后重试。', en: 'The page failed. Reload and try again.' },
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function isLocalized(value: unknown): value is Localized {
  return isRecord(value) && typeof value['zh-CN'] === 'string' && typeof value.en === 'string';
}

/**
 * Turns anything thrown (a TRPCClientError carrying the host's `data.localized`, a network
 * failure, a render error) into a message in the user's language.
 */
export function describeError(error: unknown, locale: Locale): DescribedError {
  const data =
    isRecord(error) && isRecord(error.data) ? error.data : isRecord(error) && isRecord(error.shape) && isRecord(error.shape.data) ? error.shape.data : null;
  if (data) {
    const details = isRecord(data.details) ? data.details : null;
    const code = typeof data.code === 'string' ? data.code : null;
    const localized = isLocalized(data.localized) ? data.localized : code && GENERIC[code] ? GENERIC[code] : GENERIC.internal;
    const message = localize(localized as Localized, locale);
    // Validation errors carry `fieldErrors`; a business error about one field names it as `field`.
    const fieldErrors =
      details && isRecord(details.fieldErrors)
        ? (details.fieldErrors as Record<string, string[]>)
        : details && typeof details.field === 'string'
          ? { [details.field]: [message] }
          : {};
    return { message, reason: typeof data.reason === 'string' ? data.reason : (code ?? 'error'), code, fieldErrors, details };
  }
  const name = isRecord(error) && typeof error.name === 'string' ? error.name : '';
  const text = isRecord(error) && typeof error.message === 'string' ? error.message : '';
  if (name === 'TRPCClientError' || error instanceof TypeError || /fetch|network|Failed to/i.test(text)) {
    return { message: localize(GENERIC.network as Localized, locale), reason: 'network', code: null, fieldErrors: {}, details: null };
  }
  return { message: localize(GENERIC.client as Localized, locale), reason: 'client', code: null, fieldErrors: {}, details: null };
}

export function errorReason(error: unknown): string {
  return describeError(error, 'zh-CN').reason;
}

/** Shows `data.localized[locale]` of an error; nothing when there is none. */
export function ErrorMessage({ error, title, action, banner }: { error: unknown; title?: ReactNode; action?: ReactNode; banner?: boolean }) {
  const locale = useLocale();
  if (!error) return null;
  const described = describeError(error, locale);
  return (
    <Alert
      type="error"
      showIcon
      banner={banner}
      role="alert"
      data-reason={described.reason}
      title={title ?? described.message}
      description={title ? described.message : undefined}
      action={action}
    />
  );
}

/**
 * Puts the server's `data.details.fieldErrors` on the form's fields; returns whether any matched
 * (if none did, show the error's message instead).
 */
export function applyFieldErrors(form: FormInstance, error: unknown, locale: Locale = 'zh-CN'): boolean {
  const { fieldErrors } = describeError(error, locale);
  const known = new Set(Object.keys(form.getFieldsValue(true) ?? {}));
  const fields = Object.entries(fieldErrors)
    .filter(([name]) => known.has(name.split('.')[0] ?? name))
    .map(([name, errors]) => ({ name: name.split('.'), errors: errors.map((message) => pickLanguage(message, locale)) }));
  if (fields.length > 0) form.setFields(fields);
  return fields.length > 0;
}

/** Server field messages are often "中文 / English": show the half in the user's language. */
export function pickLanguage(message: string, locale: Locale): string {
  const parts = message.split(' / ');
  if (parts.length === 2) return (locale === 'en' ? parts[1] : parts[0]) as string;
  return message;
}

interface BoundaryProps {
  children: ReactNode;
  locale?: Locale;
  /** Changes to this value reset the boundary (e.g. the route path). */
  resetKey?: unknown;
}

/** Catches render errors: a friendly message and a reload button; the details go to the console. */
export class ErrorBoundary extends Component<BoundaryProps, { error: unknown; key: unknown }> {
  override state = { error: null as unknown, key: undefined as unknown };

  static getDerivedStateFromError(error: unknown) {
    return { error };
  }

  static getDerivedStateFromProps(props: BoundaryProps, state: { error: unknown; key: unknown }) {
    if (props.resetKey !== state.key) return { error: null, key: props.resetKey };
    return null;
  }

  override componentDidCatch(error: unknown, info: ErrorInfo) {
    console.error('Page failed', error, info.componentStack);
  }

  override render() {
    if (!this.state.error) return this.props.children;
    const locale = this.props.locale ?? 'zh-CN';
    const described = describeError(this.state.error, locale);
    const isChunk =
      isRecord(this.state.error) &&
      typeof this.state.error.message === 'string' &&
      /dynamically imported module|Importing a module script/i.test(this.state.error.message);
    return (
      <Result
        status="warning"
        title={locale === 'en' ? 'This page could not be shown' : '页面无法显示'}
        subTitle={isChunk ? (locale === 'en' ? 'A newer version may have been deployed. Reload the page.' : '系统可能已更新，请刷新页面。') : described.message}
        extra={
          <Button type="primary" onClick={() => window.location.reload()}>
            {locale === 'en' ? 'Reload' : '刷新页面'}
          </Button>
        }
      />
    );
  }
}
