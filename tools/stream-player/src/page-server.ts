import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface PageFile {
  body: string;
  contentType: string;
}

export interface PageServer {
  origin: string;
  close(): Promise<void>;
}

/**
 * Serves the player page and its scripts from memory on its own loopback port. A second origin
 * makes every media request cross-origin, as from a real site; it must be a real loopback server
 * (not request interception) because Chromium's local-network-access check refuses loopback
 * requests from a page whose own address it cannot see.
 */
export async function startPageServer(files: Record<string, PageFile>): Promise<PageServer> {
  const server = createServer((request, response) => {
    const file = files[new URL(request.url ?? '/', 'http://page').pathname];
    if (file === undefined) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'Content-Type': file.contentType, 'Cache-Control': 'no-store' });
    response.end(file.body);
  });
  await new Promise<void>((resolveListen, rejectListen) => {
    server.once('error', rejectListen);
    server.listen(0, '127.0.0.1', () => resolveListen());
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolveClose) => {
        server.closeAllConnections();
        server.close(() => resolveClose());
      }),
  };
}
