import { createHash, randomBytes } from 'node:crypto';
import {
  closeSync,
  createReadStream,
  fsyncSync,
  mkdirSync,
  openSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import type { ReadStream } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import type { IncomingMessage } from 'node:http';
import type { RuntimeSecret } from '../auth/secret';
import type { Clock, CollectionSource } from '../store';

export const FILES_COLLECTION = '_rt_files';

export class UploadTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`file exceeds ${limit} bytes`);
    this.name = 'UploadTooLargeError';
  }
}

function hasControlChar(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return true;
  }
  return false;
}

/**
 * Cloud paths as CloudBase accepts them, minus anything that could leave the files folder:
 * relative, `/`-separated, no `.`/`..` segments, no backslashes or control characters.
 */
export function normalizeCloudPath(p: unknown): string | null {
  if (typeof p !== 'string' || p.length === 0 || p.length > 850) return null;
  if (p.startsWith('/') || p.includes('\\') || hasControlChar(p)) return null;
  const segs = p.split('/');
  if (segs.some((s) => s === '' || s === '.' || s === '..')) return null;
  return p;
}

export function encodeCloudPath(p: string): string {
  return p.split('/').map(encodeURIComponent).join('/');
}

/** `cloud://<env>.<bucket>/<path>` → path; the bucket part is not checked (one bucket locally). */
export function pathOfFileId(fileId: unknown): string | null {
  if (typeof fileId !== 'string' || !fileId.startsWith('cloud://')) return null;
  const rest = fileId.slice('cloud://'.length);
  const slash = rest.indexOf('/');
  return slash <= 0 ? null : normalizeCloudPath(rest.slice(slash + 1));
}

export interface FileStoreOptions {
  dataDir: string;
  secret: RuntimeSecret;
  db: CollectionSource;
  clock: Clock;
  maxUploadBytes: number;
}

/** Files on disk under `<dataDir>/files`, upload grants and signed, expiring download URLs. */
export class FileStore {
  readonly root: string;

  constructor(private readonly opts: FileStoreOptions) {
    this.root = join(opts.dataDir, 'files');
    mkdirSync(this.root, { recursive: true });
  }

  fileIdOf(env: string, path: string): string {
    return `cloud://${env}.local/${path}`;
  }

  private diskPath(path: string): string {
    const full = join(this.root, ...path.split('/'));
    if (!full.startsWith(this.root + sep)) throw new Error('path escapes the files folder');
    return full;
  }

  /** What `authorization` the PUT must carry: proof that getUploadMetadata granted this path. */
  grantUpload(path: string, ttlSeconds = 600): string {
    const exp = Math.floor(this.opts.clock() / 1000) + ttlSeconds;
    return `${exp}:${this.opts.secret.mac('upload', `${path}\n${exp}`)}`;
  }

  checkUploadGrant(path: string, grant: string | undefined): boolean {
    const m = grant ? /^(\d+):(\S+)$/.exec(grant) : null;
    if (!m) return false;
    if (Number(m[1]) * 1000 < this.opts.clock()) return false;
    return this.opts.secret.verify('upload', `${path}\n${m[1]}`, m[2]);
  }

  /** Streams the body to disk and makes it durable (file and directory fsync) before resolving. */
  async write(path: string, body: IncomingMessage): Promise<{ size: number; sha256: string }> {
    const final = this.diskPath(path);
    mkdirSync(dirname(final), { recursive: true });
    const tmp = `${final}.${randomBytes(6).toString('hex')}.part`;
    const fd = openSync(tmp, 'w', 0o600);
    const hash = createHash('sha256');
    let size = 0;
    let tooLarge = false;
    try {
      for await (const chunk of body as AsyncIterable<Buffer>) {
        size += chunk.length;
        if (size > this.opts.maxUploadBytes) tooLarge = true; // keep draining so the client can read our reply
        if (tooLarge) continue;
        hash.update(chunk);
        let off = 0;
        while (off < chunk.length) off += writeSync(fd, chunk, off);
      }
      if (tooLarge) throw new UploadTooLargeError(this.opts.maxUploadBytes);
      fsyncSync(fd);
    } catch (e) {
      closeSync(fd);
      unlinkSync(tmp);
      throw e;
    }
    closeSync(fd);
    renameSync(tmp, final);
    const dirFd = openSync(dirname(final), 'r');
    try {
      fsyncSync(dirFd);
    } finally {
      closeSync(dirFd);
    }
    const sha256 = hash.digest('hex');
    this.opts.db
      .collection(FILES_COLLECTION)
      .set(path, { size, sha256, uploadedAt: new Date(this.opts.clock()).toISOString() });
    return { size, sha256 };
  }

  exists(path: string): boolean {
    try {
      return statSync(this.diskPath(path)).isFile();
    } catch {
      return false;
    }
  }

  remove(path: string): boolean {
    if (!this.exists(path)) return false;
    unlinkSync(this.diskPath(path));
    this.opts.db.collection(FILES_COLLECTION).remove({ _id: path });
    return true;
  }

  /** Temp URL: `<base>/files/<path>?t=<unix expiry>&sign=<mac>`; anyone holding it may read until t. */
  tempUrl(base: string, path: string, maxAgeSeconds: number): string {
    const t = Math.floor(this.opts.clock() / 1000) + maxAgeSeconds;
    const sign = this.opts.secret.mac('download', `${path}\n${t}`);
    return `${base}/files/${encodeCloudPath(path)}?t=${t}&sign=${sign}`;
  }

  /** Seconds the signed URL stays valid, or null when the signature or expiry fails. */
  checkTempUrl(path: string, t: string | null, sign: string | null): number | null {
    if (!t || !sign || !/^\d+$/.test(t)) return null;
    const left = Number(t) - Math.floor(this.opts.clock() / 1000);
    if (left <= 0) return null;
    return this.opts.secret.verify('download', `${path}\n${t}`, sign) ? left : null;
  }

  open(path: string): { stream: ReadStream; size: number } | null {
    if (!this.exists(path)) return null;
    const full = this.diskPath(path);
    return { stream: createReadStream(full), size: statSync(full).size };
  }
}
