import { View, Text } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { PageEmpty } from '../../components/PageState';

/**
 * Entry of the unit QR code (wxacode.getUnlimited): WeChat passes the short token as `scene`,
 * URL-encoded. Resolving it to a unit and joining is the next step of this page.
 */
export default function Join() {
  const { params } = useRouter();
  const scene = params.scene ? decodeURIComponent(params.scene) : '';

  if (!scene) {
    return (
      <View className="page join">
        <PageEmpty title="没有单位码" description="请使用微信扫描单位经办人出示的二维码" />
      </View>
    );
  }
  return (
    <View className="page join">
      <View className="card">
        <Text className="muted">单位码</Text>
        <View className="join-scene">{scene}</View>
      </View>
    </View>
  );
}
