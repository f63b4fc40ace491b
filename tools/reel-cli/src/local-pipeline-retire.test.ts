import type { ServiceName } from '@reel/service-presets';
import { describe, expect, it } from 'vitest';
import { servicesBefore } from './local-pipeline';

describe('servicesBefore', () => {
  const services: ServiceName[] = [
    'media-validator',
    'audio-extraction',
    'video-render-engine',
    'job-status',
  ];

  it('names the services whose steps the workflow has passed when it invokes a later one', () => {
    expect(servicesBefore(services, 'media-validator')).toEqual([]);
    expect(servicesBefore(services, 'video-render-engine')).toEqual([
      'media-validator',
      'audio-extraction',
    ]);
    expect(servicesBefore(services, 'job-status')).toEqual(services.slice(0, 3));
  });

  it('retires nothing for a service the run does not list', () => {
    expect(servicesBefore(services, 'transcription')).toEqual([]);
  });
});
