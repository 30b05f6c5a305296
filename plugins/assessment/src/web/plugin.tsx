import { TrophyOutlined } from '@ant-design/icons';
import { defineWebPlugin } from '@zhenxing/ui';
import { assessmentModule } from '../index.ts';

/** The web side of 考核评估: schemes, scores (ranking, breakdown, explanation), 通报 with a print view, 暗访 and 整改. */
export const assessmentWeb = defineWebPlugin({
  module: assessmentModule,
  icon: <TrophyOutlined />,
  nav: [
    { path: '', title: { 'zh-CN': '考核方案', en: 'Schemes' }, permission: 'assessment.read' },
    { path: 'scores', title: { 'zh-CN': '考核得分', en: 'Scores' }, permission: 'assessment.read' },
    { path: 'notices', title: { 'zh-CN': '通报', en: 'Notices' }, permission: 'assessment.read' },
    { path: 'inspections', title: { 'zh-CN': '暗访记录', en: 'Inspections' }, permission: 'assessment.read' },
    { path: 'rectification', title: { 'zh-CN': '问题整改', en: 'Rectification' }, permission: 'assessment.read' },
  ],
  routes: [
    { path: '', title: { 'zh-CN': '考核方案', en: 'Schemes' }, permission: 'assessment.read', load: () => import('./pages/SchemesPage.tsx') },
    { path: 'scores', title: { 'zh-CN': '考核得分', en: 'Scores' }, permission: 'assessment.read', load: () => import('./pages/ScoresPage.tsx') },
    { path: 'notices', title: { 'zh-CN': '通报', en: 'Notices' }, permission: 'assessment.read', load: () => import('./pages/NoticesPage.tsx') },
    {
      path: 'inspections',
      title: { 'zh-CN': '暗访记录', en: 'Inspections' },
      permission: 'assessment.read',
      load: () => import('./pages/InspectionsPage.tsx'),
    },
    {
      path: 'rectification',
      title: { 'zh-CN': '问题整改', en: 'Rectification' },
      permission: 'assessment.read',
      load: () => import('./pages/RectificationPage.tsx'),
    },
    {
      path: 'notices/:id',
      title: { 'zh-CN': '通报（打印）', en: 'Notice (print)' },
      permission: 'assessment.read',
      load: () => import('./pages/NoticePrintPage.tsx'),
    },
  ],
});
