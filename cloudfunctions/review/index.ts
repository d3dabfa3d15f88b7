import { api } from '@shared/api';
import { createFunction } from '../_lib/create-function';
import { batchCancel, batchCreate, batchFile, batchGet, batchList, batchSettle } from './batches';
import { bulkApprove, bulkPreview } from './bulk';
import { meetingClose, meetingCreate, meetingGet, meetingMinutes, meetingVote } from './meeting';
import { importSettlements, importTicket } from './import';
import { approve, correctFacts, passOn, refer, reject, requestMaterial } from './decide';
import {
  noticeFile,
  noticeGet,
  noticeList,
  noticePublish,
  object,
  objections,
  recordRecovered,
  resolveObjection,
  startRecovery,
} from './notices';
import { queue } from './queue';
import { auditExport, auditLog, reasons, report, reportExport } from './records';
import { assign, fileUrl, get, reassign, release } from './work';

/** The officers' side of a claim (every action checks a grant over the claim's unit or the org). */
export const main = createFunction('review', api.review, {
  queue,
  get,
  assign,
  release,
  reassign,
  fileUrl,
  correctFacts,
  approve,
  reject,
  requestMaterial,
  passOn,
  refer,
  bulkPreview,
  bulkApprove,
  meetingCreate,
  meetingGet,
  meetingVote,
  meetingClose,
  meetingMinutes,
  batchCreate,
  batchList,
  batchGet,
  batchCancel,
  batchFile,
  batchSettle,
  noticePublish,
  noticeList,
  noticeGet,
  noticeFile,
  object,
  objections,
  resolveObjection,
  startRecovery,
  recordRecovered,
  auditLog,
  auditExport,
  report,
  reportExport,
  importTicket,
  importSettlements,
  reasons,
});
