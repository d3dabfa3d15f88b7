import { useState } from 'react';
import { call } from '../../api/client';
import { toAppError } from '../../api/errors';
import { uploadFile, type PickedFile } from '../../api/upload';
import { pickPhotos } from './photo';

export interface Pending {
  key: string;
  /** The checklist item it belongs to: `${materialId}:${stayIndex ?? ''}`. */
  item: string;
  percent: number;
  error?: string;
}

export const itemKey = (i: { materialId: string; stayIndex?: number }) =>
  `${i.materialId}:${i.stayIndex ?? ''}`;

let seq = 0;

/**
 * Photos for one checklist item: choose (camera or album) → compressed on the phone → a ticket →
 * the bytes to its staging path with progress → claim.attachFile. One at a time, so progress is
 * honest on a slow network; each photo's failure is shown on its own row.
 */
export function useUploads(claimId: string, onAttached: () => void) {
  const [pending, setPending] = useState<Pending[]>([]);
  const patch = (key: string, p: Partial<Pending>) =>
    setPending((list) => list.map((x) => (x.key === key ? { ...x, ...p } : x)));

  async function one(item: { materialId: string; stayIndex?: number }, file: PickedFile, key: string) {
    try {
      const ticket = await call('claim.uploadTicket', {
        claimId,
        materialId: item.materialId,
        ...(item.stayIndex !== undefined ? { stayIndex: item.stayIndex } : {}),
      });
      if (file.size > ticket.maxBytes) {
        patch(key, { error: `照片超过 ${Math.floor(ticket.maxBytes / 1024 / 1024)} MB，请换一张` });
        return;
      }
      const fileID = await uploadFile(ticket.cloudPath, file, (percent) => patch(key, { percent }));
      patch(key, { percent: 100 });
      await call('claim.attachFile', { claimId, ticketId: ticket.ticketId, fileID });
      setPending((list) => list.filter((x) => x.key !== key));
      onAttached();
    } catch (e) {
      patch(key, { error: toAppError(e).message });
    }
  }

  async function add(item: { materialId: string; stayIndex?: number }) {
    let files: PickedFile[];
    try {
      files = await pickPhotos(9);
    } catch (e) {
      setPending((list) => [
        ...list,
        { key: `p${++seq}`, item: itemKey(item), percent: 0, error: toAppError(e).message },
      ]);
      return;
    }
    const rows = files.map((f) => ({ file: f, key: `p${++seq}` }));
    setPending((list) => [...list, ...rows.map((r) => ({ key: r.key, item: itemKey(item), percent: 0 }))]);
    for (const r of rows) await one(item, r.file, r.key);
  }

  const dismiss = (key: string) => setPending((list) => list.filter((x) => x.key !== key));
  return { pending, add, dismiss, busy: pending.some((p) => !p.error) };
}
