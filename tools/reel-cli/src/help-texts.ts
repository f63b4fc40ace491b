export const mainHelp = `reel — serverless media processing, on your machine first.

Usage: npx reel <command> [options]

Commands:
  run      Run the processing workflow on a media file (local by default): validate → extract
           audio → transcribe → plan cuts → render → transcode (HLS/DASH/MP4, poster, thumbnails)
  status   Show one job's manifest in readable form (--json for the document)
  jobs     List a tenant's jobs
  plan     Show a job's cut plan as a table, or export it (EDL, FCPXML)
  render   Render a job again with its current (edited) cut plan, then transcode it again
  tenant   Show or change a tenant's settings (guardrails, defaults, branding)
  keys     Create, list or revoke a tenant's API keys (for the HTTP APIs)
  serve    Serve the HTTP APIs and local object URLs on a local port (the built bundles)
  help     Show help for a command: npx reel help run

Options:
  -h, --help     Show help
  -v, --version  Show the version

Storage and manifests live under MEDIA_STORAGE_PATH (default ./storage); set REEL_BACKEND=aws
to use S3 and DynamoDB instead (see the README's configuration table).
Exit codes: 0 done, 1 the command failed (a typed error with advice), 2 a usage error.`;

export const runHelp = `Usage: npx reel run --input FILE [options]

Stores FILE as a job's input, runs the workflow's six steps (1 validate → 2 audio extraction →
3 transcription → 4 cut plan → 5 render → 6 transcode) with each step in its service's built
bundle, shows progress, and prints where the outputs and manifest are, the streams and the ffplay
lines that play them (HLS, DASH). The transcode writes, under <storage>/<env>/<tenant>/<job>/ (version vN,
new with every transcode):
  renditions/cmaf/vN/master.m3u8   HLS master     (play: ffplay <…>/master.m3u8)
  renditions/cmaf/vN/manifest.mpd  DASH MPD over the same CMAF segments
                                   (play: ffplay -allowed_extensions ALL /abs/path/manifest.mpd)
  renditions/mp4/vN/<top rung>.mp4 progressive MP4 (+faststart)
  thumbnails/vN/                   poster.jpg, thumb-NNNNN.jpg, sprite.jpg, storyboard.vtt
Re-running a failed job resumes at the failed step; a completed job is left alone unless --force.
One run per job: while a job runs, another run of it is refused at once (CONFLICT).

Options:
  -i, --input FILE       Media file to process (required for a new job): a regular file, not a link or device
  -t, --tenant ID        Tenant id (default: local)
  -j, --job ID           Job id (default: generated and printed)
  -e, --env NAME         Environment, the first key segment (default: REEL_ENV or dev)
      --segment-sec N    Also cut the audio into N-second MP3 segments (5–600)
      --render-options JSON|@FILE  This job's render options (RenderOptions; over the tenant's defaults)
      --transcode-options JSON|@FILE
                         This job's transcode options (TranscodeOptions; over the tenant's ladder
                         defaults), any of: rungs, segmentDurationSec (1–30), thumbnailIntervalSec,
                         loudnessTarget, chunkThresholdSec, chunkDurationSec, lowestRungFirst,
                         x264Preset, retentionHours; e.g. '{"rungs":[720,480],"segmentDurationSec":2}'
      --force            Run a completed job again from the first step
      --no-build         Use the existing bundles in dist/apps instead of building them
      --json             Print the final manifest as JSON instead of the summary
  -h, --help             Show this help

Exit code: 0 when the job completed, 1 when it failed or another run holds it, 2 for a usage error
(an unknown option, a missing or invalid value, an invalid id).`;

export const statusHelp = `Usage: npx reel status --job ID [--tenant ID] [--env NAME] [--json]

Shows a job's status, input, the six steps (validate, audio-extraction, transcription,
smart-cut-planner, video-render-engine, media-transcoder) with attempts and durations, outputs, the
transcode's streams (renditions, loudness, HLS master, DASH MPD, MP4, poster, storyboard) with the
ffplay lines that play them and the superseded versions still stored (a later transcode removes
them once retentionHours have passed; nothing sweeps in the background), the run holding it if
one is running, and the typed error with advice when it failed. When a step's re-run failed, it also
lists the outputs its last success left (e.g. renders/render.mp4 after a failed re-render), which
attempt wrote them and whether that was an earlier run, with their sizes ('missing' when gone).
--json prints the manifest document itself.`;

export const jobsHelp = `Usage: npx reel jobs [--tenant ID] [--status STATUS] [--limit N] [--env NAME] [--json]

Lists a tenant's jobs, newest first. STATUS is one of uploaded, queued, processing, completed,
failed.`;

