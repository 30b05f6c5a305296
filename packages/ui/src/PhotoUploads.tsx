/**
 * Evidence photos through the core upload store: each picked photo (on a phone the browser offers
 * the camera or the gallery) is sent once and its upload id added to `value`; thumbnails preview what was sent and each
 * can be taken off before saving. Controlled (`value`/`onChange`), so it also works inside a named
 * antd Form.Item. The server still checks every id (owner, plugin, purpose, county).
 */
import { CameraOutlined, CloseOutlined } from '@ant-design/icons';
import { Button, Space } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { ErrorMessage } from './errors.tsx';
import { useL } from './shell.tsx';
import { uploadFile } from './upload.ts';

export interface PhotoUploadsProps {
  plugin: string;
  purpose: string;
  regionCode: string;
  value?: readonly string[];
  onChange?: (uploadIds: string[]) => void;
  /** At most this many photos (the procedure's own limit). */
  max?: number;
  /** `data-testid` of the file input (e2e specs set files on it). */
  testId?: string;
  disabled?: boolean;
}

export function PhotoUploads({ plugin, purpose, regionCode, value = [], onChange, max = 10, testId, disabled = false }: PhotoUploadsProps) {
  const l = useL();
  const input = useRef<HTMLInputElement>(null);
  const [uploading, setUploading] = useState(false);
  const [error, setError] = useState<unknown>(null);
  // Local previews of the photos sent from this page (object URLs), by upload id; freed when the form closes.
  const [previews, setPreviews] = useState<Record<string, string>>({});
  const made = useRef<string[]>([]);
  useEffect(() => () => made.current.forEach((url) => URL.revokeObjectURL(url)), []);

  async function add(file: File) {
    setError(null);
    setUploading(true);
    try {
      const uploadId = await uploadFile(file, { plugin, purpose, regionCode });
      const url = URL.createObjectURL(file);
      made.current.push(url);
      setPreviews((current) => ({ ...current, [uploadId]: url }));
      onChange?.([...value, uploadId]);
    } catch (caught) {
      setError(caught);
    } finally {
      setUploading(false);
    }
  }

  return (
    <div>
      <Space wrap align="start">
        {value.map((uploadId, index) => (
          <div key={uploadId} style={{ position: 'relative' }} data-testid="photo-upload-item">
            {previews[uploadId] ? (
              <img
                src={previews[uploadId]}
                alt={l(`照片 ${index + 1}`, `Photo ${index + 1}`)}
                style={{ width: 72, height: 72, objectFit: 'cover', borderRadius: 4 }}
              />
            ) : (
              <span>{l(`照片 ${index + 1}`, `Photo ${index + 1}`)}</span>
            )}
            <Button
              size="small"
              type="text"
              icon={<CloseOutlined />}
              aria-label={l(`移除照片 ${index + 1}`, `Remove photo ${index + 1}`)}
              style={{ position: 'absolute', top: 0, right: 0 }}
              onClick={() => onChange?.(value.filter((id) => id !== uploadId))}
            />
          </div>
        ))}
        {value.length < max ? (
          <Button icon={<CameraOutlined />} loading={uploading} disabled={disabled} onClick={() => input.current?.click()}>
            {l('拍照或选择照片', 'Take or choose a photo')}
          </Button>
        ) : null}
      </Space>
      <input
        ref={input}
        type="file"
        style={{ display: 'none' }}
        accept="image/jpeg,image/png,image/webp"
        disabled={disabled || uploading}
        data-testid={testId}
        onChange={(event) => {
          const file = event.target.files?.[0];
          event.target.value = '';
          if (file) void add(file);
        }}
      />
      <ErrorMessage error={error} />
    </div>
  );
}
