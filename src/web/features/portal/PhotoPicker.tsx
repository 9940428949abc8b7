import { PlusOutlined } from '@ant-design/icons';
import { App, Upload, type UploadFile } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatBytes } from '../../api/attachments';

interface Props {
  value: UploadFile[];
  onChange: (files: UploadFile[]) => void;
  maxBytes: number;
  max?: number;
}

/** Photos chosen on the phone, previewed at once, sent with the form (never uploaded on their own). */
export function PhotoPicker({ value, onChange, maxBytes, max = 3 }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  return (
    <Upload
      listType="picture-card"
      accept="image/jpeg,image/png,image/webp,image/gif"
      multiple
      maxCount={max}
      fileList={value}
      beforeUpload={(file) => {
        if (file.size > maxBytes) {
          message.error(t('attachments.tooBig', { name: file.name, size: formatBytes(maxBytes) }));
          return Upload.LIST_IGNORE;
        }
        // Kept in the form until it is submitted.
        return false;
      }}
      onChange={({ fileList }) => onChange(fileList.slice(0, max))}
      data-testid="photo-picker"
    >
      {value.length < max ? (
        <button type="button" className="portal-photo-add">
          <PlusOutlined />
          <div>{t('portal.addPhoto')}</div>
        </button>
      ) : null}
    </Upload>
  );
}

/** The File objects behind the picker's list. */
export const filesOf = (list: UploadFile[]): File[] => list.map((f) => f.originFileObj).filter((f): f is NonNullable<typeof f> => Boolean(f));
