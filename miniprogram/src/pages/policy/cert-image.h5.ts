import { AppError } from '@shared/errors';
import { formatChinaDate } from '../../lib/format';
import { CERT_HEIGHT, CERT_WIDTH, drawCertificate, type CertImage, type Ctx2d } from './cert-draw';

/** H5: draw the certificate on a detached canvas and download it as a PNG. */
export async function saveCertificateImage(c: CertImage): Promise<void> {
  const canvas = document.createElement('canvas');
  canvas.width = CERT_WIDTH;
  canvas.height = CERT_HEIGHT;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new AppError('COMMON.UNAVAILABLE', '当前浏览器无法生成图片');
  drawCertificate(ctx as unknown as Ctx2d, { ...c, issuedAt: formatChinaDate(c.issuedAt) });
  const a = document.createElement('a');
  a.href = canvas.toDataURL('image/png');
  a.download = `电子保单-${c.certificateNo}.png`;
  a.className = 'cert-download';
  document.body.appendChild(a);
  a.click();
  a.remove();
  return Promise.resolve();
}
