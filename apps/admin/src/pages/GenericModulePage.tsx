import { Card, Descriptions, Tag, Typography } from 'antd';
import { useL, useShell } from '@zhenxing/ui';
import { Link } from 'react-router';
import type { ModuleInfo } from '../trpc.ts';

/** A module that is enabled but ships no web pages in this build: what it is and what you may do. */
export function GenericModulePage({ module }: { module: ModuleInfo }) {
  const l = useL();
  const shell = useShell();
  return (
    <div data-testid="generic-module-page" data-module={module.id}>
      <h1 className="zx-page-title">{l.text(module.title)}</h1>
      <Card>
        {module.description ? <Typography.Paragraph>{l.text(module.description)}</Typography.Paragraph> : null}
        <Descriptions column={{ xs: 1, md: 2 }} bordered size="small">
          <Descriptions.Item label={l('模块标识', 'Module id')}>{module.id}</Descriptions.Item>
          <Descriptions.Item label={l('版本', 'Version')}>{module.version}</Descriptions.Item>
          <Descriptions.Item label={l('当前区划', 'Region')}>{shell.region.name}</Descriptions.Item>
          <Descriptions.Item label={l('状态', 'State')}>
            <Tag color="success">{l('已启用', 'Enabled')}</Tag>
            {module.required ? <Tag color="gold">{l('省级必选', 'Required by province')}</Tag> : null}
          </Descriptions.Item>
          <Descriptions.Item label={l('我的权限', 'My permissions')} span={2}>
            {module.permissions.map((permission) => (
              <Tag key={permission}>{permission.slice(module.id.length + 1)}</Tag>
            ))}
          </Descriptions.Item>
        </Descriptions>
        <Typography.Paragraph type="secondary" style={{ marginTop: 16, marginBottom: 0 }}>
          {l('本模块的业务页面尚未安装到管理端。', 'This module’s pages are not installed in this admin build.')}{' '}
          {shell.hasPermission('core.modules.manage') ? <Link to="/modules">{l('查看模块设置', 'See module settings')}</Link> : null}
        </Typography.Paragraph>
      </Card>
    </div>
  );
}
