import Busboy from 'busboy';
import type { IncomingMessage } from 'node:http';

export interface MultipartForm {
  fields: Record<string, string>;
  /** Binary parts (`application/octet-stream`, as form-data sends Buffers), raw bytes. */
  parts: Record<string, Buffer>;
}

/** Parses the multipart bodies wx.openApi / wx.wxPayApi send (TCB-WIRE §4.1). */
export function parseMultipart(req: IncomingMessage, limitBytes: number): Promise<MultipartForm> {
  return new Promise((resolve, reject) => {
    let bb: Busboy.Busboy;
    try {
      bb = Busboy({
        headers: req.headers,
        limits: { fileSize: limitBytes, fieldSize: limitBytes, files: 20, fields: 50 },
      });
    } catch (e) {
      reject(e);
      return;
    }
    const form: MultipartForm = { fields: {}, parts: {} };
    let failure: Error | null = null;
    bb.on('field', (name, value) => {
      form.fields[name] = value;
    });
    bb.on('file', (name, stream) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('limit', () => {
        failure = new Error(`multipart part ${name} exceeds ${limitBytes} bytes`);
      });
      stream.on('close', () => {
        form.parts[name] = Buffer.concat(chunks);
      });
    });
    bb.on('error', (e) => reject(e));
    bb.on('close', () => (failure ? reject(failure) : resolve(form)));
    req.pipe(bb);
  });
}
