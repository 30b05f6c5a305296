/** Text in the UI's two languages: Simplified Chinese first, English second. */
export interface Localized {
  'zh-CN': string;
  en: string;
}

export type Locale = keyof Localized;

export const LOCALES: readonly Locale[] = ['zh-CN', 'en'];

export function localize(text: Localized, locale: Locale): string {
  return text[locale] ?? text['zh-CN'];
}
