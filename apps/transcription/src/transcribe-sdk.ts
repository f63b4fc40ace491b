// What the Transcribe API takes from the AWS SDK, in one module that `transcribe-api` loads with
// `import()` on first use: esbuild keeps it inside the bundle file but evaluates it only then, so
// the service never pays for the SDK on the local backend (pocketsphinx).
export {
  GetTranscriptionJobCommand,
  StartTranscriptionJobCommand,
  TranscribeClient,
} from '@aws-sdk/client-transcribe';
