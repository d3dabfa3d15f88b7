import { useMemo } from 'react';
import { Image, View } from '@tarojs/components';
import { qrSvgDataUrl } from './QrSvg';
import './QrImage.css';

/** A QR code of `text` (ASCII), drawn on the client, `size` CSS px square. */
export function QrImage({
  text,
  size = 160,
  className,
}: {
  text: string;
  size?: number;
  className?: string;
}) {
  const src = useMemo(() => {
    try {
      return qrSvgDataUrl(text);
    } catch {
      return null;
    }
  }, [text]);
  const box = { width: `${size}px`, height: `${size}px` };
  return (
    <View className={`qr-image ${className ?? ''}`} style={box}>
      {src ? (
        // scaleToFill (the default) stretches the square SVG to the square box on both targets.
        <Image className="qr-image__img" src={src} style={box} />
      ) : (
        <View className="qr-image__error">二维码生成失败</View>
      )}
    </View>
  );
}
