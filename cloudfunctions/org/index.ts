import { api } from '@shared/api';
import { createFunction } from '../_lib/create-function';
import { decideJoinRequest, joinUnit, listJoinRequests, removeMember } from './join';
import { rotateUnitQrCode, unitQrCode } from './qrcode';
import { resolveScene, searchUnits } from './units';

export const main = createFunction('org', api.org, {
  resolveScene,
  searchUnits,
  joinUnit,
  unitQrCode,
  rotateUnitQrCode,
  listJoinRequests,
  decideJoinRequest,
  removeMember,
});
