import { View } from '@tarojs/components';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { Button } from '@nutui/nutui-react-taro';
import { call } from '../../../api/client';
import { PageError, PageLoading } from '../../../components/PageState';
import { requireSignIn } from '../../../session/require-sign-in';
import { useLoad } from '../../../lib/use-load';
import { CLAIM_DETAIL_PAGE, withQuery } from '../../../routes';
import { Filing } from './Filing';
import '../../claim.css';

/**
 * 填写补助申请: one draft (?id=), resumed from the server (claim.get) whenever the page opens —
 * facts → materials → estimate → confirm and submit. A claim no longer editable opens its detail.
 */
export default function ClaimFormPage() {
  const { params } = useRouter();
  const claimId = params.id ?? '';
  const [loaded, reload] = useLoad(() => call('claim.get', { claimId }));

  useDidShow(() => {
    if (requireSignIn()) void reload();
  });

  if (loaded.status === 'loading') return <PageLoading />;
  if (loaded.status === 'error')
    return (
      <View className="page claim-page">
        <PageError message={loaded.error.message} onRetry={() => void reload()} />
      </View>
    );
  const view = loaded.data;
  if (!view.canEdit)
    return (
      <View className="page claim-page">
        <View className="card claim-note-card">该申请已{view.statusLabel}，不能再修改。</View>
        <Button
          className="claim-primary"
          block
          type="primary"
          onClick={() => void Taro.redirectTo({ url: withQuery(CLAIM_DETAIL_PAGE, { id: view.id }) })}
        >
          查看申请详情
        </Button>
      </View>
    );
  return <Filing key={view.id} initial={view} />;
}
