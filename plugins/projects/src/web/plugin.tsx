import { ProjectOutlined } from '@ant-design/icons';
import { defineWebPlugin } from '@zhenxing/ui';
import { projectsModule } from '../index.ts';

/** The web side of 项目库与资金拨付: the library, a project's page with its steps and payments, the stage dashboard. */
export const projectsWeb = defineWebPlugin({
  module: projectsModule,
  icon: <ProjectOutlined />,
  nav: [
    { path: '', title: { 'zh-CN': '项目库', en: 'Project library' }, permission: 'project.read' },
    { path: 'dashboard', title: { 'zh-CN': '项目阶段统计', en: 'Projects by stage' }, permission: 'project.read' },
  ],
  routes: [
    { path: '', title: { 'zh-CN': '项目库', en: 'Project library' }, permission: 'project.read', load: () => import('./pages/ProjectList.tsx') },
    {
      path: 'dashboard',
      title: { 'zh-CN': '项目阶段统计', en: 'Projects by stage' },
      permission: 'project.read',
      load: () => import('./pages/StageDashboard.tsx'),
    },
    { path: ':id', title: { 'zh-CN': '项目详情', en: 'Project' }, permission: 'project.read', load: () => import('./pages/ProjectDetail.tsx') },
  ],
});
