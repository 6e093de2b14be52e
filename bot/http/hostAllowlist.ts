/**
 * The Host header allowlist of the one HTTP server. A browser page on evil.example can make its name resolve to
 * 127.0.0.1 (DNS rebinding) and then talk to this server as "same origin"; what it cannot change is the Host
 * header, which carries its own name. So only loopback names on the port we listen on, the configured public
 * host (DEA_PUBLIC_HOST) and, in Snowflake mode, SPCS's own endpoint domains are answered. Probes (/healthz,
 * /readyz) are answered for any host: they reveal nothing and orchestrators call them by IP.
 */
import type { NextFunction, Request, Response } from 'express';

export interface HostPolicy {
  /** `name` (any port) or `name:port`, from DEA_PUBLIC_HOST. */
  publicHosts: readonly string[];
  /** Suffixes such as `.snowflakecomputing.app` (SPCS public endpoints), accepted on any port. */
  trustedSuffixes?: readonly string[];
}

/** SPCS public endpoints and service-to-service names: domains only Snowflake can point anywhere. */
export const SPCS_HOST_SUFFIXES = ['.snowflakecomputing.app', '.spcs.internal'];

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]']);
const PROBES = new Set(['/healthz', '/readyz']);

/** `Host` split into a lower-case name and a port (undefined when absent); undefined when malformed. */
function splitHost(host: string): { name: string; port: number | undefined } | undefined {
  const m = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::(\d{1,5}))?$/i.exec(host.trim());
  if (!m) return undefined;
  return { name: (m[1] as string).toLowerCase(), port: m[2] === undefined ? undefined : Number(m[2]) };
}

function hostAllowed(host: string | undefined, localPort: number | undefined, policy: HostPolicy): boolean {
  if (!host) return false;
  const h = splitHost(host);
  if (!h) return false;
  const port = h.port ?? 80;
  if (LOOPBACK_NAMES.has(h.name) && localPort !== undefined && port === localPort) return true;
  for (const entry of policy.publicHosts) {
    const p = splitHost(entry);
    if (p && p.name === h.name && (p.port === undefined || p.port === h.port)) return true;
  }
  return (policy.trustedSuffixes ?? []).some((s) => h.name.endsWith(s) && h.name.length > s.length);
}

export function hostAllowlist(policy: HostPolicy) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const host = req.headers.host;
    if (PROBES.has(req.path) || hostAllowed(host, req.socket.localPort, policy)) {
      next();
      return;
    }
    res
      .status(421)
      .set('Cache-Control', 'no-store')
      .json({
        error: 'misdirected_host',
        message: `This server does not answer for the host ${JSON.stringify(String(host ?? '').slice(0, 100))}. Open it as http://127.0.0.1:<port>/ or http://localhost:<port>/, or add the public name to DEA_PUBLIC_HOST.`,
      });
  };
}
