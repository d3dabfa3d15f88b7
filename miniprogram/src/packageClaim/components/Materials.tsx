import { Text, View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import Taro from '@tarojs/taro';
import type { OutputOf } from '@shared/api';
import { call } from '../../api/client';
import { toAppError } from '../../api/errors';
import { toast } from '../../lib/toast';
import { previewClaimFile } from '../lib/preview';
import { itemKey, useUploads } from '../lib/use-uploads';
import { Unbroken } from './Unbroken';

type View_ = OutputOf<'claim.get'>;
export type FileView = View_['checklist'][number]['files'][number];
export interface MaterialItem {
  materialId: string;
  stayIndex?: number;
  label: string;
  required: boolean;
  template: boolean;
  note?: string;
  files: FileView[];
}

interface Props {
  claimId: string;
  items: MaterialItem[];
  canRemove: (file: FileView) => boolean;
  /** After a file was added or removed: read the claim again. */
  onChanged: () => void;
}

const sizeText = (bytes: number) =>
  bytes >= 1024 * 1024
    ? `${(bytes / 1024 / 1024).toFixed(1)} MB`
    : `${Math.max(1, Math.round(bytes / 1024))} KB`;

async function downloadTemplate(claimId: string, materialId: string) {
  try {
    const t = await call('claim.template', { claimId, materialId });
    if (process.env.TARO_ENV === 'h5') window.open(t.url, '_blank');
    else {
      const r = await Taro.downloadFile({ url: t.url });
      await Taro.openDocument({
        filePath: r.tempFilePath,
        fileType: 'pdf',
        showMenu: true,
      } as Taro.openDocument.Option);
    }
  } catch (e) {
    toast(toAppError(e).message);
  }
}

/** The materials checklist: per item what is needed, its photos (view, remove), and 拍照上传. */
export function Materials({ claimId, items, canRemove, onChanged }: Props) {
  const uploads = useUploads(claimId, onChanged);

  const remove = async (file: FileView) => {
    const ok = await Taro.showModal({
      title: '删除这张照片？',
      content: '删除后可重新上传。',
      confirmText: '删除',
    });
    if (!ok.confirm) return;
    try {
      await call('claim.removeFile', { claimId, fileId: file.id });
      onChanged();
    } catch (e) {
      toast(toAppError(e).message);
    }
  };
  const view = (file: FileView) => previewClaimFile(claimId, file).catch((e) => toast(toAppError(e).message));

  return (
    <View className="claim-materials">
      {items.map((item) => {
        const key = itemKey(item);
        const pending = uploads.pending.filter((p) => p.item === key);
        const done = item.files.length > 0;
        return (
          <View
            key={key}
            className={`card claim-material ${done ? 'claim-material--done' : ''}`}
            data-item={key}
          >
            <View className="claim-material__head">
              <Unbroken className="claim-material__label" text={item.label} />
              <Text
                className={`claim-material__need claim-material__need--${item.required ? 'required' : 'optional'}`}
              >
                {done ? `已上传 ${item.files.length} 张` : item.required ? '必传' : '选传'}
              </Text>
            </View>
            {item.note ? <Text className="claim-material__note">审核意见：{item.note}</Text> : null}
            {item.files.map((f, n) => (
              <View key={f.id} className="claim-file">
                <Text className="claim-file__name">
                  {f.mime === 'application/pdf' ? '文件' : '照片'} {n + 1} ·{' '}
                  <Text className="nowrap">{sizeText(f.bytes)}</Text>
                  {f.uploadedBy.isYou ? '' : ` · ${f.uploadedBy.name}上传`}
                </Text>
                {f.duplicate ? <Text className="claim-file__dup">与其他申请中的材料相同</Text> : null}
                <View className="claim-file__actions">
                  <Text className="claim-link claim-file__view" onClick={() => void view(f)}>
                    查看
                  </Text>
                  {canRemove(f) ? (
                    <Text className="claim-link claim-file__remove" onClick={() => void remove(f)}>
                      删除
                    </Text>
                  ) : null}
                </View>
              </View>
            ))}
            {pending.map((p) => (
              <View key={p.key} className={`claim-upload ${p.error ? 'claim-upload--error' : ''}`}>
                {p.error ? (
                  <>
                    <Text className="error-text claim-upload__error">上传失败：{p.error}</Text>
                    <Text className="claim-link" onClick={() => uploads.dismiss(p.key)}>
                      知道了
                    </Text>
                  </>
                ) : (
                  <>
                    <Text className="claim-upload__text">
                      {p.percent < 100 ? `上传中 ${p.percent}%` : '正在核验…'}
                    </Text>
                    <View className="claim-progress">
                      <View className="claim-progress__bar" style={{ width: `${p.percent}%` }} />
                    </View>
                  </>
                )}
              </View>
            ))}
            <View className="claim-material__buttons">
              {item.template ? (
                <Button
                  className="claim-template"
                  size="small"
                  fill="outline"
                  onClick={() => void downloadTemplate(claimId, item.materialId)}
                >
                  下载声明书模板
                </Button>
              ) : null}
              <Button
                className="claim-material__add"
                type="primary"
                fill={done ? 'outline' : 'solid'}
                size="small"
                onClick={() => void uploads.add(item)}
              >
                {done ? '继续添加' : '拍照 / 从相册选择'}
              </Button>
            </View>
          </View>
        );
      })}
    </View>
  );
}
