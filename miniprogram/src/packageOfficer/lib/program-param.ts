import { useState } from 'react';
import { useRouter } from '@tarojs/taro';
import type { ProgramChoice } from './ProgramField';

/** The program named in the page's query (`programId`, `programName`), as the initial choice. */
export function useProgramParam(): [ProgramChoice | null, (p: ProgramChoice) => void] {
  const { params } = useRouter();
  const id = params.programId ? decodeURIComponent(params.programId) : '';
  const name = params.programName ? decodeURIComponent(params.programName) : id;
  return useState<ProgramChoice | null>(id ? { id, name } : null);
}

/** A query parameter, decoded ('' when absent). */
export function useParam(name: string): string {
  const { params } = useRouter();
  const v = params[name];
  if (!v) return '';
  try {
    return decodeURIComponent(v);
  } catch {
    return v;
  }
}
