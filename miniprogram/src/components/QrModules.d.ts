// qrcode's pure core and its SVG renderer, used without the package entry (which pulls canvas
// or Node-only code). @types/qrcode only types the entry.
declare module 'qrcode/lib/core/qrcode' {
  export interface QrCodeData {
    version: number;
    modules: { size: number; data: Uint8Array };
  }
  export function create(
    segments: { data: Uint8Array; mode: 'byte' }[],
    options?: { errorCorrectionLevel?: 'L' | 'M' | 'Q' | 'H' },
  ): QrCodeData;
}

declare module 'qrcode/lib/renderer/svg-tag' {
  import type { QrCodeData } from 'qrcode/lib/core/qrcode';
  export function render(
    qr: QrCodeData,
    options?: { margin?: number; width?: number; color?: { dark?: string; light?: string } },
  ): string;
}
