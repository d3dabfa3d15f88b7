import { useEffect, useState } from 'react';
import { View, Text, ScrollView } from '@tarojs/components';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { Button, Checkbox } from '@nutui/nutui-react-taro';
import { call } from '../../api/client';
import { PageError, PageLoading } from '../../components/PageState';
import { requireSignIn } from '../../session/require-sign-in';
import { useLoad } from '../../lib/use-load';
import { keepForSession, keptForSession } from '../../lib/session-store';
import { noticeAgreedKey, noticeReadKey, noticeVersionLabel } from '../../lib/notice';
import { keepTogether } from '../../components/Nowrap';
import { ENROL_PAY_PAGE, ENROL_SIGN_PAGE, POLICY_DETAIL_PAGE, withQuery } from '../../routes';
import { EnrolBlocked } from './Prerequisite';
import { FeeSplit } from './FeeSplit';
import { OfferPeriods } from './OfferPeriods';
import { Issues } from './Issues';
import './enrol.css';
import './detail.css';

const NOTICE_BOX_HEIGHT = 300;

/**
 * The program and its 参保须知 in full. Agreeing is possible only once the notice was scrolled to
 * its end (or fits the box whole); the version and hash of exactly this text go with the consent.
 */
export default function ProgramDetail() {
  const { params } = useRouter();
  const programId = params.programId ?? '';
  const [detail, reload] = useLoad(() => call('enrollment.programDetail', { programId }));
  const [readToEnd, setReadToEnd] = useState(false);
  const [agreed, setAgreed] = useState(false);
  // Declarations the worker ticked (e.g. 本人是工会会员), sent with the enrolment.
  const [declared, setDeclared] = useState<string[]>([]);

  useDidShow(() => {
    if (requireSignIn()) void reload();
  });

  const noticeHash = detail.status === 'ready' ? detail.data.notice.hash : '';
  // Read to the end (and agreed) once this session: back or reload does not ask again, as long as
  // the notice text (its hash) is the same.
  useEffect(() => {
    if (!noticeHash) return;
    if (keptForSession(noticeReadKey(programId, noticeHash))) setReadToEnd(true);
    if (keptForSession(noticeAgreedKey(programId, noticeHash))) setAgreed(true);
  }, [programId, noticeHash]);
  useEffect(() => {
    if (noticeHash && readToEnd) keepForSession(noticeReadKey(programId, noticeHash), '1');
  }, [programId, noticeHash, readToEnd]);
  useEffect(() => {
    if (noticeHash && agreed) keepForSession(noticeAgreedKey(programId, noticeHash), '1');
  }, [programId, noticeHash, agreed]);
  useEffect(() => {
    if (!noticeHash) return;
    // A short notice never scrolls, so it counts as read when it fits the box.
    Taro.nextTick(() => {
      Taro.createSelectorQuery()
        .select('.notice-box__text')
        .boundingClientRect((rect) => {
          const r = Array.isArray(rect) ? rect[0] : rect;
          if (r && r.height > 0 && r.height <= NOTICE_BOX_HEIGHT) setReadToEnd(true);
        })
        .exec();
    });
  }, [noticeHash]);

  if (!programId)
    return (
      <View className="page enrol-detail">
        <PageError message="缺少项目编号" />
      </View>
    );
  if (detail.status === 'loading')
    return (
      <View className="page enrol-detail">
        <PageLoading />
      </View>
    );
  if (detail.status === 'error')
    return (
      <View className="page enrol-detail">
        <EnrolBlocked error={detail.error} onRetry={() => void reload()} />
      </View>
    );

  const d = detail.data;
  // Already enrolled (paid or awaiting payment): the notice was agreed to then; nothing to tick.
  const submitted =
    Boolean(d.enrollmentId) && (d.enrollmentStatus === 'pending_payment' || d.enrollmentStatus === 'active');
  const versionLabel = noticeVersionLabel(d.notice.version);
  const blocked = d.issues.some((i) => i.blocking);
  const allDeclared = d.declarations.every((x) => declared.includes(x.code));
  const declare = (code: string, on: boolean) =>
    setDeclared((list) => (on ? [...list.filter((c) => c !== code), code] : list.filter((c) => c !== code)));
  const sign = () =>
    void Taro.navigateTo({
      url: withQuery(ENROL_SIGN_PAGE, {
        programId: d.programId,
        name: d.name,
        version: d.notice.version,
        hash: d.notice.hash,
        declarations: d.declarations.length ? declared.join(',') : undefined,
      }),
    });

  return (
    <View className="page enrol-detail">
      <View className="card">
        <Text className="enrol-detail__name">{d.name}</Text>
        <Text className="enrol-detail__region">{d.region}</Text>
        <OfferPeriods coverage={d.coverage} window={d.window} />
        <FeeSplit workerFen={d.workerFen} totalFen={d.totalFen} lines={d.feeLines} />
        <Issues issues={d.issues} />
      </View>

      <View className="section-title">保障要点</View>
      <View className="card enrol-bullets">
        {d.summary.map((s) => (
          <Text key={s} className="enrol-bullets__item">
            {keepTogether(s)}
          </Text>
        ))}
      </View>

      <View className="section-title">保障责任</View>
      <View className="card enrol-bullets">
        {d.benefits.map((b) => (
          <Text key={b} className="enrol-bullets__item">
            {keepTogether(b)}
          </Text>
        ))}
      </View>

      <View className="section-title notice-title">
        {d.name}参保须知
        {versionLabel ? <Text className="notice-title__version">（{versionLabel}）</Text> : null}
      </View>
      <View className="card notice">
        <ScrollView
          className="notice-box"
          style={{ height: `${NOTICE_BOX_HEIGHT}px` }}
          scrollY
          lowerThreshold={24}
          onScrollToLower={() => setReadToEnd(true)}
        >
          <Text className="notice-box__text">{d.notice.text}</Text>
        </ScrollView>
        {submitted ? (
          <Text className="notice-hint notice-hint--done notice-hint--submitted">
            您参保时已阅读并同意本须知。
          </Text>
        ) : (
          <>
            <Text className={`notice-hint ${readToEnd ? 'notice-hint--done' : ''}`}>
              {readToEnd ? '已阅读至末尾' : '请滑动阅读完整须知后勾选同意'}
            </Text>
            <Checkbox
              className="notice-agree"
              checked={agreed}
              disabled={!readToEnd}
              onChange={(v) => setAgreed(v)}
              label="我已阅读并同意《参保须知》"
            />
          </>
        )}
      </View>

      {d.declarations.length > 0 && !submitted ? (
        <>
          <View className="section-title">参保声明</View>
          <View className="card declarations">
            <Text className="declarations__hint">
              本项目要求参保人如实声明以下事项，单位工会将留存证明材料备查：
            </Text>
            {d.declarations.map((x) => (
              <Checkbox
                key={x.code}
                className={`declarations__item declarations__item--${x.code}`}
                checked={declared.includes(x.code)}
                onChange={(v) => declare(x.code, v)}
                label={`本人声明：${x.label}`}
              />
            ))}
          </View>
        </>
      ) : null}

      <View className="enrol-detail__footer">
        {d.enrollmentStatus === 'active' && d.enrollmentId ? (
          <Button
            className="enrol-detail__policy"
            block
            size="large"
            type="primary"
            onClick={() =>
              void Taro.navigateTo({ url: withQuery(POLICY_DETAIL_PAGE, { id: d.enrollmentId }) })
            }
          >
            已参保，查看电子保单
          </Button>
        ) : d.enrollmentStatus === 'pending_payment' && d.enrollmentId ? (
          <Button
            className="enrol-detail__pay"
            block
            size="large"
            type="primary"
            onClick={() =>
              void Taro.navigateTo({ url: withQuery(ENROL_PAY_PAGE, { enrollmentId: d.enrollmentId }) })
            }
          >
            已提交，去缴费
          </Button>
        ) : (
          <Button
            className="enrol-detail__enrol"
            block
            size="large"
            type="primary"
            disabled={blocked || !agreed || !allDeclared}
            onClick={sign}
          >
            {blocked ? '暂不能参保' : '我要参保'}
          </Button>
        )}
      </View>
    </View>
  );
}
