import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * A local imitation of a government web server: a route table, conditional GET on static
 * resources, and instrumentation (request log, in-flight count, start times) so tests can assert
 * politeness from the server's side.
 */
export interface Resource {
  body: string | Buffer;
  contentType?: string;
  status?: number;
  headers?: Record<string, string>;
  /** @default true: sends ETag + Last-Modified and answers 304 to matching validators */
  validators?: boolean;
}

export type Handler = (req: IncomingMessage, res: ServerResponse, site: TestSite) => void | Promise<void>;
export type Route = Resource | Handler;

export interface RequestRecord {
  path: string;
  startedAt: number;
  status: number;
  headers: IncomingMessage['headers'];
}

const LAST_MODIFIED = 'Mon, 15 Jan 2024 08:00:00 GMT';

export interface TestSiteOptions {
  /** loopback address to listen on. @default '127.0.0.1' */
  address?: string;
  /** port to listen on. @default 0 (any free port) */
  port?: number;
  /** answer every request with `Connection: close`, so each request needs a new connection */
  closeConnections?: boolean;
}

export class TestSite {
  readonly routes = new Map<string, Route>();
  readonly log: RequestRecord[] = [];
  inFlight = 0;
  maxInFlight = 0;
  /** TCP connections accepted */
  connections = 0;
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  private readonly options: TestSiteOptions;

  constructor(options: TestSiteOptions = {}) {
    this.options = options;
  }

  get origin(): string {
    const addr = this.server!.address() as AddressInfo;
    return `http://${addr.address}:${addr.port}`;
  }

  get port(): number {
    return (this.server!.address() as AddressInfo).port;
  }

  get host(): string {
    return new URL(this.origin).host;
  }

  url(path: string): string {
    return `${this.origin}${path}`;
  }

  route(path: string, route: Route): this {
    this.routes.set(path, route);
    return this;
  }

  /** paths requested, in order, with a 200/206 answer */
  fetchedPaths(): string[] {
    return this.log.filter((r) => r.status >= 200 && r.status < 300).map((r) => r.path);
  }

  requestsFor(path: string): RequestRecord[] {
    return this.log.filter((r) => r.path === path);
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      if (this.options.closeConnections) res.setHeader('connection', 'close');
      void this.handle(req, res);
    });
    this.server.on('connection', (socket) => {
      this.connections++;
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(this.options.port ?? 0, this.options.address ?? '127.0.0.1', () => {
        this.server!.off('error', reject);
        resolve();
      });
    });
    return this;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => (this.server?.listening ? this.server.close(() => resolve()) : resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = req.url ?? '/';
    const record: RequestRecord = { path, startedAt: Date.now(), status: 0, headers: req.headers };
    this.log.push(record);
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      this.inFlight--;
      record.status = res.statusCode;
    };
    res.on('finish', finish);
    res.on('close', finish);
    const route = this.routes.get(path) ?? this.routes.get(path.replace(/\?.*$/, ''));
    if (!route) {
      res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>404</h1>');
      return;
    }
    if (typeof route === 'function') {
      await route(req, res, this);
      return;
    }
    serveResource(req, res, route);
  }
}

export function serveResource(req: IncomingMessage, res: ServerResponse, resource: Resource): void {
  const body = typeof resource.body === 'string' ? Buffer.from(resource.body) : resource.body;
  const headers: Record<string, string> = { 'content-type': resource.contentType ?? 'text/html', ...resource.headers };
  if (resource.validators !== false && (resource.status ?? 200) === 200) {
    const etag = `"${createHash('sha1').update(body).digest('hex').slice(0, 16)}"`;
    headers['etag'] = etag;
    headers['last-modified'] = LAST_MODIFIED;
    if (req.headers['if-none-match'] === etag || (!req.headers['if-none-match'] && req.headers['if-modified-since'] === LAST_MODIFIED)) {
      res.writeHead(304, { etag }).end();
      return;
    }
  }
  headers['content-length'] = String(body.byteLength);
  res.writeHead(resource.status ?? 200, headers).end(body);
}

export async function startSites(count: number): Promise<TestSite[]> {
  return Promise.all(Array.from({ length: count }, () => new TestSite().start()));
}
