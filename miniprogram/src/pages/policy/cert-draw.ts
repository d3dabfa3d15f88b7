import { qrModules } from '../../components/QrSvg';

/** What the saved certificate image shows (masked data only, as on screen). */
export interface CertImage {
  certificateNo: string;
  programName: string;
  region: string;
  insuredName: string;
  idMasked: string;
  unitName: string;
  coverage: { start: string; end: string };
  issuedAt: string;
  benefits: string[];
  stateText: string;
  verifyUrl: string;
}

/** The subset of CanvasRenderingContext2D both H5 and WeChat's 2d canvas have. */
export interface Ctx2d {
  fillStyle: string | CanvasGradient | CanvasPattern;
  font: string;
  textBaseline: string;
  fillRect(x: number, y: number, w: number, h: number): void;
  fillText(text: string, x: number, y: number): void;
  measureText(text: string): { width: number };
}

export const CERT_WIDTH = 750;
export const CERT_HEIGHT = 1100;

/** Draws text wrapped at `width`, CJK-safe (breaks between any two characters). */
function wrap(ctx: Ctx2d, text: string, x: number, y: number, width: number, lineHeight: number): number {
  let line = '';
  for (const ch of Array.from(text)) {
    if (ctx.measureText(line + ch).width > width && line) {
      ctx.fillText(line, x, y);
      y += lineHeight;
      line = ch;
    } else line += ch;
  }
  if (line) ctx.fillText(line, x, y);
  return y + lineHeight;
}

/** The certificate as a 750 × 1100 image: header, rows, benefits, the verification QR code. */
export function drawCertificate(ctx: Ctx2d, c: CertImage): void {
  const font = (px: number, bold = false) => `${bold ? 'bold ' : ''}${px}px sans-serif`;
  ctx.textBaseline = 'top';
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, CERT_WIDTH, CERT_HEIGHT);
  ctx.fillStyle = '#c8161d';
  ctx.fillRect(0, 0, CERT_WIDTH, 210);
  ctx.fillStyle = '#ffffff';
  ctx.font = font(26);
  ctx.fillText('电子保单', 40, 36);
  ctx.font = font(34, true);
  let y = wrap(ctx, c.programName, 40, 76, CERT_WIDTH - 80, 44);
  ctx.font = font(26);
  ctx.fillText(`保单号 ${c.certificateNo}`, 40, Math.max(y, 150));

  y = 240;
  ctx.fillStyle = '#1f4e8c';
  ctx.font = font(28, true);
  ctx.fillText(c.stateText, 40, y);
  y += 56;
  const rows: [string, string][] = [
    ['被保障人', c.insuredName],
    ['身份证号', c.idMasked],
    ['所在单位', c.unitName],
    ['保障地区', c.region],
    ['保障期间', `${c.coverage.start} 至 ${c.coverage.end}`],
    ['签发日期', c.issuedAt],
  ];
  for (const [label, value] of rows) {
    ctx.fillStyle = '#5c6370';
    ctx.font = font(26);
    ctx.fillText(label, 40, y);
    ctx.fillStyle = '#1f2329';
    y = wrap(ctx, value, 190, y, CERT_WIDTH - 230, 36) + 8;
  }
  y += 8;
  ctx.fillStyle = '#1f2329';
  ctx.font = font(26, true);
  ctx.fillText('保障责任', 40, y);
  y += 40;
  ctx.font = font(22);
  for (const b of c.benefits.slice(0, 8)) {
    if (y > CERT_HEIGHT - 300) break;
    y = wrap(ctx, `· ${b}`, 40, y, CERT_WIDTH - 80, 32);
  }

  // The verification QR code, bottom centre.
  const qr = qrModules(c.verifyUrl);
  const cell = Math.floor(220 / (qr.size + 4));
  const side = cell * (qr.size + 4);
  const x0 = Math.round((CERT_WIDTH - side) / 2);
  const y0 = CERT_HEIGHT - side - 60;
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(x0, y0, side, side);
  ctx.fillStyle = '#000000';
  for (let r = 0; r < qr.size; r++)
    for (let col = 0; col < qr.size; col++)
      if (qr.data[r * qr.size + col]) ctx.fillRect(x0 + (col + 2) * cell, y0 + (r + 2) * cell, cell, cell);
  ctx.fillStyle = '#5c6370';
  ctx.font = font(22);
  const hint = '扫码核验保单真伪';
  ctx.fillText(hint, (CERT_WIDTH - ctx.measureText(hint).width) / 2, CERT_HEIGHT - 48);
}
