import { DownloadOutlined } from '@ant-design/icons';
import { describeError, useL } from '@zhenxing/ui';
import { App, Button, Space } from 'antd';
import { useState } from 'react';
import type { FileFormat } from '../../index.ts';
import { saveServerFile } from '../files.ts';

/** "下载模板 (xlsx) / (csv)": asks the server for the empty template and saves it. */
export function TemplateButtons({
  load,
  disabled,
}: {
  load: (format: FileFormat) => Promise<{ fileName: string; contentBase64: string }>;
  disabled?: boolean;
}) {
  const l = useL();
  const { message } = App.useApp();
  const [loading, setLoading] = useState<FileFormat | null>(null);
  const download = async (format: FileFormat) => {
    setLoading(format);
    try {
      saveServerFile(await load(format));
    } catch (error) {
      message.error(describeError(error, l.locale).message);
    } finally {
      setLoading(null);
    }
  };
  return (
    <Space wrap>
      <Button icon={<DownloadOutlined />} loading={loading === 'xlsx'} disabled={disabled} onClick={() => void download('xlsx')} data-testid="template-xlsx">
        {l('下载模板（Excel）', 'Template (Excel)')}
      </Button>
      <Button icon={<DownloadOutlined />} loading={loading === 'csv'} disabled={disabled} onClick={() => void download('csv')} data-testid="template-csv">
        {l('下载模板（CSV）', 'Template (CSV)')}
      </Button>
    </Space>
  );
}
