import { InboxOutlined } from '@ant-design/icons';
import { useL } from '@zhenxing/ui';
import { App, Upload } from 'antd';
import { refuseFile, ACCEPTED_FILES, type ChosenFile } from '../files.ts';

/**
 * Choose one .xlsx or .csv file; nothing is uploaded until the page sends it to the upload route
 * (beforeUpload returns false).
 */
export function FileChooser({ file, onChange, disabled }: { file: ChosenFile | null; onChange: (file: ChosenFile | null) => void; disabled?: boolean }) {
  const l = useL();
  const { message } = App.useApp();
  const choose = (chosen: File) => {
    const refusal = refuseFile(chosen);
    if (refusal) {
      message.error(
        refusal === 'format'
          ? l('只支持 .xlsx 和 .csv 文件（旧版 .xls 请先另存为 .xlsx）', 'Only .xlsx and .csv files (save an old .xls as .xlsx first)')
          : refusal === 'empty'
            ? l('文件为空', 'The file is empty')
            : l('文件超过 20 MB，请拆分后分批导入', 'The file exceeds 20 MB; split it into parts'),
      );
      return;
    }
    onChange({ fileName: chosen.name, size: chosen.size, file: chosen });
  };
  return (
    <Upload.Dragger
      accept={ACCEPTED_FILES}
      multiple={false}
      maxCount={1}
      disabled={disabled}
      fileList={file ? [{ uid: 'chosen', name: file.fileName, size: file.size, status: 'done' }] : []}
      beforeUpload={(chosen) => {
        choose(chosen);
        return false;
      }}
      onRemove={() => {
        onChange(null);
        return true;
      }}
      data-testid="file-chooser"
    >
      <p className="ant-upload-drag-icon">
        <InboxOutlined />
      </p>
      <p className="ant-upload-text">{l('点击或拖拽文件到此处', 'Click or drop a file here')}</p>
      <p className="ant-upload-hint">
        {l('支持 .xlsx、.csv，单个文件不超过 20 MB；身份证号列请设为文本格式', '.xlsx or .csv up to 20 MB; format the ID number columns as text')}
      </p>
    </Upload.Dragger>
  );
}
