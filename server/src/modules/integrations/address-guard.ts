import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import os from 'node:os';

/** One address a host name resolves to. */
export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Resolves a host name to every address it has (the system's resolver: hosts file, then DNS). */
export type HostResolver = (host: string) => Promise<ResolvedAddress[]>;

export const systemResolver: HostResolver = async (host) =>
  (await lookup(host, { all: true, verbatim: true })).map((a) => ({
    address: a.address,
    family: a.family === 6 ? 6 : 4,
  }));

/** Why an address is refused: each is a message key (`field_<key>`). */
export type AddressRefusal =
  | 'webhook_url'
  | 'webhook_url_credentials'
  | 'webhook_url_port'
  | 'webhook_url_unresolved'
  | 'webhook_url_self'
  | 'webhook_url_loopback'
  | 'webhook_url_reserved';

export interface GuardOptions {
  /** Receivers on this machine allowed (tests, development): WEBHOOKS_ALLOW_LOOPBACK. */
  allowLoopback: boolean;
  /** The addresses this server answers at by name (PUBLIC_URL, where it listens). */
  selfUrls: string[];
  /** The port this process listens on: any address of this machine at that port is the server. */
  listenPort: number | null;
  /** The addresses of this machine's network interfaces (`os.networkInterfaces()`). */
  ownAddresses: string[];
  resolve: HostResolver;
  /** How long a name may take to resolve before it counts as not resolving. */
  timeoutMs: number;
}

export type GuardResult =
  { ok: true; url: URL; pinned: ResolvedAddress } | { ok: false; refusal: AddressRefusal; detail: string };

/** The addresses of this machine's interfaces (the IPv6 zone, `%eth0`, left out). */
export const machineAddresses = (): string[] =>
  Object.values(os.networkInterfaces())
    .flat()
    .flatMap((i) => (i ? [i.address.replace(/%.*$/, '')] : []));

type Kind = 'unspecified' | 'loopback' | 'reserved' | 'private' | 'public';

const ranges = (list: [string, number, 'ipv4' | 'ipv6'][]): BlockList => {
  const b = new BlockList();
  for (const [net, prefix, type] of list) b.addSubnet(net, prefix, type);
  return b;
};

const UNSPECIFIED = ranges([
  ['0.0.0.0', 8, 'ipv4'],
  ['::', 128, 'ipv6'],
]);
const LOOPBACK = ranges([
  ['127.0.0.0', 8, 'ipv4'],
  ['::1', 128, 'ipv6'],
]);
/** Link-local (cloud metadata at 169.254.169.254), multicast, broadcast and the reserved 240/4. */
const RESERVED = ranges([
  ['169.254.0.0', 16, 'ipv4'],
  ['224.0.0.0', 4, 'ipv4'],
  ['240.0.0.0', 4, 'ipv4'],
  ['fe80::', 10, 'ipv6'],
  ['ff00::', 8, 'ipv6'],
]);
/** The LAN: where a city's document-management system usually lives. Allowed. */
const PRIVATE = ranges([
  ['10.0.0.0', 8, 'ipv4'],
  ['172.16.0.0', 12, 'ipv4'],
  ['192.168.0.0', 16, 'ipv4'],
  ['100.64.0.0', 10, 'ipv4'],
  ['fc00::', 7, 'ipv6'],
]);

/** The eight 16-bit groups of an IPv6 address (a dotted IPv4 tail included), or null. */
function ipv6Groups(address: string): number[] | null {
  let text = address.toLowerCase();
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const parts = dotted[1]!.split('.').map(Number);
    if (parts.some((p) => p > 255)) return null;
    text =
      text.slice(0, -dotted[1]!.length) +
      `${((parts[0]! << 8) | parts[1]!).toString(16)}:${((parts[2]! << 8) | parts[3]!).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const part = (s: string) => (s === '' ? [] : s.split(':').map((g) => parseInt(g, 16)));
  const head = part(halves[0]!);
  const tail = halves.length === 2 ? part(halves[1]!) : [];
  const fill = 8 - head.length - tail.length;
  if (halves.length === 1 ? head.length !== 8 : fill < 0) return null;
  const groups = [...head, ...Array<number>(halves.length === 2 ? fill : 0).fill(0), ...tail];
  return groups.some((g) => Number.isNaN(g) || g < 0 || g > 0xffff) ? null : groups;
}

/**
 * The address as the network will use it: an IPv4 address carried in IPv6 (`::ffff:127.0.0.1`,
 * `::ffff:7f00:1`, the old `::127.0.0.1`, NAT64's `64:ff9b::7f00:1`) is that IPv4 address.
 */
export function normalizeAddress(address: string): string {
  const bare = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  if (isIP(bare) !== 6) return bare;
  const g = ipv6Groups(bare);
  if (!g) return bare.toLowerCase();
  const v4 = () => `${g[6]! >> 8}.${g[6]! & 0xff}.${g[7]! >> 8}.${g[7]! & 0xff}`;
  const zeros = (n: number) => g.slice(0, n).every((x) => x === 0);
  if (zeros(5) && g[5] === 0xffff) return v4();
  if (zeros(6) && (g[6] !== 0 || g[7]! > 1)) return v4();
  if (g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0)) return v4();
  return g.map((x) => x.toString(16)).join(':');
}

function kindOf(address: string): Kind {
  const type = isIP(address) === 6 ? 'ipv6' : 'ipv4';
  if (UNSPECIFIED.check(address, type)) return 'unspecified';
  if (LOOPBACK.check(address, type)) return 'loopback';
  if (RESERVED.check(address, type) || address === '255.255.255.255') return 'reserved';
  if (PRIVATE.check(address, type)) return 'private';
  return 'public';
}

const portOf = (u: URL): string => u.port || (u.protocol === 'https:' ? '443' : '80');
const hostOf = (u: URL): string => u.hostname.replace(/^\[|\]$/g, '').toLowerCase();

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p,
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/** A name's addresses, normalized; an IP literal is its own address (no lookup). */
async function addressesOf(host: string, opts: GuardOptions): Promise<string[]> {
  if (isIP(host)) return [normalizeAddress(host)];
  if (host === 'localhost' || host.endsWith('.localhost')) return ['127.0.0.1', '::1'];
  const found = await withTimeout(opts.resolve(host), opts.timeoutMs);
  return found.map((a) => normalizeAddress(a.address));
}

/**
 * Whether an outgoing webhook may be sent to `href`, looking at where it really goes: the host
 * name is resolved and every address it has is checked (a name that resolves to 127.0.0.1 is
 * loopback, whatever it is called).
 *
 * - Never: not http(s), credentials in the address, port 0, a name that does not resolve, the
 *   unspecified address (0.0.0.0, ::), link-local (169.254/16 — cloud metadata —, fe80::/10),
 *   multicast, broadcast; nor this server itself — its public address by name (by name only: a
 *   proxy in front of it may serve other sites on the same address), or any address of this
 *   machine (loopback included) at the port it listens on — even with `allowLoopback`.
 * - Only with `allowLoopback` (tests, development, a receiver on the same machine): loopback
 *   (127/8, ::1, also written `::ffff:127.0.0.1`) and this machine's own addresses.
 * - Allowed: the LAN (10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7) and public addresses.
 *
 * IPv4 written in IPv6 is read as the IPv4 address. On success answers the address to connect to
 * (the first one resolved), to be pinned for the request so that a second DNS answer cannot send
 * it elsewhere (DNS rebinding).
 */
export async function checkWebhookAddress(href: string, opts: GuardOptions): Promise<GuardResult> {
  let u: URL;
  try {
    u = new URL(href);
  } catch {
    return { ok: false, refusal: 'webhook_url', detail: 'not a URL' };
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:')
    return { ok: false, refusal: 'webhook_url', detail: `protocol ${u.protocol}` };
  if (u.username || u.password)
    return { ok: false, refusal: 'webhook_url_credentials', detail: 'credentials in the address' };
  if (u.port === '0') return { ok: false, refusal: 'webhook_url_port', detail: 'port 0' };
  const host = hostOf(u);
  const port = portOf(u);

  const selfs: URL[] = [];
  for (const s of opts.selfUrls) {
    try {
      selfs.push(new URL(s));
    } catch {
      // A self address that is no URL names nothing to refuse.
    }
  }
  const samePort = selfs.filter((s) => portOf(s) === port);
  if (samePort.some((s) => hostOf(s) === host))
    return { ok: false, refusal: 'webhook_url_self', detail: 'the server’s own address' };

  let addresses: string[];
  try {
    addresses = await addressesOf(host, opts);
  } catch (err) {
    const e = err as { code?: string; message?: string };
    return { ok: false, refusal: 'webhook_url_unresolved', detail: `${host}: ${e.code ?? e.message}` };
  }
  if (addresses.length === 0)
    return { ok: false, refusal: 'webhook_url_unresolved', detail: `${host}: no address` };

  const own = new Set(opts.ownAddresses.map(normalizeAddress));
  const atListenPort = opts.listenPort !== null && port === String(opts.listenPort);
  for (const a of addresses) {
    const kind = kindOf(a);
    const local = kind === 'loopback' || kind === 'unspecified' || own.has(a);
    if (local && atListenPort)
      return { ok: false, refusal: 'webhook_url_self', detail: `${host} is ${a}, this server` };
    if (kind === 'unspecified' || kind === 'reserved')
      return { ok: false, refusal: 'webhook_url_reserved', detail: `${host} is ${a}` };
    if (local && !opts.allowLoopback)
      return { ok: false, refusal: 'webhook_url_loopback', detail: `${host} is ${a}, this machine` };
  }
  const first = addresses[0]!;
  return { ok: true, url: u, pinned: { address: first, family: isIP(first) === 6 ? 6 : 4 } };
}

/** Where an outgoing call may go now: resolved and checked (the address to connect to), or why not. */
export type AddressCheck = (href: string) => Promise<GuardResult>;

/**
 * The one guard of every outgoing call this server makes on an administrator's say-so (event
 * webhooks, the SMS/Zalo gateway): the same rules and the same setting (WEBHOOKS_ALLOW_LOOPBACK),
 * this server's own addresses and this machine's interfaces read at each check.
 */
export function outgoingAddressCheck(o: {
  allowLoopback: boolean;
  /** How long a name may take to resolve. */
  timeoutMs: number;
  /** The addresses this server answers at (PUBLIC_URL, where it listens). */
  selfUrls: () => string[];
  /** The port this process listens on. */
  listenPort: () => number | null;
  /** Resolves host names (the system's resolver unless given: tests add names). */
  resolveHost?: HostResolver | undefined;
}): AddressCheck {
  const resolve = o.resolveHost ?? systemResolver;
  return (href) =>
    checkWebhookAddress(href, {
      allowLoopback: o.allowLoopback,
      selfUrls: o.selfUrls(),
      listenPort: o.listenPort(),
      ownAddresses: machineAddresses(),
      resolve,
      timeoutMs: o.timeoutMs,
    });
}
