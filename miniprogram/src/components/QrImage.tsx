import { useMemo } from 'react';
import { Image, View } from '@tarojs/components';
import { qrSvgDataUrl } from './QrSvg';

/** A QR code of `text` (ASCII), drawn on the client. */
export function QrImage({ text, size = 160, className }: { text: string; size?: number; className?: string }) {
  const src = useMemo(() => {
    try {
      return qrSvgDataUrl(text);
    } catch {
      return null;
    }
  }, [text]);
  if (!src) return <View className={`qr-image qr-image--error ${className ?? ''}`}>二维码生成失败</View>;
  return <Image className={`qr-image ${className ?? ''}`} src={src} style={{ width: `${size}px`, height: `${size}px` }} mode="aspectFit" />;
}
