import { useEffect, useState } from 'react';
import { View, Text, Image } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { Button } from '@nutui/nutui-react-taro';
import { call } from '../../../api/client';
import { toAppError } from '../../../api/errors';
import { toast } from '../../../lib/toast';
import { saveQrImage } from './save-qr';
import { PageError, PageLoading } from '../../../components/PageState';
import { useLoad } from '../../../lib/use-load';
import { useOfficerUnit } from '../../lib/officer-unit';
import './index.css';

/** The unit's join QR code for the officer to show or print; its image URL expires, hence 重新获取. */
function UnitQr({ unit }: { unit: { id: string; name: string } }) {
  const [qr, reload] = useLoad(() => call('org.unitQrCode', { unitId: unit.id }));
  const [refreshing, setRefreshing] = useState(false);
  const [imageFailed, setImageFailed] = useState(false);
  const [rotating, setRotating] = useState(false);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    void reload();
  }, [reload]);

  const refresh = async () => {
    setRefreshing(true);
    setImageFailed(false);
    await reload();
    setRefreshing(false);
  };

  /** A new code: the printed old one stops working at once, so ask first. */
  const rotate = async () => {
    const { confirm } = await Taro.showModal({
      title: '更换二维码',
      content: '更换后，已打印或已分享的旧二维码将立即失效，职工需扫描新的二维码加入。确定更换？',
      confirmText: '确定更换',
    });
    if (!confirm) return;
    setRotating(true);
    try {
      await call('org.rotateUnitQrCode', { unitId: unit.id });
      toast('已更换二维码');
      setImageFailed(false);
      await reload();
    } catch (e) {
      toast(toAppError(e).message);
    } finally {
      setRotating(false);
    }
  };

  const save = async (imageUrl: string) => {
    setSaving(true);
    try {
      await saveQrImage(imageUrl, unit.name);
    } catch (e) {
      toast(toAppError(e).message);
    } finally {
      setSaving(false);
    }
  };

  if (qr.status === 'loading') return <PageLoading text="正在生成二维码…" />;
  if (qr.status === 'error') return <PageError message={qr.error.message} onRetry={() => void refresh()} />;

  return (
    <View className="page unit-qr">
      <View className="card unit-qr__card">
        <Text className="unit-qr__name">{unit.name}</Text>
        <Text className="unit-qr__subtitle muted">扫码加入本单位</Text>
        <View className="unit-qr__frame">
          {imageFailed ? (
            <View className="unit-qr__failed">二维码已过期或加载失败，请重新获取</View>
          ) : (
            <Image
              className="unit-qr__image"
              src={qr.data.imageUrl}
              mode="aspectFit"
              showMenuByLongpress
              onError={() => setImageFailed(true)}
            />
          )}
        </View>
        {/* The human code only: the scene is a secret token, never shown. */}
        {qr.data.unitCode ? (
          <Text className="unit-qr__scene">
            单位编码 <Text className="unit-qr__code">{qr.data.unitCode}</Text>
          </Text>
        ) : null}
      </View>
      <View className="unit-qr__hint muted">
        职工用微信扫码即可加入本单位；本地演示环境中二维码指向 H5 加入页面。
      </View>
      <Button
        className="unit-qr__save"
        block
        type="primary"
        loading={saving}
        disabled={imageFailed}
        onClick={() => void save(qr.data.imageUrl)}
      >
        {process.env.TARO_ENV === 'h5' ? '保存 / 打印' : '保存到相册'}
      </Button>
      <Button
        className="unit-qr__refresh"
        block
        type="primary"
        fill="outline"
        loading={refreshing}
        onClick={() => void refresh()}
      >
        重新获取
      </Button>
      <Button
        className="unit-qr__rotate"
        block
        type="default"
        loading={rotating}
        onClick={() => void rotate()}
      >
        更换二维码（旧码失效）
      </Button>
    </View>
  );
}

export default function UnitQrPage() {
  const officer = useOfficerUnit();
  if ('screen' in officer) return officer.screen;
  return <UnitQr unit={officer.unit} />;
}
