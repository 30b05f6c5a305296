/**
 * Chinese (and English) labels for the audit log's action keys (`user.create`, `case.open`) and
 * entity types (`funds-spending`), built from a word list rather than one entry per key, so a new
 * module's keys read sensibly too. A key with a word not in the list is shown as it is.
 */
type Words = Record<string, readonly [zh: string, en: string]>;

/** Things acted on. */
const NOUNS: Words = {
  allocation: ['资金安排', 'allocation'],
  assessment: ['考核', 'assessment'],
  assignment: ['走访包联', 'visit assignment'],
  assistance: ['社会帮扶', 'assistance'],
  audit: ['审计', 'audit'],
  auth: ['登录认证', 'sign-in'],
  batch: ['资金批次', 'funds batch'],
  call: ['调度任务', 'data call'],
  case: ['认定案件', 'case'],
  checkpoint: ['校验点', 'checkpoint'],
  commitment: ['帮扶任务', 'commitment'],
  comparison: ['数据比对', 'comparison'],
  deadline: ['时限', 'deadline'],
  deduction: ['扣分', 'deduction'],
  demo: ['演示数据', 'demo data'],
  department: ['部门', 'department'],
  dispatch: ['监测调度', 'dispatch'],
  draft: ['草稿', 'draft'],
  employment: ['就业', 'employment'],
  export: ['导出', 'export'],
  figures: ['数据', 'figures'],
  funds: ['衔接资金', 'funds'],
  growth: ['增速', 'growth'],
  household: ['农户', 'household'],
  import: ['导入', 'import'],
  income: ['收入', 'income'],
  item: ['条目', 'item'],
  ledger: ['收入台账', 'income ledger'],
  entry: ['条目', 'entry'],
  list: ['名单', 'list'],
  locale: ['界面语言', 'language'],
  log: ['日志', 'log'],
  measure: ['帮扶措施', 'measure'],
  member: ['家庭成员', 'member'],
  module: ['模块', 'module'],
  monitoring: ['监测', 'monitoring'],
  notice: ['公示通知', 'notice'],
  object: ['监测对象', 'monitored household'],
  objection: ['异议', 'objection'],
  organisation: ['帮扶单位', 'organisation'],
  parameter: ['政策参数', 'parameters'],
  parameters: ['政策参数', 'parameters'],
  password: ['密码', 'password'],
  payment: ['资金拨付', 'payment'],
  period: ['调度期', 'period'],
  placement: ['安置', 'placement'],
  plan: ['增收计划', 'income plan'],
  policy: ['策略', 'policy'],
  problem: ['问题', 'problem'],
  project: ['项目', 'project'],
  registry: ['农户台账', 'registry'],
  relationship: ['结对帮扶', 'pairing'],
  report: ['报告', 'report'],
  results: ['成效', 'results'],
  risk: ['风险', 'risk'],
  rows: ['数据行', 'rows'],
  run: ['运行', 'run'],
  scheme: ['考核方案', 'scheme'],
  scores: ['得分', 'scores'],
  security: ['安全', 'security'],
  session: ['会话', 'session'],
  sessions: ['会话', 'sessions'],
  set: ['版本', 'set'],
  settings: ['设置', 'settings'],
  sheet: ['表', 'sheet'],
  signal: ['风险线索', 'risk signal'],
  spending: ['资金支出', 'spending'],
  status: ['状态', 'status'],
  submission: ['填报', 'submission'],
  summary: ['汇总', 'summary'],
  supervision: ['监督', 'supervision'],
  target: ['目标', 'target'],
  totp: ['动态口令', 'one-time code'],
  township: ['乡镇', 'township'],
  upload: ['附件', 'upload'],
  user: ['用户', 'user'],
  village: ['村', 'village'],
  visit: ['走访', 'visit'],
  visits: ['走访', 'visits'],
  whatif: ['参数试算', 'what-if'],
};

