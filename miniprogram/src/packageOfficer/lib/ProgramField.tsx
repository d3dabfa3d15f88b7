import { useEffect, useState } from 'react';
import { View, Text, Input } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { Button } from '@nutui/nutui-react-taro';
import { call } from '../../api/client';
import { Choice } from './ui';

export interface ProgramChoice {
  id: string;
  name: string;
}

const RECENT_KEY = 'officer.recentPrograms';

function recent(): ProgramChoice[] {
  try {
    const v = Taro.getStorageSync(RECENT_KEY) as unknown;
    return Array.isArray(v) ? (v as ProgramChoice[]).filter((p) => typeof p?.id === 'string') : [];
  } catch {
    return [];
  }
}

/** Remembers a program the officer worked with, first in the list next time. */
export function rememberProgram(p: ProgramChoice): void {
  const list = [p, ...recent().filter((r) => r.id !== p.id)].slice(0, 6);
  try {
    Taro.setStorageSync(RECENT_KEY, list);
  } catch {
    /* storage full or unavailable: only the shortcut is lost */
  }
}

/**
 * Which program (项目) a page works on. There is no officer action listing the programs of a
 * subtree, so the choices are: the programs open to the caller's own unit today
 * (`enrollment.offers`, for officers who are members of a unit), programs used here before, and
 * a 项目编号 typed in (as given in the centre's notice).
 */
export function ProgramField(props: {
  value: ProgramChoice | null;
  onChange: (p: ProgramChoice) => void;
  extra?: ProgramChoice[];
}) {
  const { value, onChange, extra = [] } = props;
  const [choices, setChoices] = useState<ProgramChoice[]>(() => merge(extra, recent()));
  const [typed, setTyped] = useState('');

  useEffect(() => {
    let live = true;
    call('enrollment.offers', {})
      .then((r) => {
        if (live)
          setChoices((c) =>
            merge(
              r.offers.map((o) => ({ id: o.programId, name: o.name })),
              c,
            ),
          );
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);

  // The current program is always among the choices (it may come from the page's link).
  const options = value ? merge([value], choices) : choices;
  const choose = (p: ProgramChoice) => {
    rememberProgram(p);
    onChange(p);
  };

  return (
    <View className="card program-field">
      <Text className="o-field__label">保障项目</Text>
      {options.length ? (
        <Choice
          className="program-field__choices"
          options={options.map((c) => ({ value: c.id, label: c.name }))}
          value={value?.id ?? null}
          onChange={(id) => choose(options.find((c) => c.id === id)!)}
        />
      ) : null}
      <View className="program-field__typed">
        <Input
          className="o-field__input program-field__input"
          value={typed}
          maxlength={64}
          placeholder="或输入项目编号，如 wujin-2024"
          onInput={(e) => setTyped(e.detail.value)}
        />
        <Button
          className="program-field__go"
          type="default"
          disabled={!typed.trim()}
          onClick={() => choose({ id: typed.trim(), name: typed.trim() })}
        >
          确定
        </Button>
      </View>
    </View>
  );
}

function merge(a: ProgramChoice[], b: ProgramChoice[]): ProgramChoice[] {
  const out = [...a];
  for (const p of b) {
    const i = out.findIndex((x) => x.id === p.id);
    if (i < 0) out.push(p);
    else if (out[i]!.name === out[i]!.id) out[i] = p;
  }
  return out;
}
