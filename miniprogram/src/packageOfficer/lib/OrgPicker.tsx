import { useState } from 'react';
import { View, Text } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import type { OutputOf } from '@shared/api';
import { call } from '../../api/client';
import { PageEmpty, PageError, PageLoading } from '../../components/PageState';
import { LinkCell } from '../../components/LinkCell';
import { ListFooter } from './ui';
import { usePaged } from '../../lib/paged';
import { ORG_LEVEL_LABELS } from './fmt';

export type OrgView = OutputOf<'officer.listOrgs'>['items'][number];
export interface PickedOrg {
  id: string;
  name: string;
  level?: string;
}

/**
 * Choose an org in the caller's reach: start from one of `roots` (the orgs of their grants),
 * then go down level by level (`officer.listOrgs`). `accept` says which orgs may be chosen.
 */
export function OrgPicker(props: {
  roots: PickedOrg[];
  value: PickedOrg | null;
  onChange: (org: PickedOrg) => void;
  accept?: (org: PickedOrg) => boolean;
  title?: string;
  className?: string;
}) {
  const { roots, value, onChange, accept = () => true, title = '选择组织', className } = props;
  const [open, setOpen] = useState(false);
  const [path, setPath] = useState<PickedOrg[]>([]);

  const pick = (org: PickedOrg) => {
    onChange(org);
    setOpen(false);
    setPath([]);
  };

  return (
    <View className={`org-picker ${className ?? ''}`}>
      <LinkCell
        className="org-picker__current"
        title={value ? value.name : title}
        description={value ? title : '点击选择'}
        onClick={() => setOpen(!open)}
      />
      {open ? (
        <View className="card org-picker__panel">
          {path.length === 0 ? (
            roots.map((r) => (
              <OrgLine key={r.id} org={r} accept={accept} onPick={pick} onOpen={() => setPath([r])} />
            ))
          ) : (
            <Children
              parent={path[path.length - 1]!}
              accept={accept}
              onPick={pick}
              onOpen={(o) => setPath([...path, o])}
              onBack={() => setPath(path.slice(0, -1))}
            />
          )}
        </View>
      ) : null}
    </View>
  );
}

function OrgLine(props: {
  org: PickedOrg;
  accept: (org: PickedOrg) => boolean;
  onPick: (org: PickedOrg) => void;
  onOpen: () => void;
}) {
  const { org, accept, onPick, onOpen } = props;
  const grassroots = org.level === 'grassroots';
  return (
    <View className="org-line">
      <View className="org-line__name">
        <Text>{org.name}</Text>
        {org.level ? <Text className="muted"> {ORG_LEVEL_LABELS[org.level] ?? org.level}</Text> : null}
      </View>
      {accept(org) ? (
        <Button
          className="org-line__pick"
          size="small"
          type="primary"
          fill="outline"
          onClick={() => onPick(org)}
        >
          选择
        </Button>
      ) : null}
      {!grassroots ? (
        <Button className="org-line__open" size="small" type="default" onClick={onOpen}>
          下级
        </Button>
      ) : null}
    </View>
  );
}

function Children(props: {
  parent: PickedOrg;
  accept: (org: PickedOrg) => boolean;
  onPick: (org: PickedOrg) => void;
  onOpen: (org: PickedOrg) => void;
  onBack: () => void;
}) {
  const { parent, accept, onPick, onOpen, onBack } = props;
  const list = usePaged(
    (page) => call('officer.listOrgs', { parentId: parent.id, page, pageSize: 20 }),
    parent.id,
    (o) => o.id,
  );
  return (
    <View>
      <View className="org-picker__crumb">
        <Button className="org-picker__back" size="small" type="default" onClick={onBack}>
          返回上级
        </Button>
        <Text className="org-picker__parent">{parent.name}</Text>
      </View>
      {list.status === 'loading' ? <PageLoading /> : null}
      {list.status === 'error' ? (
        <PageError message={list.error?.message ?? ''} onRetry={() => void list.reload()} />
      ) : null}
      {list.status === 'ready' && list.items.length === 0 ? <PageEmpty title="没有下级组织" /> : null}
      {list.items.map((o) => (
        <OrgLine
          key={o.id}
          org={{ id: o.id, name: o.name, level: o.level }}
          accept={accept}
          onPick={onPick}
          onOpen={() => onOpen({ id: o.id, name: o.name, level: o.level })}
        />
      ))}
      <ListFooter list={list} />
    </View>
  );
}
