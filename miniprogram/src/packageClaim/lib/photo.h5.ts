import type { PickedFile } from '../../api/upload';

/** Longest side after compression: enough to read an invoice, small enough for a slow network. */
export const MAX_SIDE = 1600;
const QUALITY = 0.8;

function decode(file: File): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const url = URL.createObjectURL(file);
    const img = new Image();
    img.onload = () => {
      URL.revokeObjectURL(url);
      resolve(img);
    };
    img.onerror = () => {
      URL.revokeObjectURL(url);
      reject(new Error('not an image the browser can decode'));
    };
    img.src = url;
  });
}

/**
 * Re-encoded on the phone as JPEG, longest side at most 1600 px, quality 0.8 (on a white
 * background, for transparent PNGs). A file the browser cannot draw (HEIC on most browsers, PDF)
 * is sent as it is: the server checks its type by content.
 */
async function compress(file: File): Promise<PickedFile> {
  try {
    const img = await decode(file);
    const scale = Math.min(1, MAX_SIDE / Math.max(img.naturalWidth, img.naturalHeight));
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.round(img.naturalWidth * scale));
    canvas.height = Math.max(1, Math.round(img.naturalHeight * scale));
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no 2d canvas');
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
    const blob = await new Promise<Blob | null>((r) => canvas.toBlob(r, 'image/jpeg', QUALITY));
    if (!blob) throw new Error('encoding failed');
    return { path: URL.createObjectURL(blob), size: blob.size, blob };
  } catch {
    return { path: URL.createObjectURL(file), size: file.size, blob: file };
  }
}

/**
 * The browser's file chooser (phones offer the camera or the album for image/*), then each
 * photo compressed before upload.
 */
export function pickPhotos(max: number): Promise<PickedFile[]> {
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = 'image/*';
    input.multiple = max > 1;
    input.className = 'claim-file-input';
    input.style.display = 'none';
    document.body.appendChild(input);
    input.addEventListener('cancel', () => {
      input.remove();
      resolve([]);
    });
    input.addEventListener('change', () => {
      const files = Array.from(input.files ?? []).slice(0, Math.max(1, max));
      input.remove();
      void Promise.all(files.map(compress)).then(resolve);
    });
    input.click();
  });
}
