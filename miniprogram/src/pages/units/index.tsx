import { useState } from 'react';
import { View, Text } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { Button, SearchBar } from '@nutui/nutui-react-taro';
import type { UnitSummary } from '@shared/api/org';
import { call } from '../../api/client';
import { toAppError } from '../../api/errors';
import { PageEmpty, PageError, PageLoading } from '../../components/PageState';
import { useSession } from '../../store/session';
import { loadMe } from '../../store/load-me';
import { requireSignIn } from '../../session/require-sign-in';
import { toast } from '../../lib/toast';
import { joinUnit } from '../../lib/join';
import { REGISTER_PAGE } from '../../routes';
import './index.css';

const PAGE_SIZE = 20;

type Results =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'error'; message: string }
  | { status: 'ready'; keyword: string; items: UnitSummary[]; total: number; page: number };

/**
 * Find one's unit by name and ask to join it. Unlike the unit's QR code, a request found by
 * search waits for the unit officer's approval.
 */
export default function Units() {
  const me = useSession((s) => s.me);
  const [keyword, setKeyword] = useState('');
  const [results, setResults] = useState<Results>({ status: 'idle' });
  const [more, setMore] = useState(false);
  const [joiningId, setJoiningId] = useState<string | null>(null);
  const [joinError, setJoinError] = useState<string | null>(null);

  useDidShow(() => {
    if (requireSignIn()) void loadMe();
  });

  const search = async (kw: string) => {
    const k = kw.trim();
    if (!k) {
      toast('请输入单位名称关键字');
      return;
    }
    setResults({ status: 'loading' });
    try {
      const r = await call('org.searchUnits', { keyword: k, page: 1, pageSize: PAGE_SIZE });
      setResults({ status: 'ready', keyword: k, items: r.items, total: r.total, page: 1 });
    } catch (e) {
      setResults({ status: 'error', message: toAppError(e).message });
    }
  };

  const loadMore = async () => {
    if (results.status !== 'ready') return;
    setMore(true);
    try {
      const r = await call('org.searchUnits', {
        keyword: results.keyword,
        page: results.page + 1,
        pageSize: PAGE_SIZE,
      });
      setResults({
        ...results,
        items: [...results.items, ...r.items],
        total: r.total,
        page: results.page + 1,
      });
    } catch (e) {
      toast(toAppError(e).message);
    } finally {
      setMore(false);
    }
  };

  const join = async (unit: UnitSummary) => {
    const { confirm } = await Taro.showModal({
      title: '申请加入单位',
      content: `申请加入“${unit.name}”？提交后由单位工会审核。`,
      confirmText: '提交申请',
    });
    if (!confirm) return;
    setJoiningId(unit.id);
    setJoinError(null);
    try {
      const joined = await joinUnit({ via: 'search', unitId: unit.id });
      if (joined) await loadMe();
    } catch (e) {
      setJoinError(toAppError(e).message);
    } finally {
      setJoiningId(null);
    }
  };

  const pending = me?.unitStatus === 'pending';
  const rejection = me?.unitStatus === 'none' ? me.unitRejection : undefined;
  const notRegistered = me && !me.registered;

  return (
    <View className="page units">
      {pending ? (
        <View className="card units-pending">
          <Text className="units-pending__title">等待单位工会审核</Text>
          <Text className="units-pending__text">
            您申请加入“{me?.unitName ?? '所选单位'}
            ”，审核通过后即可参保缴费。也可请单位工会出示二维码，扫码立即加入。
          </Text>
        </View>
      ) : null}
      {rejection ? (
        <View className="card units-rejected">
          <Text className="units-rejected__title">加入“{rejection.unitName}”的申请未通过</Text>
          <Text className="units-rejected__reason">原因：{rejection.reason}</Text>
          <Text className="units-rejected__text">
            如确属该单位职工，请联系单位工会，或请其出示二维码扫码加入；也可重新搜索单位提交申请。
          </Text>
        </View>
      ) : null}
      {notRegistered ? (
        <View className="card units-register">
          <Text className="units-register__text">申请加入单位前，请先完成实名登记。</Text>
          <Button
            className="units-register__go"
            type="primary"
            size="small"
            onClick={() => void Taro.navigateTo({ url: REGISTER_PAGE })}
          >
            去登记
          </Button>
        </View>
      ) : null}

      <SearchBar
        className="units-search"
        placeholder="输入单位名称关键字"
        value={keyword}
        maxLength={40}
        onChange={(v) => setKeyword(v)}
        onSearch={(v) => void search(v)}
        right={
          <Text className="units-search__go" onClick={() => void search(keyword)}>
            搜索
          </Text>
        }
      />
      {joinError ? <View className="error-text units-join-error">{joinError}</View> : null}

      {results.status === 'idle' ? (
        <PageEmpty title="搜索您所在的单位" description="输入单位名称中的几个字，例如“高新区”" />
      ) : results.status === 'loading' ? (
        <PageLoading text="搜索中…" />
      ) : results.status === 'error' ? (
        <PageError
          message={results.message}
          onRetry={keyword.trim() ? () => void search(keyword) : undefined}
        />
      ) : results.items.length === 0 ? (
        <PageEmpty
          title="没有找到单位"
          description={`没有名称包含“${results.keyword}”的基层单位，请换个关键字`}
        />
      ) : (
        <View className="units-list">
          <Text className="units-count muted">共 {results.total} 个单位</Text>
          {results.items.map((u) => {
            const mine = me?.unitId === u.id;
            return (
              <View key={u.id} className="card units-item">
                <View className="units-item__info">
                  <Text className="units-item__name">{u.name}</Text>
                  {u.parentName ? <Text className="units-item__parent">{u.parentName}</Text> : null}
                </View>
                {mine ? (
                  <Text className="units-item__state">
                    {me?.unitStatus === 'approved' ? '已加入' : '审核中'}
                  </Text>
                ) : (
                  <Button
                    className="units-item__join"
                    size="small"
                    type="primary"
                    fill="outline"
                    disabled={Boolean(notRegistered)}
                    loading={joiningId === u.id}
                    onClick={() => void join(u)}
                  >
                    申请加入
                  </Button>
                )}
              </View>
            );
          })}
          {results.items.length < results.total ? (
            <Button
              className="units-more"
              block
              type="default"
              loading={more}
              onClick={() => void loadMore()}
            >
              加载更多
            </Button>
          ) : null}
        </View>
      )}
    </View>
  );
}
