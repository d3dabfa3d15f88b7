import { forwardRef, useEffect, useImperativeHandle, useRef } from 'react';
import type { PointerEvent as ReactPointerEvent } from 'react';
import { View } from '@tarojs/components';
import { AppError } from '@shared/errors';
import { createInk, type SignaturePadHandle, type SignaturePadProps } from './SignaturePadInk';
import './SignaturePad.css';

export type { SignaturePadHandle } from './SignaturePadInk';

const PNG_PREFIX = 'data:image/png;base64,';

/**
 * H5: a plain <canvas> drawn with pointer events (mouse, pen and touch alike), exported with
 * toDataURL. The weapp build uses SignaturePad.tsx (Taro's 2d Canvas) instead.
 */
export const SignaturePad = forwardRef<SignaturePadHandle, SignaturePadProps>(
  function SignaturePad(props, ref) {
    const { className, height = 220, onChange } = props;
    const canvasRef = useRef<HTMLCanvasElement | null>(null);
    const ink = useRef(createInk());
    const drawing = useRef(false);
    const onChangeRef = useRef(onChange);
    onChangeRef.current = onChange;

    useEffect(() => {
      const canvas = canvasRef.current;
      if (!canvas) return;
      // Backing store at the screen's density (at most 2x: sharper is only heavier to upload).
      const scale = Math.min(window.devicePixelRatio || 1, 2);
      const { width } = canvas.getBoundingClientRect();
      canvas.width = Math.round(width * scale);
      canvas.height = Math.round(height * scale);
      const ctx = canvas.getContext('2d');
      if (ctx) ink.current.attach(ctx, width, height, scale);
    }, [height]);

    const point = (e: ReactPointerEvent<HTMLCanvasElement>) => {
      const r = e.currentTarget.getBoundingClientRect();
      return { x: e.clientX - r.left, y: e.clientY - r.top };
    };

    useImperativeHandle(ref, () => ({
      clear() {
        ink.current.clear();
        onChangeRef.current?.(true);
      },
      isEmpty: () => ink.current.isEmpty(),
      async toPngBase64() {
        const canvas = canvasRef.current;
        if (!canvas || ink.current.isEmpty())
          throw new AppError('ENROLL.SIGNATURE_EMPTY', '请先在框内签名', 'payload.signaturePng');
        const url = canvas.toDataURL('image/png');
        if (!url.startsWith(PNG_PREFIX))
          throw new AppError('ENROLL.BAD_SIGNATURE', '签名图片生成失败，请重试');
        return url.slice(PNG_PREFIX.length);
      },
    }));

    return (
      <View className={`signature-pad ${className ?? ''}`} style={{ height: `${height}px` }}>
        <canvas
          ref={canvasRef}
          className="signature-pad__canvas"
          style={{ width: '100%', height: `${height}px` }}
          onPointerDown={(e) => {
            drawing.current = true;
            e.currentTarget.setPointerCapture(e.pointerId);
            ink.current.start(point(e));
          }}
          onPointerMove={(e) => {
            if (!drawing.current) return;
            ink.current.move(point(e));
          }}
          onPointerUp={() => {
            drawing.current = false;
            ink.current.end();
            onChangeRef.current?.(ink.current.isEmpty());
          }}
          onPointerCancel={() => {
            drawing.current = false;
            ink.current.end();
          }}
        />
        <View className="signature-pad__baseline">请在此处手写签名</View>
      </View>
    );
  },
);
