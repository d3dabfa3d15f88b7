/**
 * The drawing shared by both signature pads: strokes on a white background, and a notion of
 * "empty" that ignores a stray tap (less than MIN_INK_PX of line drawn in total).
 */
export interface SignaturePadHandle {
  clear(): void;
  isEmpty(): boolean;
  /** The signature as base64 PNG without the data: prefix; refuses an empty pad. */
  toPngBase64(): Promise<string>;
}

export interface SignaturePadProps {
  className?: string;
  /** CSS px. */
  height?: number;
  /** After each stroke and on clear: whether the pad still counts as empty. */
  onChange?: (empty: boolean) => void;
}

/** The subset of CanvasRenderingContext2D used here (the weapp 2d context has the same API). */
export interface Ink2d {
  fillStyle: unknown;
  strokeStyle: unknown;
  lineWidth: number;
  lineCap: string;
  lineJoin: string;
  setTransform(a: number, b: number, c: number, d: number, e: number, f: number): void;
  fillRect(x: number, y: number, w: number, h: number): void;
  beginPath(): void;
  moveTo(x: number, y: number): void;
  lineTo(x: number, y: number): void;
  stroke(): void;
}

export const MIN_INK_PX = 30;

export function createInk() {
  let ctx: Ink2d | null = null;
  let size = { width: 0, height: 0 };
  let last: { x: number; y: number } | null = null;
  let inked = 0;

  const paintBackground = () => {
    if (!ctx) return;
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, size.width, size.height);
  };

  return {
    attach(context: Ink2d, width: number, height: number, scale: number) {
      ctx = context;
      size = { width, height };
      ctx.setTransform(scale, 0, 0, scale, 0, 0);
      ctx.lineWidth = 3;
      ctx.lineCap = 'round';
      ctx.lineJoin = 'round';
      ctx.strokeStyle = '#111111';
      paintBackground();
      inked = 0;
    },
    start(p: { x: number; y: number }) {
      last = p;
    },
    move(p: { x: number; y: number }) {
      if (!ctx || !last) return;
      ctx.beginPath();
      ctx.moveTo(last.x, last.y);
      ctx.lineTo(p.x, p.y);
      ctx.stroke();
      inked += Math.hypot(p.x - last.x, p.y - last.y);
      last = p;
    },
    end() {
      last = null;
    },
    clear() {
      paintBackground();
      inked = 0;
      last = null;
    },
    isEmpty: () => inked < MIN_INK_PX,
  };
}
