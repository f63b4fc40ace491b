import { createServer } from 'node:http';
import { listenOnLoopback, type LoopbackListener } from './listen-on-loopback';

export interface PageFile {
  body: string;
  contentType: string;
}

/**
 * Serves the player page and its scripts from memory on its own loopback port. A second origin
 * makes every media request cross-origin, as from a real site; it must be a real loopback server
 * (not request interception) because Chromium's local-network-access check refuses loopback
 * requests from a page whose own address it cannot see.
 */
export async function startPageServer(files: Record<string, PageFile>): Promise<LoopbackListener> {
  const server = createServer((request, response) => {
    const file = files[new URL(request.url ?? '/', 'http://page').pathname];
    if (file === undefined) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'Content-Type': file.contentType, 'Cache-Control': 'no-store' });
    response.end(file.body);
  });
  return listenOnLoopback(server);
}