/** What was done (the last part of an action key). */
const VERBS: Words = {
  absorbed: ['并入', 'absorbed'],
  accept: ['接收', 'accept'],
  add: ['新增', 'add'],
  adjust: ['调整', 'adjust'],
  applied: ['应用', 'applied'],
  apply: ['申报', 'apply'],
  approve: ['审定', 'approve'],
  begin: ['开始', 'begin'],
  change: ['变更', 'change'],
  changed: ['变更', 'changed'],
  close: ['关闭', 'close'],
  compare: ['比对', 'compare'],
  completed: ['公示期满', 'completed'],
  compute: ['计算', 'compute'],
  create: ['新增', 'create'],
  demo: ['生成演示', 'demo'],
  discard: ['丢弃', 'discard'],
  eliminated: ['消除', 'eliminated'],
  end: ['结束', 'end'],
  enrolled: ['绑定', 'enrolled'],
  enter: ['录入', 'enter'],
  export: ['导出', 'export'],
  failed: ['失败', 'failed'],
  import: ['导入', 'import'],
  include: ['纳入', 'include'],
  lift: ['解除', 'lift'],
  login: ['登录', 'sign in'],
  logout: ['退出登录', 'sign out'],
  make: ['拨付', 'make'],
  move: ['迁移', 'move'],
  open: ['启动', 'open'],
  posted: ['张贴', 'posted'],
  preview: ['预览', 'preview'],
  progress: ['进展', 'progress'],
  propose: ['申请', 'propose'],
  publish: ['发布', 'publish'],
  purge: ['清理', 'purge'],
  read: ['阅读', 'read'],
  received: ['到位', 'received'],
  record: ['记录', 'record'],
  rectify: ['整改', 'rectify'],
  refused: ['被拒', 'refused'],
  reject: ['不予通过', 'reject'],
  remind: ['提醒', 'remind'],
  repair: ['修复', 'repair'],
  repeated: ['重复', 'repeated'],
  replay: ['重算', 'replay'],
  rerun: ['重算', 'rerun'],
  reset: ['重置', 'reset'],
  resolve: ['处理', 'resolve'],
  result: ['填报成效', 'result'],
  return: ['退回', 'return'],
  review: ['审核', 'review'],
  seed: ['生成', 'seed'],
  start: ['开始', 'start'],
  submit: ['提交', 'submit'],
  sync: ['同步', 'sync'],
  target: ['下达目标', 'target'],
  unlock: ['解锁', 'unlock'],
  update: ['修改', 'update'],
  verify: ['核实', 'verify'],
};

/** Whole keys that read better than their words. */
const WHOLE: Words = {
  'auth.login': ['登录', 'signed in'],
  'auth.logout': ['退出登录', 'signed out'],
  'auth.login-failed': ['登录失败', 'sign-in failed'],
  'village-review': ['村民主评议', 'village review'],
  'township-review': ['乡镇审核', 'township review'],
  'notice-posted': ['张贴公示', 'notice posted'],
  'notice-completed': ['公示期满', 'notice completed'],
  'case.open': ['启动认定', 'case opened'],
  'object.include': ['纳入监测', 'included in monitoring'],
  'object.risk-eliminated': ['风险消除', 'risk eliminated'],
  'signal.new-risk': ['新风险线索', 'new risk signal'],
  'spending.from-project-payment': ['项目拨付计入支出', 'spending from a project payment'],
  'visit.income-applied': ['走访收入入账', 'visit income applied'],
  'user.reset-password': ['重置密码', 'password reset'],
  'user.totp-reset': ['重置动态口令', 'one-time code reset'],
};

function word(table: Words, key: string, en: boolean): string | null {
  const entry = table[key];
  return entry ? entry[en ? 1 : 0] : null;
}

/** `a-b` → the words of a and b (null when one is unknown). */
function phrase(table: Words, key: string, en: boolean): string | null {
  const whole = word(table, key, en);
  if (whole) return whole;
  const parts = key.split('-').map((part) => word(table, part, en) ?? word(NOUNS, part, en));
  return parts.every((part): part is string => part !== null) ? parts.join(en ? ' ' : '') : null;
}

/** `user.create` → 新增用户; `verify` → 核实; unknown words → the key itself. */
export function auditActionLabel(action: string, locale: string): string {
  const en = locale === 'en';
  const whole = word(WHOLE, action, en);
  if (whole) return whole;
  const parts = action.split('.');
  const verb = parts.at(-1) ?? action;
  const verbText = phrase(VERBS, verb, en);
  const nouns = parts.slice(0, -1).map((noun) => phrase(NOUNS, noun, en));
  if (verbText === null || nouns.some((noun) => noun === null)) return action;
  return en ? [verbText, ...nouns].join(' ') : `${verbText}${nouns.join('')}`;
}

const MODULE_PREFIXES = new Set(['assessment', 'assistance', 'dispatch', 'funds', 'income', 'project', 'registry', 'visits', 'whatif']);

/** `funds-spending` → 资金支出 (the module's prefix dropped); unknown words → the key itself. */
export function auditEntityLabel(entityType: string, locale: string): string {
  const en = locale === 'en';
  const whole = word(NOUNS, entityType, en);
  if (whole) return whole;
  const parts = entityType.split('-');
  const rest = parts.length > 1 && MODULE_PREFIXES.has(parts[0] ?? '') ? parts.slice(1) : parts;
  const words = rest.map((part) => word(NOUNS, part, en));
  return words.every((part): part is string => part !== null) ? words.join(en ? ' ' : '') : entityType;
}
