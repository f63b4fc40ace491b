// Runs s3rver in its own process so its memory stays out of the bench's RSS samples.
// Usage: fork with argv [directory, bucket]; it sends { port } once listening and stops on 'stop'.
import S3rver from 's3rver';

const [directory, bucket] = process.argv.slice(2);
if (directory === undefined || bucket === undefined || process.send === undefined) {
  throw new Error('s3rver-process must be forked with a directory and a bucket');
}
const server = new S3rver({
  address: '127.0.0.1',
  port: 0,
  silent: true,
  directory,
  configureBuckets: [{ name: bucket }],
});
const { port } = await server.run();
process.send({ port });
process.on('message', (message) => {
  if (message === 'stop') void server.close().then(() => process.exit(0));
});
