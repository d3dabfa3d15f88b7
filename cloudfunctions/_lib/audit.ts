import { randomBytes } from 'node:crypto';
import type { HandlerContext } from './context';
import type { AuditDoc } from './records';
import type { Tx } from './db';

/** Random ids: an audit entry is never overwritten and its id says nothing. */
export const newId = (prefix: string) => `${prefix}_${randomBytes(12).toString('hex')}`;

export function auditEntry(ctx: HandlerContext, entry: Omit<AuditDoc, '_id' | 'at'>): AuditDoc {
  return { _id: newId('au'), ...entry, at: ctx.now };
}

/** Append inside a transaction, so the record and the change it describes commit together. */
export async function auditInTx(tx: Tx, ctx: HandlerContext, entry: Omit<AuditDoc, '_id' | 'at'>) {
  const doc = auditEntry(ctx, entry);
  const { _id, ...data } = doc;
  await tx.collection('auditLog').doc(_id).set({ data });
}
