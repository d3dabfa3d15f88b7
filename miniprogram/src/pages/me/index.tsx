import { View } from '@tarojs/components';
import { useDidShow } from '@tarojs/taro';
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
      </CellGroup>
    );

  return (
    <View className="page me">
      {body}
      <Button className="me-logout" block size="large" type="default" onClick={() => void signOut()}>
        退出登录
      </Button>
    </View>
  );
}
