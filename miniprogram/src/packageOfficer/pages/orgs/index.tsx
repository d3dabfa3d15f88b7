import { useState } from 'react';
import { View, Text } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import type { Me } from '@shared/api/user';
import { call } from '../../../api/client';
import { OFFICER_ROLES, grantOrgs, hasAny } from '../../lib/access';
import { useOfficerMe } from '../../lib/use-officer';
import { usePaged } from '../../../lib/paged';
import { ListFooter, pagedScreen } from '../../lib/ui';
import { ORG_LEVEL_LABELS } from '../../lib/fmt';
import type { PickedOrg } from '../../lib/OrgPicker';
import { CreateOrg, EditOrg } from './OrgActions';
import '../../officer.css';

function Children(props: {
  parent: PickedOrg;
  admin: boolean;
  roots: PickedOrg[];
  onOpen: (o: PickedOrg) => void;
}) {
  const { parent, admin, roots, onOpen } = props;
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const list = usePaged(
    (page) => call('officer.listOrgs', { parentId: parent.id, page, pageSize: 20 }),
    `${parent.id}:${version}`,
    (o) => o.id,
  );
  const done = () => {
    setCreating(false);
    setEditing(null);
    setVersion((v) => v + 1);
  };
  return (
    <View>
      {admin ? (
        creating ? (
          <CreateOrg parent={parent} onDone={done} />
        ) : (
          <Button className="org-new" block type="primary" fill="outline" onClick={() => setCreating(true)}>
            新建下级组织
          </Button>
        )
      ) : null}
      <View className="o-gap">{pagedScreen(list, '没有下级组织')}</View>
      {list.items.map((o) => (
        <View key={o.id} className="card org-item">
          <Text className="o-title org-item__name">{o.name}</Text>
          <Text className="muted">
            {ORG_LEVEL_LABELS[o.level] ?? o.level}
            {o.code ? ` · 编码 ${o.code}` : ''}
          </Text>
          {editing === o.id ? (
            <EditOrg org={{ id: o.id, name: o.name, level: o.level }} roots={roots} onDone={done} />
          ) : null}
          <View className="o-actions">
            {admin ? (
              <Button
                size="small"
                type="default"
                className="org-item__edit"
                onClick={() => setEditing(editing === o.id ? null : o.id)}
              >
                {editing === o.id ? '收起' : '改名 / 调整'}
              </Button>
            ) : null}
            {o.level !== 'grassroots' ? (
              <Button
                size="small"
                type="primary"
                className="org-item__open"
                onClick={() => onOpen({ id: o.id, name: o.name, level: o.level })}
              >
                查看下级
              </Button>
            ) : null}
          </View>
        </View>
      ))}
      <ListFooter list={list} />
    </View>
  );
}

function Orgs({ me }: { me: Me }) {
  const roots = grantOrgs(me, OFFICER_ROLES);
  const [path, setPath] = useState<PickedOrg[]>([roots[0]!]);
  const admin = hasAny(me, ['centre_admin']);
  const current = path[path.length - 1]!;
  return (
    <View className="page orgs">
      <View className="card org-crumbs">
        {path.map((p, i) => (
          <Text
            key={p.id}
            className={`org-crumb ${i === path.length - 1 ? 'org-crumb--here' : ''}`}
            onClick={() => setPath(path.slice(0, i + 1))}
          >
            {i ? ' › ' : ''}
            {p.name}
          </Text>
        ))}
        {path.length > 1 ? (
          <Button className="org-up" size="small" type="default" onClick={() => setPath(path.slice(0, -1))}>
            返回上级
          </Button>
        ) : null}
      </View>
      {path.length === 1 && roots.length > 1 ? (
        <View className="o-choice">
          {roots.map((r) => (
            <Button
              key={r.id}
              size="small"
              type={r.id === current.id ? 'primary' : 'default'}
              onClick={() => setPath([r])}
            >
              {r.name}
            </Button>
          ))}
        </View>
      ) : null}
      <Children
        key={current.id}
        parent={current}
        admin={admin}
        roots={roots}
        onOpen={(o) => setPath([...path, o])}
      />
    </View>
  );
}

/** 组织架构: browse down from one's own orgs; the centre admin creates, renames and moves. */
export default function OrgsPage() {
  const officer = useOfficerMe(OFFICER_ROLES, '查看组织');
  if ('screen' in officer) return officer.screen;
  return <Orgs me={officer.me} />;
}
