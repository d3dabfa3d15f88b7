import { useState } from 'react';
import { View, Text, Image } from '@tarojs/components';
import type { OfficerClaim } from '@shared/api/review';
import { call } from '../../../api/client';
import { toAppError } from '../../../api/errors';
import { formatChinaDateTime } from '../../../lib/format';
import { toast } from '../../../lib/toast';
import { openFile } from '../../lib/open-file';
import { yuan } from '../../lib/labels';
import { Row } from '../../lib/ui';

type Facts = OfficerClaim['facts'];

const SETTLEMENT: Record<string, string> = { insurance: '使用医保卡结算', none: '未经医保结算' };

/** The facts the worker gave, as the reviewer reads them. */
export function FactsCard({ facts }: { facts: Facts }) {
  if (facts.kind === 'tiered_annual' || facts.kind === 'ratio') {
    return (
      <View className="card r-facts">
        <Text className="r-title">住院信息</Text>
        {(facts.stays ?? []).map((s, i) => (
          <View key={i} className={`r-stay r-stay--${i}`}>
            <Text className="muted">第 {i + 1} 次住院</Text>
            <Row label="医院">{s.hospital ?? '—'}</Row>
            <Row label="住院日期">
              {s.admittedOn ?? '—'} 至 {s.dischargedOn ?? '—'}
            </Row>
            <Row label="结算方式">{SETTLEMENT[s.settlement ?? ''] ?? s.settlement ?? '—'}</Row>
            <Row label="个人自付">{yuan(s.selfPaidFen)}</Row>
            {s.invoiceNo ? <Row label="发票号">{s.invoiceNo}</Row> : null}
          </View>
        ))}
      </View>
    );
  }
  const rows = Object.entries(facts).filter(([k]) => k !== 'kind');
  return (
    <View className="card r-facts">
      <Text className="r-title">申请信息</Text>
      {rows.map(([k, v]) => (
        <Row key={k} label={k}>
          {String(v)}
        </Row>
      ))}
    </View>
  );
}

/** The calculator's proposal and its lines; the automatic checks with their codes. */
export function ProposalCard({ claim }: { claim: OfficerClaim }) {
  const p = claim.proposal;
  return (
    <View className="card r-proposal">
      <View className="r-summary">
        <Text className="r-title">测算金额</Text>
        <Text className="r-big r-proposal__amount">{yuan(p.amountFen)}</Text>
      </View>
      {p.lines.map((l, i) => (
        <View key={`${l.code}-${i}`} className="r-line">
          <Text className="r-line__text">{l.text}</Text>
          {l.amountFen != null ? <Text className="r-money">{yuan(l.amountFen)}</Text> : null}
        </View>
      ))}
      {p.alreadyPaidFen ? <Row label="已赔付">{yuan(p.alreadyPaidFen)}</Row> : null}
      {p.warnings.map((w) => (
        <View key={w.code} className="r-warn">
          {w.text}
        </View>
      ))}
      {claim.checks.length ? (
        <View className="r-checks r-gap">
          <Text className="r-title">自动核查提示</Text>
          {claim.checks.map((c, i) => (
            <View key={`${c.code}-${i}`} className={`r-warn r-check-code--${c.code}`}>
              [{c.code}] {c.text}
            </View>
          ))}
        </View>
      ) : (
        <View className="muted r-gap">自动核查未发现问题</View>
      )}
      {claim.decision ? (
        <View className="r-gap">
          <Row label="核定金额">{yuan(claim.decision.amountFen)}</Row>
          {claim.decision.reason ? <Row label="说明">{claim.decision.reason}</Row> : null}
        </View>
      ) : null}
    </View>
  );
}

/** The checklist with the uploaded files; tapping one shows it at full size (each view audited). */
export function MaterialsCard({ claim }: { claim: OfficerClaim }) {
  const [viewing, setViewing] = useState<string | null>(null);
  const open = async (file: { id: string; mime: string }) => {
    try {
      const { url } = await call('review.fileUrl', { claimId: claim.id, fileId: file.id });
      if (file.mime === 'application/pdf') await openFile({ url, fileName: 'material.pdf' });
      else setViewing(url);
    } catch (e) {
      toast(toAppError(e).message);
    }
  };
  return (
    <View className="card r-materials">
      <Text className="r-title">申请材料</Text>
      {claim.checklist.map((m) => (
        <View key={`${m.materialId}-${m.stayIndex ?? ''}`} className="r-material">
          <Text className={m.files.length || !m.required ? '' : 'r-bad'}>
            {m.label}
            {m.required && !m.files.length ? ' · 未上传' : ''}
          </Text>
          <View className="r-files">
            {m.files.map((f, i) => (
              <View
                key={f.id}
                role="button"
                className={`r-file ${f.duplicate ? 'r-file--dup' : ''}`}
                onClick={() => void open(f)}
              >
                {f.mime === 'application/pdf' ? 'PDF' : '照片'} {i + 1}
                {f.duplicate ? ' · 重复' : ''}
              </View>
            ))}
          </View>
        </View>
      ))}
      {viewing ? (
        <View className="r-viewer">
          <Image className="r-viewer__img" src={viewing} mode="aspectFit" />
          <View className="r-viewer__close" role="button" onClick={() => setViewing(null)}>
            关闭原图
          </View>
        </View>
      ) : null}
    </View>
  );
}

/** The worker's other claims, then what happened to this one (newest first). */
export function HistoryCard({ claim }: { claim: OfficerClaim }) {
  return (
    <>
      <View className="card r-history">
        <Text className="r-title">历史申请</Text>
        {claim.history.length === 0 ? <Text className="muted">该职工没有其他申请</Text> : null}
        {claim.history.map((h) => (
          <View key={h.claimId} className="r-line">
            <Text className="r-line__text">
              {h.benefitName} · {h.statusLabel}
              {h.submittedAt ? ` · ${formatChinaDateTime(h.submittedAt).slice(0, 10)}` : ''}
            </Text>
            <Text className="r-money">{yuan(h.amountFen)}</Text>
          </View>
        ))}
      </View>
      <View className="card r-timeline">
        <Text className="r-title">办理记录</Text>
        {[...claim.timeline].reverse().map((e, i) => (
          <View key={`${e.at}-${i}`} className="r-line">
            <Text className="r-line__text">
              {e.text}
              <Text className="muted"> · {e.actor.isYou ? '我' : e.actor.name}</Text>
            </Text>
            <Text className="muted nowrap">{formatChinaDateTime(e.at)}</Text>
          </View>
        ))}
      </View>
    </>
  );
}
