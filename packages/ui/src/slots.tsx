import { Card } from 'antd';
import { createContext, lazy, Suspense, useContext, useMemo, type ComponentType, type LazyExoticComponent } from 'react';
import { ErrorBoundary } from './errors.tsx';
import type { Localized } from './i18n.ts';
import { useL, useShell } from './shell.tsx';
import { LoadingState } from './states.tsx';
import type { AnyWebPlugin } from './web-plugin.ts';

/**
 * Named places in the admin app where enabled modules contribute panels (Backstage's entity-page
 * cards are the pattern). The host page owns the slot and passes what it is about; a module's
 * panel receives exactly these props and fetches its own data with its own procedures.
 */
export interface SlotProps {
  /** 农户详情: the one view of a family across all modules. */
  'household.detail': { householdId: number; countyCode: string; villageCode: string };
  /** 首页 / region dashboard: the selected region (province, city, county or lower). */
  'region.dashboard': { regionCode: string };
  /** 政策参数: the selected region (what-if runs of a draft parameter set over its households). */
  'parameters.page': { regionCode: string };
}

export type SlotName = keyof SlotProps;

export interface WebPanel<S extends SlotName = SlotName, Permission extends string = string> {
  slot: S;
  title: Localized;
  /** Hidden unless the user holds this permission (relative to the plugin, e.g. `case.read`). */
  permission?: Permission;
  /** Panels of one slot are shown by ascending order, then by plugin id. */
  order?: number;
  /** Lazily loaded: the panel's code is fetched only where the slot is shown. */
  load: () => Promise<{ default: ComponentType<SlotProps[S]> }>;
}

/** A panel for any slot, as a plugin lists them (`panels: [panel('household.detail', {...})]`). */
export type AnyWebPanel = { [S in SlotName]: WebPanel<S> }[SlotName];

/** Declares a panel with its props typed by the slot. */
export function panel<S extends SlotName, const Permission extends string = string>(
  slot: S,
  definition: Omit<WebPanel<S, Permission>, 'slot'>,
): WebPanel<S, Permission> {
  return { slot, ...definition };
}

export interface ExtensionsValue {
  plugins: readonly AnyWebPlugin[];
  /**
   * The modules enabled for a region (for a county its own switches; above county, enabled in any
   * of its counties), or null while loading. The admin app answers from `modules.list`.
   */
  useEnabledModules(regionCode: string): ReadonlySet<string> | null;
}

export const ExtensionsContext = createContext<ExtensionsValue | null>(null);

type AnyPanelComponent = ComponentType<SlotProps[SlotName]>;

// One lazy component per panel definition, so re-renders never reload or remount a panel.
const lazyPanels = new WeakMap<object, LazyExoticComponent<AnyPanelComponent>>();

function lazyPanel<S extends SlotName>(definition: WebPanel<S>): ComponentType<SlotProps[S]> {
  let component = lazyPanels.get(definition);
  if (!component) {
    component = lazy(definition.load as unknown as () => Promise<{ default: AnyPanelComponent }>);
    lazyPanels.set(definition, component);
  }
  return component as unknown as ComponentType<SlotProps[S]>;
}

/** The panels contributed to `slot` by modules enabled in `regionCode` that the user may see. */
export function useSlotPanels<S extends SlotName>(slot: S, regionCode: string): { pluginId: string; panel: WebPanel<S> }[] | null {
  const extensions = useContext(ExtensionsContext);
  const shell = useShell();
  const enabled = extensions?.useEnabledModules(regionCode) ?? null;
  return useMemo(() => {
    if (!extensions || !enabled) return null;
    const found: { pluginId: string; panel: WebPanel<S> }[] = [];
    for (const plugin of extensions.plugins) {
      if (!enabled.has(plugin.id)) continue;
      for (const candidate of plugin.panels ?? []) {
        if (candidate.slot !== slot) continue;
        if (candidate.permission && !shell.hasPermission(`${plugin.id}.${candidate.permission}`)) continue;
        // The slot names match, so the panel's props are this slot's.
        found.push({ pluginId: plugin.id, panel: candidate as unknown as WebPanel<S> });
      }
    }
    return found.sort((a, b) => (a.panel.order ?? 100) - (b.panel.order ?? 100) || (a.pluginId < b.pluginId ? -1 : 1));
  }, [extensions, enabled, slot, shell]);
}

/**
 * Renders every panel contributed to `name`, each in its own card with its own error boundary,
 * so one module's failure never hides another's. A module not enabled for `regionCode` (the
 * household's village, the selected region) contributes nothing.
 */
export function ExtensionSlot<S extends SlotName>({ name, regionCode, props }: { name: S; regionCode: string; props: SlotProps[S] }) {
  const l = useL();
  const panels = useSlotPanels(name, regionCode);
  // Nothing while the enabled modules load; once known, the slot says how many panels it holds.
  if (!panels) return null;
  return (
    <div data-testid={`slot-${name}`} data-panels={panels.length}>
      {panels.map(({ pluginId, panel: contributed }) => {
        const Panel = lazyPanel(contributed);
        return (
          <Card
            key={`${pluginId}:${l.text(contributed.title)}`}
            size="small"
            title={l.text(contributed.title)}
            style={{ marginBottom: 16 }}
            data-testid={`panel-${pluginId}`}
          >
            <ErrorBoundary locale={l.locale}>
              <Suspense fallback={<LoadingState skeleton />}>
                <Panel {...props} />
              </Suspense>
            </ErrorBoundary>
          </Card>
        );
      })}
    </div>
  );
}
