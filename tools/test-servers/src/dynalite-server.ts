// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- dynalite and s3rver ship no types; the declaration travels with the harness into every project that imports it
/// <reference path="./dynalite.d.ts" />
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import type { AddressInfo } from 'node:net';

export interface DynaliteHandle {
  endpoint: string;
  /** A client for this server with dummy credentials; destroyed by `close`. */
  client: DynamoDBClient;
  close(): Promise<void>;
}

/** An in-memory dynalite on a random free loopback port, tables ACTIVE at once. */
export async function startDynalite(): Promise<DynaliteHandle> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  return {
    endpoint,
    client,
    async close() {
      client.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
    },
  };
}
