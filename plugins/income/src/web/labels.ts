/** zh-CN first: the reasons' and the ledger's short labels. */
export const STATUS_LABELS = {
  open: { 'zh-CN': '在册', en: 'open' },
  closed: { 'zh-CN': '已销号', en: 'closed' },
} as const;
export const PLAN_STATUS_LABELS = {
  active: { 'zh-CN': '实施中', en: 'active' },
  completed: { 'zh-CN': '已完成', en: 'completed' },
} as const;

export function today(): string {
  return new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
}
