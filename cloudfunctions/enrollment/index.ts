import { api } from '@shared/api';
import { createFunction } from '../_lib/create-function';
import { cancel } from './cancel';
import { enrol, renew } from './enrol';
import { offers, programDetail } from './offers';
import { pay, syncPayment } from './pay';
import { certificate, get, mine, verifyCertificate } from './policy';

export const main = createFunction('enrollment', api.enrollment, {
  offers,
  programDetail,
  enrol,
  renew,
  pay,
  syncPayment,
  cancel,
  mine,
  get,
  certificate,
  verifyCertificate,
});
