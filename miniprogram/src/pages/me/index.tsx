import { View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { LinkCell } from '../../components/LinkCell';
import { HELP_PAGE, PHONE_PAGE, PRIVACY_PAGE, UNION_CARD_PAGE } from '../../routes';
import { Button, Cell, CellGroup, Tag } from '@nutui/nutui-react-taro';
import { PageError, PageLoading } from '../../components/PageState';
import { useSession } from '../../store/session';
import { loadMe } from '../../store/load-me';
import { requireSignIn } from '../../session/require-sign-in';
import { signOut } from '../../session/sign-out';
import { roleLabel } from '../../lib/roles';
import { unitLine } from '../../lib/unit';
import './index.css';

export default function MePage() {
  const me = useSession((s) => s.me);
  const status = useSession((s) => s.meStatus);
  const error = useSession((s) => s.meError);

  useDidShow(() => {
    // Always refresh here: roles and unit may have changed since the home page loaded them.
    if (requireSignIn()) void loadMe();
  });

  let body;
  if (status === 'error') body = <PageError message={error ?? ''} onRetry={() => void loadMe()} />;
  else if (!me) body = <PageLoading />;
  else
    body = (
      <CellGroup className="me-profile">
        <Cell title="姓名" extra={me.displayName ?? '未登记'} />
        <Cell title="手机号" extra={me.phoneMasked ?? '未验证'} />
        <Cell title="身份证号" extra={me.idMasked ?? '未登记'} />
        <Cell title="所在单位" extra={unitLine(me)} />
        <Cell
          title="身份"
          extra={
            <View className="me-roles">
              {me.roles.length === 0 ? '无' : null}
              {me.roles.map((r) => (
                <Tag key={r} className="me-role" type="primary" plain round>
                  {roleLabel(r)}
                </Tag>
              ))}
            </View>
          }
        />
        <Cell title="实名登记" extra={me.registered ? '已登记' : '未登记'} />
        {me.registered ? (
          <LinkCell
            className="me-phone"
            title="手机号"
            extra={<View className="nowrap">{me.phoneMasked ?? '未登记'}</View>}
            description="点击更换（需验证新手机号）"
            onClick={() => void Taro.navigateTo({ url: PHONE_PAGE })}
          />
        ) : null}
        {me.registered ? (
          <LinkCell
            className="me-union-card"
            title="工会服务卡"
            extra={<View className="me-union-card__no nowrap">{me.unionCardMasked ?? '未填写'}</View>}
            description={me.hasUnionCard ? '点击更换卡号' : '部分项目须凭卡参保'}
            onClick={() => void Taro.navigateTo({ url: UNION_CARD_PAGE })}
          />
        ) : null}
      </CellGroup>
    );

  return (
    <View className="page me">
      {body}
      <CellGroup className="me-links">
        <LinkCell
          className="me-help"
          title="帮助与客服"
          description="常见问题、联系单位工会"
          onClick={() => void Taro.navigateTo({ url: HELP_PAGE })}
        />
        <LinkCell
          className="me-privacy"
          title="隐私政策"
          onClick={() => void Taro.navigateTo({ url: PRIVACY_PAGE })}
        />
      </CellGroup>
      <Button className="me-logout" block size="large" type="default" onClick={() => void signOut()}>
        退出登录
      </Button>
    </View>
  );
}
