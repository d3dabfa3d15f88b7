import { useEffect, useState } from 'react';
import { View, Text, Image } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { call } from '../../../api/client';
import { PageError, PageLoading } from '../../../components/PageState';
import { useLoad } from '../../../lib/use-load';
import { useOfficerUnit } from '../../lib/officer-unit';
import './index.css';

/** The unit's join QR code for the officer to show or print; its image URL expires, hence 重新获取. */
function UnitQr({ unit }: { unit: { id: string; name: string } }) {
  const [qr, reload] = useLoad(() => call('org.unitQrCode', { unitId: unit.id }));
  const [refreshing, setRefreshing] = useState(false);
  const [imageFailed, setImageFailed] = useState(false);

  useEffect(() => {
    void reload();
  }, [reload]);

  const refresh = async () => {
    setRefreshing(true);
    setImageFailed(false);
    await reload();
    setRefreshing(false);
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
        <Text className="unit-qr__scene">
          单位编码 <Text className="unit-qr__code">{qr.data.scene}</Text>
        </Text>
      </View>
      <View className="unit-qr__hint muted">
        职工用微信扫码即可加入本单位；本地演示环境中二维码指向 H5 加入页面。
      </View>
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
    </View>
  );
}

export default function UnitQrPage() {
  const officer = useOfficerUnit();
  if ('screen' in officer) return officer.screen;
  return <UnitQr unit={officer.unit} />;
}
