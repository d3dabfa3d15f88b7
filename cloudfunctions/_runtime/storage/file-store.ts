import { createHash, randomBytes } from 'node:crypto';
import {
  closeSync,
  createReadStream,
  fsyncSync,
  linkSync,
  mkdirSync,
  openSync,
  readdirSync,
  renameSync,
  rmdirSync,
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

/** Where clients upload (`POST /storage/upload`); files here older than this are swept. */
export const STAGING_PREFIX = 'uploads';
export const STAGING_MAX_AGE_MS = 24 * 3600_000;

/** A staging path as a cloud function hands it out: `uploads/<32 hex>/<32 hex>`. */
export const STAGING_PATH = /^uploads\/[0-9a-f]{32}\/[0-9a-f]{32}$/;

export class FileExistsError extends Error {
  constructor(readonly path: string) {
    super(`file exists: ${path}`);
    this.name = 'FileExistsError';
  }
}

export interface WriteOptions {
  /** The openid of the client that uploaded it (CloudBase keeps the owner with the file). */
  owner?: string;
  /** Refuse (FileExistsError) instead of replacing a file already at `path`; atomic. */
  exclusive?: boolean;
}

/** What `_rt_files` keeps per file, keyed by cloud path. */
export interface FileRecord {
  size: number;
  sha256: string;
  uploadedAt: string;
  owner?: string;
}

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

function safeReaddir(dir: string) {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
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

  get maxUploadBytes(): number {
    return this.opts.maxUploadBytes;
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
  async write(
    path: string,
    body: IncomingMessage,
    opts: WriteOptions = {},
  ): Promise<{ size: number; sha256: string }> {
    const final = this.diskPath(path);
    mkdirSync(dirname(final), { recursive: true });
    const tmp = `${final}.${randomBytes(6).toString('hex')}.part`;
    const { size, sha256 } = await this.writeTemp(tmp, body);
    this.publish(tmp, final, path, opts.exclusive === true);
    const record: FileRecord = { size, sha256, uploadedAt: new Date(this.opts.clock()).toISOString() };
    if (opts.owner) record.owner = opts.owner;
    this.opts.db.collection(FILES_COLLECTION).set(path, record);
    return { size, sha256 };
  }

  /** Streams the body into `tmp` (fsynced), or deletes it and throws past maxUploadBytes. */
  private async writeTemp(tmp: string, body: IncomingMessage): Promise<{ size: number; sha256: string }> {
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
    return { size, sha256: hash.digest('hex') };
  }

  /** Moves `tmp` to `final`; exclusive uses a hard link, which fails if `final` exists, even in a race. */
  private publish(tmp: string, final: string, path: string, exclusive: boolean): void {
    if (exclusive) {
      try {
        linkSync(tmp, final);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw new FileExistsError(path);
        throw e;
      } finally {
        unlinkSync(tmp);
      }
    } else {
      renameSync(tmp, final);
    }
    const dirFd = openSync(dirname(final), 'r');
    try {
      fsyncSync(dirFd);
    } finally {
      closeSync(dirFd);
    }
  }

  /** The bookkeeping row of a stored file (size, sha256, uploadedAt, owner), or null. */
  info(path: string): FileRecord | null {
    if (!this.exists(path)) return null;
    return (this.opts.db.collection(FILES_COLLECTION).get(path) as FileRecord | null) ?? null;
  }

  /**
   * The local stand-in for a storage lifecycle rule: deletes files under `uploads/` uploaded more
   * than `maxAgeMs` ago (by the `_rt_files` time, else the file's mtime), leftover `.part` files
   * included, and the emptied ticket folders. Returns how many files went.
   */
  sweepStaging(maxAgeMs = STAGING_MAX_AGE_MS): number {
    const top = join(this.root, STAGING_PREFIX);
    const cutoff = this.opts.clock() - maxAgeMs;
    let removed = 0;
    for (const dir of safeReaddir(top)) {
      if (!dir.isDirectory()) continue;
      const dirPath = join(top, dir.name);
      for (const f of safeReaddir(dirPath)) {
        if (!f.isFile()) continue;
        const cloudPath = `${STAGING_PREFIX}/${dir.name}/${f.name}`;
        if (this.uploadedAt(cloudPath, join(dirPath, f.name)) >= cutoff) continue;
        unlinkSync(join(dirPath, f.name));
        this.opts.db.collection(FILES_COLLECTION).remove({ _id: cloudPath });
        removed++;
      }
      try {
        rmdirSync(dirPath); // only when empty
      } catch {
        /* still holds a fresh file */
      }
    }
    return removed;
  }

  private uploadedAt(cloudPath: string, full: string): number {
    const row = this.opts.db.collection(FILES_COLLECTION).get(cloudPath) as FileRecord | null;
    const t = row ? Date.parse(row.uploadedAt) : NaN;
    return Number.isFinite(t) ? t : statSync(full).mtimeMs;
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
