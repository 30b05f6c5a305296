import { createContext, useContext, useMemo } from 'react';
import { localize, translator, type Locale, type Localized, type Translate } from './i18n.ts';

/** The signed-in user as the admin app knows it (auth.me). */
export interface ShellUser {
  id: number;
  username: string;
  displayName: string;
  role: string;
  roleTitle: Localized;
  scopeCode: string;
  locale: Locale;
  permissions: readonly string[];
}

export interface ShellRegion {
  /** The region the user is looking at (inside their scope). */
  code: string;
  name: string;
  /** The county of that region, or null above county level (province/city views). */
  countyCode: string | null;
}

/**
 * What the admin shell gives every page, core or plugin: who is signed in, which region is
 * selected, the language. Plugin pages read it with `useShell()` / `useRegion()` / `useLocale()`
 * and never import the admin app.
 */
export interface ShellContextValue {
  user: ShellUser;
  locale: Locale;
  setLocale(locale: Locale): void;
  region: ShellRegion;
  setRegion(code: string): void;
  hasPermission(permission: string): boolean;
}

export const ShellContext = createContext<ShellContextValue | null>(null);

/** Locale outside the signed-in shell (the login page). */
export const LocaleContext = createContext<Locale>('zh-CN');

export function useShell(): ShellContextValue {
  const value = useContext(ShellContext);
  if (!value) throw new Error('useShell() must be used inside the admin shell');
  return value;
}

export function useOptionalShell(): ShellContextValue | null {
  return useContext(ShellContext);
}

export function useRegion(): ShellRegion & { setRegion(code: string): void } {
  const shell = useShell();
  return useMemo(() => ({ ...shell.region, setRegion: shell.setRegion }), [shell.region, shell.setRegion]);
}

export function useLocale(): Locale {
  const shell = useContext(ShellContext);
  const fallback = useContext(LocaleContext);
  return shell?.locale ?? fallback;
}

/** `const l = useL(); l('保存', 'Save')`, and `l.text(localized)` for server-provided texts. */
export function useL(): Translate & { text(value: Localized | string | null | undefined): string; locale: Locale } {
  const locale = useLocale();
  return useMemo(
    () => Object.assign(translator(locale), { text: (value: Localized | string | null | undefined) => localize(value, locale), locale }),
    [locale],
  );
}
