import Taro from '@tarojs/taro';
import { create } from 'qrcode/lib/core/qrcode';
import { render } from 'qrcode/lib/renderer/svg-tag';

/**
 * A QR code as an SVG data URL, computed in plain JS: no canvas, no eval, the same in WeChat and
 * H5. Bytes are handed to qrcode as a byte segment because its string path needs TextEncoder,
 * which WeChat's JS engine may lack; text is therefore limited to ASCII (URLs and page paths).
 */
export function qrSvgDataUrl(text: string, opts: { margin?: number } = {}): string {
  if (!/^[\x20-\x7e]+$/.test(text)) throw new Error('QR text must be printable ASCII');
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  const svg = render(create([{ data: bytes, mode: 'byte' }], { errorCorrectionLevel: 'M' }), {
    margin: opts.margin ?? 2,
    color: { dark: '#000000', light: '#ffffff' },
  });
  // base64 because WeChat's <image> takes base64 data URLs, not percent-encoded ones. The SVG is
  // ASCII, so btoa suffices on H5; WeChat has no btoa but its arrayBufferToBase64 takes bytes
  // (Taro's H5 version of that API wants a Uint8Array instead, hence the split).
  if (process.env.TARO_ENV === 'h5') return `data:image/svg+xml;base64,${btoa(svg)}`;
  const svgBytes = new Uint8Array(svg.length);
  for (let i = 0; i < svg.length; i++) svgBytes[i] = svg.charCodeAt(i);
  return `data:image/svg+xml;base64,${Taro.arrayBufferToBase64(svgBytes.buffer)}`;
}

/** The QR code's modules (size × size, 1 = dark), for drawing on a canvas. */
export function qrModules(text: string): { size: number; data: Uint8Array } {
  if (!/^[\x20-\x7e]+$/.test(text)) throw new Error('QR text must be printable ASCII');
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return create([{ data: bytes, mode: 'byte' }], { errorCorrectionLevel: 'M' }).modules;
}
