import { api } from '@shared/api';
import { createFunction } from '../_lib/create-function';
import { acceptAuthorisation, authorisations, grantAuthorisation, revokeAuthorisation } from './authorise';
import { create, startRelated, update } from './draft';
import { attachFile, fileUrl, removeFile, uploadTicket } from './files';
import { benefits, get, list, mine } from './read';
import { resubmit, withdraw } from './status';
import { estimate, submit } from './submit';
import { template } from './template';

export const main = createFunction('claim', api.claim, {
  create,
  update,
  startRelated,
  get,
  mine,
  list,
  benefits,
  uploadTicket,
  attachFile,
  removeFile,
  fileUrl,
  template,
  estimate,
  submit,
  withdraw,
  resubmit,
  grantAuthorisation,
  acceptAuthorisation,
  revokeAuthorisation,
  authorisations,
});
