import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { Button } from '@nutui/nutui-react-taro';
import type { OutputOf } from '@shared/api';
import { formatChinaDateTime } from '../../../lib/format';
import { toast } from '../../../lib/toast';

type Authorisation = OutputOf<'claim.grantAuthorisation'>['authorisation'];

/** The one-time code, shown once: big, copyable, with its expiry. */
export function CodeCard({
  code,
  authorisation,
  onClose,
}: {
  code: string;
  authorisation: Authorisation;
  onClose: () => void;
}) {
  const copy = () =>
    Taro.setClipboardData({ data: code })
      .then(() => toast('授权码已复制'))
      .catch(() => toast('复制失败，请手动抄写'));
  return (
    <View className="card claim-code">
      <Text className="claim-section__title">授权码（仅显示这一次）</Text>
      <Text className="claim-code__value">{`${code.slice(0, 5)} ${code.slice(5)}`}</Text>
      {authorisation.codeExpiresAt ? (
        <Text className="claim-code__expiry nowrap">
          有效期至 {formatChinaDateTime(authorisation.codeExpiresAt)}
        </Text>
      ) : null}
      <Text className="claim-note">
        请当面或通过电话告诉家属，不要发给陌生人。家属输入后即可代您申请 {authorisation.programName}{' '}
        的补助；您可随时撤销。
      </Text>
      <View className="claim-actions">
        <Button className="claim-code__copy claim-primary" type="primary" onClick={() => void copy()}>
          复制授权码
        </Button>
        <Button className="claim-code__close" fill="outline" onClick={onClose}>
          我已记下
        </Button>
      </View>
    </View>
  );
}
