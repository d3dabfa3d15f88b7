/**
 * A minimal CloudBase endpoint around DatabaseService, and the REAL wx-server-sdk pointed at it,
 * so contract tests exercise exactly the wire traffic a deployed function produces.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DatabaseService,
  type DatabaseServiceOptions,
  type IndexDecl,
  type TcbReply,
} from '../../cloudfunctions/_runtime/db/service';

export interface WireRequest {
  action: string;
  body: Record<string, any>;
}

export interface DbHarness {
  service: DatabaseService;
  url: string;
  dataDir: string;
  /** Every request the SDK sent, in order. */
  requests: WireRequest[];
  /** The real SDK's `cloud.database(opts)`; the harness env is set before each call. */
  database(opts?: { throwOnNotFound?: boolean }): any;
  /** Calls `service.handle` directly, as the runtime's HTTP server would. */
  handle(action: string, body: Record<string, any>): ReturnType<DatabaseService['handle']>;
  close(): Promise<void>;
}

export async function startDbHarness(
  opts: {
    indexes?: IndexDecl[];
    service?: Partial<DatabaseServiceOptions>;
    /** How the HTTP server answers a `database.*` action; default `service.handle`. */
    route?: (action: string, body: Record<string, any>) => TcbReply | Promise<TcbReply>;
  } = {},
): Promise<DbHarness> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tcb-db-'));
  const service = new DatabaseService({ dataDir, indexes: opts.indexes ?? [], ...opts.service });
  const requests: WireRequest[] = [];
  const route = opts.route ?? ((action: string, body: Record<string, any>) => service.handle(action, body));

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      let reply: unknown;
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, any>;
        const action = String(body.action ?? '');
        requests.push({ action, body });
        reply = action.startsWith('database.')
          ? await route(action, body)
          : { code: 'INVALID_PARAM', message: `the database harness does not serve ${action}` };
      } catch (e) {
        reply = { code: 'INVALID_PARAM', message: `bad request body: ${(e as Error).message}` };
      }
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(reply));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}/admin`;

  const env = {
    TCB_CONTEXT_CNFG: JSON.stringify({ URL: url }),
    TENCENTCLOUD_SECRETID: 'local-test',
    TENCENTCLOUD_SECRETKEY: 'local-test',
    // Skips the per-request metadata.tencentyun.com lookup (TCB-WIRE §0).
    TENCENTCLOUD: 'true',
    TCB_ENV: 'local-env',
  };
  Object.assign(process.env, env);
  const cloud = require('wx-server-sdk');
  cloud.init({ env: 'local-env' });

  return {
    service,
    url,
    dataDir,
    requests,
    database: (dbOpts) => {
      // The SDK reads TCB_CONTEXT_CNFG on every request: keep it pointing here.
      Object.assign(process.env, env);
      return cloud.database(dbOpts);
    },
    handle: (action, body) => service.handle(action, body),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      service.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
