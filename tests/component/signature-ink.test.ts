/** The signature pads' shared drawing: what counts as a signature, and what clear does. */
import { createInk, MIN_INK_PX, type Ink2d } from '../../miniprogram/src/components/SignaturePadInk';

function fakeContext() {
  const calls: string[] = [];
  const ctx: Ink2d = {
    fillStyle: '',
    strokeStyle: '',
    lineWidth: 0,
    lineCap: '',
    lineJoin: '',
    setTransform: (...a) => void calls.push(`transform ${a.join(',')}`),
    fillRect: (...a) => void calls.push(`fill ${a.join(',')}`),
    beginPath: () => void calls.push('begin'),
    moveTo: (x, y) => void calls.push(`move ${x},${y}`),
    lineTo: (x, y) => void calls.push(`line ${x},${y}`),
    stroke: () => void calls.push('stroke'),
  };
  return { ctx, calls };
}

test('a white background at the device scale, then strokes; a tap is not a signature', () => {
  const ink = createInk();
  const { ctx, calls } = fakeContext();
  ink.attach(ctx, 300, 200, 2);
  expect(calls).toEqual(['transform 2,0,0,2,0,0', 'fill 0,0,300,200']);
  expect(ctx.fillStyle).toBe('#ffffff');

  ink.start({ x: 10, y: 10 });
  ink.move({ x: 12, y: 10 });
  ink.end();
  expect(ink.isEmpty()).toBe(true);

  ink.start({ x: 10, y: 50 });
  ink.move({ x: 10 + MIN_INK_PX, y: 50 });
  ink.end();
  expect(ink.isEmpty()).toBe(false);
  expect(calls.slice(-4)).toEqual(['begin', 'move 10,50', `line ${10 + MIN_INK_PX},50`, 'stroke']);
});

test('moving without pressing draws nothing; clear repaints and empties', () => {
  const ink = createInk();
  const { ctx, calls } = fakeContext();
  ink.attach(ctx, 300, 200, 1);
  ink.move({ x: 100, y: 100 });
  expect(calls.filter((c) => c === 'stroke')).toEqual([]);
  ink.start({ x: 0, y: 0 });
  ink.move({ x: 100, y: 0 });
  expect(ink.isEmpty()).toBe(false);
  ink.clear();
  expect(ink.isEmpty()).toBe(true);
  expect(calls.at(-1)).toBe('fill 0,0,300,200');
  // A stroke after clear starts afresh (no line from the old last point).
  ink.move({ x: 50, y: 50 });
  expect(calls.at(-1)).toBe('fill 0,0,300,200');
});
