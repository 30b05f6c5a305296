/**
 * The web side of 农户信息 for the admin app: the household list (search, filters, export), a
 * household's page (members, incomes, change history, edits), spreadsheet import and department
 * data comparison. Pages load lazily; this file stays tiny because the admin app imports it eagerly.
 */
import { HomeOutlined } from '@ant-design/icons';
import { defineWebPlugin } from '@zhenxing/ui';
import { registryModule } from '../index.ts';
import { createElement } from 'react';

const LIST = { 'zh-CN': '农户列表', en: 'Households' };
const IMPORT = { 'zh-CN': '数据导入', en: 'Import' };
const COMPARISON = { 'zh-CN': '部门信息比对', en: 'Department comparison' };

export const registryWeb = defineWebPlugin({
  module: registryModule,
  icon: createElement(HomeOutlined),
  nav: [
    { path: '', title: LIST, permission: 'household.read' },
    { path: 'import', title: IMPORT, permission: 'household.import' },
    { path: 'comparison', title: COMPARISON, permission: 'department.compare' },
  ],
  routes: [
    { path: '', title: LIST, permission: 'household.read', load: () => import('./pages/HouseholdsPage.tsx') },
    {
      path: 'households/:id',
      title: { 'zh-CN': '农户详情', en: 'Household' },
      permission: 'household.read',
      load: () => import('./pages/HouseholdDetailPage.tsx'),
    },
    { path: 'import', title: IMPORT, permission: 'household.import', load: () => import('./pages/ImportPage.tsx') },
    { path: 'comparison', title: COMPARISON, permission: 'department.compare', load: () => import('./pages/ComparisonPage.tsx') },
  ],
});
