/** Text in the UI's two languages: Simplified Chinese first (the default), English second. */
export interface Localized {
  'zh-CN': string;
  en: string;
}

export type Locale = keyof Localized;

export const LOCALES: readonly Locale[] = ['zh-CN', 'en'];

export function localize(text: Localized | string | null | undefined, locale: Locale): string {
  if (text == null) return '';
  if (typeof text === 'string') return text;
  return text[locale] || text['zh-CN'];
}

/** `l('中文', 'English')` — inline bilingual strings for UI chrome, picked by the current locale. */
export type Translate = (zh: string, en: string) => string;

export function translator(locale: Locale): Translate {
  return (zh, en) => (locale === 'en' ? en : zh);
}
