import { forwardRef, useEffect, useImperativeHandle, useRef } from 'react';
import { Canvas, View } from '@tarojs/components';
import type { CanvasTouchEvent } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { AppError } from '@shared/errors';
import { createInk, type Ink2d, type SignaturePadHandle, type SignaturePadProps } from './SignaturePadInk';
import './SignaturePad.css';

export type { SignaturePadHandle } from './SignaturePadInk';

const CANVAS_ID = 'signature-pad-canvas';

const emptyError = () => new AppError('ENROLL.SIGNATURE_EMPTY', '请先在框内签名', 'payload.signaturePng');
const exportError = () => new AppError('ENROLL.BAD_SIGNATURE', '签名图片生成失败，请重试');

/**
 * WeChat: Taro's `type="2d"` Canvas, drawn with touch events (their x/y are canvas-relative),
 * exported with canvasToTempFilePath and read back as base64. The H5 build uses
 * SignaturePad.h5.tsx instead. One pad per page (the canvas id is fixed).
 */
export const SignaturePad = forwardRef<SignaturePadHandle, SignaturePadProps>(
  function SignaturePad(props, ref) {
    const { className, height = 220, onChange } = props;
    const canvas = useRef<Taro.Canvas | null>(null);
    const ink = useRef(createInk());
    const onChangeRef = useRef(onChange);
    onChangeRef.current = onChange;

    useEffect(() => {
      Taro.nextTick(() => {
        Taro.createSelectorQuery()
          .select(`#${CANVAS_ID}`)
          .fields({ node: true, size: true })
          .exec((res: { node?: Taro.Canvas; width: number; height: number }[]) => {
            const found = res?.[0];
            if (!found?.node) return;
            const scale = Math.min(Taro.getWindowInfo().pixelRatio || 1, 2);
            found.node.width = Math.round(found.width * scale);
            found.node.height = Math.round(found.height * scale);
            canvas.current = found.node;
            ink.current.attach(
              found.node.getContext('2d') as unknown as Ink2d,
              found.width,
              found.height,
              scale,
            );
          });
      });
    }, [height]);

    const at = (e: CanvasTouchEvent) => {
      const t = e.touches[0] ?? e.changedTouches[0];
      return { x: t.x, y: t.y };
    };

    useImperativeHandle(ref, () => ({
      clear() {
        ink.current.clear();
        onChangeRef.current?.(true);
      },
      isEmpty: () => ink.current.isEmpty(),
      async toPngBase64() {
        const node = canvas.current;
        if (!node || ink.current.isEmpty()) throw emptyError();
        let filePath: string;
        try {
          filePath = (
            await Taro.canvasToTempFilePath({
              canvas: node,
              fileType: 'png',
            } as Taro.canvasToTempFilePath.Option)
          ).tempFilePath;
        } catch {
          throw exportError();
        }
        return new Promise<string>((resolve, reject) => {
          Taro.getFileSystemManager().readFile({
            filePath,
            encoding: 'base64',
            success: (r) => resolve(String(r.data)),
            fail: () => reject(exportError()),
          });
        });
      },
    }));

    return (
      <View className={`signature-pad ${className ?? ''}`} style={{ height: `${height}px` }}>
        <Canvas
          id={CANVAS_ID}
          type="2d"
          className="signature-pad__canvas"
          style={{ width: '100%', height: `${height}px` }}
          disableScroll
          onTouchStart={(e) => ink.current.start(at(e))}
          onTouchMove={(e) => ink.current.move(at(e))}
          onTouchEnd={() => {
            ink.current.end();
            onChangeRef.current?.(ink.current.isEmpty());
          }}
          onTouchCancel={() => ink.current.end()}
        />
        <View className="signature-pad__baseline">请在此处手写签名</View>
      </View>
    );
  },
);
