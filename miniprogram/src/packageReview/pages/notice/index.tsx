import { useEffect, useState } from 'react';
import { View, Text } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { Button } from '@nutui/nutui-react-taro';
import type { OutputOf } from '@shared/api';
import { call } from '../../../api/client';
import { toAppError } from '../../../api/errors';
import { toast } from '../../../lib/toast';
import { useLoad } from '../../../lib/use-load';
import { resumeAfterSignIn } from '../../../lib/resume';
import { LOGIN_PAGE, withQuery } from '../../../routes';
import { useSession } from '../../../store/session';
import { confirmChange } from '../../../lib/confirm';
import { yuan } from '../../lib/labels';
import { openFile } from '../../lib/open-file';
import { usePaged } from '../../../lib/paged';
import { REVIEW_PAGES } from '../../lib/routes';
import { Area, ListFooter, loadedScreen, pagedScreen, Sheet } from '../../lib/ui';

type Notice = OutputOf<'review.noticeGet'>;

/** Signed in (H5: a token; WeChat: the platform identifies the caller). */
const signedIn = () => process.env.TARO_ENV !== 'h5' || !!useSession.getState().token;

function ObjectSheet({ notice, lineNo, onClose }: { notice: Notice; lineNo: number; onClose: () => void }) {
  const [reason, setReason] = useState('');
  const submit = async () => {
    if (!(await confirmChange('提交异议', `对第 ${lineNo} 行提出异议；异议将由中心核实处理`, '提交'))) return;
    try {
      await call('review.object', { noticeId: notice.id, lineNo, reason: reason.trim() });
      toast('异议已提交');
      onClose();
    } catch (e) {
      toast(toAppError(e).message);
    }
  };
  return (
    <Sheet title={`对第 ${lineNo} 行提出异议`} onClose={onClose} className="r-object">
      <Area className="r-object__reason" label="异议理由" value={reason} onInput={setReason} />
      <Button
        className="r-object__submit"
        block
        type="primary"
        disabled={!reason.trim()}
        onClick={() => void submit()}
      >
        提交异议
      </Button>
    </Sheet>
  );
}

/** One 公示: masked names and ID numbers, units, benefits, amounts; objections within the window. */
function NoticeView({ noticeId }: { noticeId: string }) {
  const [state, reload] = useLoad(() => call('review.noticeGet', { noticeId }));
  const [objecting, setObjecting] = useState<number | null>(null);
  useEffect(() => {
    void reload();
  }, [reload]);
  const screen = loadedScreen(state, () => void reload());
  if (screen || state.status !== 'ready') return <View className="page">{screen}</View>;
  const n = state.data;
  const object = (lineNo: number) => {
    if (!signedIn()) {
      resumeAfterSignIn(withQuery(REVIEW_PAGES.notice, { id: n.id }));
      void Taro.navigateTo({ url: LOGIN_PAGE });
      return;
    }
    setObjecting(lineNo);
  };
  const download = async () => {
    try {
      await openFile(await call('review.noticeFile', { noticeId: n.id }));
    } catch (e) {
      toast(toAppError(e).message);
    }
  };
  return (
    <View className="page review-notice">
      <View className="card r-notice-head">
        <Text className="r-title">{n.title}</Text>
        <Text className="muted">
          公示日期 {n.publishedOn} · 共 {n.lines.length} 人 · 合计 {yuan(n.totalFen)}
        </Text>
        <View className={n.objectionOpen ? 'r-warn' : 'muted'}>
          {n.objectionOpen
            ? `如有异议，请于 ${n.objectionClosesOn} 前点击对应行的“异议”提出（需登录）`
            : `公示期已于 ${n.objectionClosesOn} 结束`}
        </View>
      </View>
      <View className="card r-notice-lines">
        <View className="r-table__row r-table__head">
          <Text className="r-table__cell">姓名</Text>
          <Text className="r-table__cell">身份证号</Text>
          <Text className="r-table__cell">单位 / 类别</Text>
          <Text className="r-table__cell r-table__cell--num">金额</Text>
        </View>
        {n.lines.map((l) => (
          <View key={l.lineNo} className="r-table__row r-notice-line">
            <Text className="r-table__cell">
              {l.lineNo}. {l.name}
            </Text>
            <Text className="r-table__cell">{l.idMasked}</Text>
            <Text className="r-table__cell">
              {l.unitName} / {l.benefitName}
            </Text>
            <View className="r-table__cell r-table__cell--num">
              <Text className="r-money">{yuan(l.amountFen)}</Text>
              {n.objectionOpen ? (
                <View className="r-chip r-notice-object" role="button" onClick={() => object(l.lineNo)}>
                  异议
                </View>
              ) : null}
            </View>
          </View>
        ))}
      </View>
      <Button className="r-notice-file" block type="default" onClick={() => void download()}>
        下载公示表
      </Button>
      {objecting != null ? (
        <ObjectSheet notice={n} lineNo={objecting} onClose={() => setObjecting(null)} />
      ) : null}
    </View>
  );
}

function NoticeList() {
  const list = usePaged(
    (page) => call('review.noticeList', { page, pageSize: 20 }),
    'public',
    (n) => n.id,
  );
  return (
    <View className="page review-notice-list">
      {pagedScreen(list, '暂无公示') ??
        list.items.map((n) => (
          <View
            key={n.id}
            className="card r-item r-notice-item"
            role="button"
            onClick={() => void Taro.navigateTo({ url: withQuery(REVIEW_PAGES.notice, { id: n.id }) })}
          >
            <Text className="r-item__name">{n.title}</Text>
            <Text className="muted">
              {n.publishedOn} · 合计 {yuan(n.totalFen)} ·{' '}
              {n.objectionOpen ? `异议截止 ${n.objectionClosesOn}` : '公示期已结束'}
            </Text>
          </View>
        ))}
      <ListFooter list={list} />
    </View>
  );
}

/** Public: no sign-in needed to read (objecting asks for it). */
export default function PublicNotice() {
  const { params } = useRouter();
  return params.id ? <NoticeView noticeId={params.id} /> : <NoticeList />;
}
