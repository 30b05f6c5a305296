import { registryPlugin } from '@zhenxing/plugin-registry/server';
import { createTestApp, type TestApp } from '@zhenxing/testing';
import { socialAssistancePlugin } from '../src/server/plugin.ts';

export const XUSHUI = '130609';
export const JINGXIU = '130602';
export const VILLAGE = '130609100002';
export const YEAR = 2026;

export const PLUGINS = [registryPlugin, socialAssistancePlugin] as const;
export type App = TestApp<typeof PLUGINS>;

export function startApp(): Promise<App> {
  return createTestApp({
    plugins: PLUGINS,
    enable: { [XUSHUI]: ['registry', 'social-assistance'], [JINGXIU]: ['registry', 'social-assistance'] },
  });
}

let sequence = 0;
/** A province organisation with a unique synthetic name. */
export async function organisation(app: App, kind: 'central-unit' | 'county' | 'enterprise' | 'province-department' = 'province-department') {
  sequence += 1;
  return app.as('province')['social-assistance'].organisations.create({ name: `测试帮扶单位${sequence}`, kind, inProvince: kind !== 'central-unit' });
}

export const responsible = [{ name: '测试联系人', title: '联络员', side: 'donor' as const }];