export const planHelp = `Usage: npx reel plan --job ID [--tenant ID] [one of the actions below] [--env NAME] [--json]

Shows the job's current cut plan: every keep/cut segment, numbered from 1 (the # column), with its
times, length, reason (silence, filler, repeat) and confidence, then the totals. The plan is an
editable JSON document (plan/cut-plan.json under the job); every change is kept as a version
(plan/cut-plan.v{N}.json, never rewritten) and the manifest records which one is current. A
re-plan (npx reel run --force) never replaces a hand-edited plan: its proposal becomes a further
version, which --use makes current. Render the current plan with npx reel render (steps 5 render
and 6 transcode run again: new streams under renditions/cmaf/vN+1/).

Actions (one at a time):
      --toggle N            Flip segment N between keep and cut
      --keep N              Keep segment N
      --cut N               Cut segment N
      --use V               Make stored version V current (e.g. the planner's proposal)
      --versions            List the versions: number, created, by planner or hand, kept/removed
      --export edl|fcpxml   Write the plan for an editor: CMX 3600 EDL (Resolve, Premiere) or
                            FCPXML (Final Cut Pro, Resolve), to FILE or ./<job>.<ext>
      --all-segments        With --export: carry the cut segments too, so the editor decides
                            (FCPXML: disabled clips with a reason marker; EDL: events with a
                            "REEL CUT" comment, since CMX 3600 has no disabled event)
  -o, --out FILE            Where --export writes

An edit writes a new version, makes it current (cut-plan.json, the EDL and FCPXML exports, the
manifest) and prints the new plan. Exit code: 0 done, 1 failed (e.g. no plan, a hand-edited plan
that is not valid), 2 for a usage error (a segment or version that does not exist: nothing is
written).`;

export const renderHelp = `Usage: npx reel render --job ID [--tenant ID] [--options JSON|@FILE] [options]

Renders the job again from its source and its current cut plan (the newest version: a hand-edited
plan, or one changed with npx reel plan), then runs every step after the render (step 5 render →
step 6 transcode), so later outputs match the new cut. Writes renders/render.mp4 with
render.srt/.vtt, transcript.json re-timed to the cut, episode.mp3 and removed-preview.mp4 under the
job, then a new transcode version vN+1: renditions/cmaf/vN+1/master.m3u8 (HLS) and manifest.mpd
(DASH), renditions/mp4/vN+1/, thumbnails/vN+1/ (new URLs; the manifest points at them). Superseded
versions are removed by a later transcode once retentionHours have passed (no background sweep).
One run per job, like reel run.
A hand edit of cut-plan.json that no plan version records yet is first recorded as a new version
('edited cut-plan.json', made current; npx reel plan --versions lists it), so the render's
planVersion names the bytes it played.

Options:
  -j, --job ID              Job id (required; the job must have a cut plan)
  -t, --tenant ID           Tenant id (default: local)
  -o, --options JSON|@FILE  Render options for this render, over the tenant's render defaults, e.g.
                            '{"subtitles":{"mode":"burn"},"transition":{"durationMs":300}}'
      --transcode-options JSON|@FILE
                            Transcode options for this run, over the tenant's ladder defaults, e.g.
                            '{"rungs":[720,480],"segmentDurationSec":2}' (keys as in reel run --help)
  -e, --env NAME            Environment, the first key segment (default: REEL_ENV or dev)
      --no-build            Use the existing bundles in dist/apps instead of building them
      --json                Print the final manifest as JSON instead of the summary
  -h, --help                Show this help

Exit code: 0 when the job completed, 1 when it failed or another run holds it, 2 for a usage error.`;

export const serveHelp = `Usage: npx reel serve [--port 8080] [--host 127.0.0.1] [--env NAME] [--no-build]

Serves the HTTP APIs on a local socket as API Gateway runs them on AWS, with no Docker: each request
becomes an API Gateway v2 event for the route's BUILT bundle (dist/apps/<app>/index.mjs), run in
warm hosts like Lambda execution environments (up to REEL_LOCAL_WORKERS per API at once, default 2).
Routes that need a tenant API key run the key authorizer first (the same code as on AWS): no key or
a bad, revoked or other-env key is 401. Errors are application/problem+json.

Routes:
  ANY /api/v1/audio_clips/{proxy+}  audio-clips-api (API key)
  GET|HEAD|PUT /objects/{key}?…      the media root's signed URLs (local backend): a changed or
                                     expired URL is 403, Range requests 206

The apps get REEL_PUBLIC_BASE_URL=<this server>/objects, so the URLs they mint point here.
One JSON line per request on stdout (method, path, query without signatures, status, duration,
request id); the apps' own logs go to MEDIA_STORAGE_PATH/.reel/logs/serve-<time>.jsonl.

Options:
  -p, --port N      Port (default 8080); 0 picks a free one (the URL is printed)
      --host ADDR   Address to listen on (default 127.0.0.1; 0.0.0.0 for every interface)
  -e, --env NAME    Environment, the first key segment (default: REEL_ENV or dev); keys are per env
      --no-build    Use the bundles in dist/apps as they are instead of building the APIs first
  -h, --help        Show this help

Make a key with npx reel keys create --tenant ID, then:
  curl -H "Authorization: Bearer $KEY" "http://127.0.0.1:8080/api/v1/audio_clips/EPISODE?start_time_ms=0&duration_ms=3000"

SIGINT (Ctrl-C) or SIGTERM stops it: no new connections, requests in flight are answered, the
hosts exit, and a video still processing is marked failed (CANCELLED) with its run lease released,
so POST /videos/{id}/process resumes it after a restart; a second signal exits at once. Exit code: 0 after a stop, 1 when it cannot start
(e.g. CONFIG_INVALID: the port is in use), 2 for a usage error.`;
