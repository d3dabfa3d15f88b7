import { networkInterfaces } from 'node:os';

const WILDCARD = new Set(['0.0.0.0', '::', '']);

/** True for the names that only reach this machine. */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

const withPort = (name: string, port: number): string[] => {
  const h = name.includes(':') && !name.startsWith('[') ? `[${name}]` : name;
  return port === 80 ? [`${h}:80`, h] : [`${h}:${port}`];
};

/**
 * The `Host` values the runtime answers to: loopback names, the name it was bound to (every local
 * interface address when bound to all), and the host of `publicUrl`. Anything else is a page on
 * some other name whose DNS now points here (DNS rebinding), and is refused.
 */
export function allowedHosts(port: number, listenHost: string, publicUrl: string): Set<string> {
  const names = ['127.0.0.1', 'localhost', '::1'];
  if (WILDCARD.has(listenHost)) {
    for (const list of Object.values(networkInterfaces())) {
      for (const a of list ?? []) names.push(a.address.replace(/%.*$/, ''));
    }
  } else {
    names.push(listenHost);
  }
  const out = new Set<string>();
  for (const n of names) for (const h of withPort(n.toLowerCase(), port)) out.add(h);
  try {
    const u = new URL(publicUrl);
    out.add(u.host.toLowerCase());
    // new URL drops a default port; browsers do too, but a client may still send it.
    if (!u.port) out.add(`${u.host.toLowerCase()}:${u.protocol === 'https:' ? 443 : 80}`);
  } catch {
    /* not a URL: startRuntime rejects it before we get here */
  }
  return out;
}
