import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { StringParameter } from 'aws-cdk-lib/aws-ssm';
import { ladderOptionsSchema, type LadderOptions } from '@reel/tenant-settings';
import type { Construct } from 'constructs';

/**
 * The ladder the platform starts with: the transcode options' own ladder, written out so an
 * operator sees what to change. It is validated at synth, as the transcoder will validate it.
 */
export const INITIAL_PLATFORM_LADDER: Readonly<LadderOptions> = Object.freeze({
  rungs: [1080, 720, 480],
  segmentDurationSec: 4,
  thumbnailIntervalSec: 10,
  x264Preset: 'veryfast',
});

export interface PlatformLadderParameterProps {
  reelEnv: string;
  /** The function that reads it (the media-transcoder): it gets the name and `ssm:GetParameter` on it alone. */
  reader: IFunction & { addEnvironment(key: string, value: string): unknown };
  ladder?: LadderOptions;
}

/**
 * The platform's transcode ladder as the SSM String parameter `/reel/{env}/ladder` (JSON), like
 * the source design's MediaConvert presets: operators change the ladder without a deploy (a deploy
 * that changes {@link INITIAL_PLATFORM_LADDER} writes it again). The reader's environment gets
 * `REEL_LADDER_PARAMETER`, and its role exactly `ssm:GetParameter` on this parameter's ARN.
 *
 * @example
 * addPlatformLadderParameter(transcoderStack, { reelEnv: 'prod', reader: transcoderStack.function });
 */
export function addPlatformLadderParameter(
  scope: Construct,
  { reelEnv, reader, ladder = INITIAL_PLATFORM_LADDER }: PlatformLadderParameterProps,
): StringParameter {
  const parameterName = `/reel/${reelEnv}/ladder`;
  const parameter = new StringParameter(scope, 'PlatformLadder', {
    parameterName,
    description: 'reel: the platform transcode ladder (JSON transcode options, @reel/media-types)',
    stringValue: JSON.stringify(ladderOptionsSchema.parse(ladder)),
  });
  reader.addEnvironment('REEL_LADDER_PARAMETER', parameterName);
  // Not parameter.grantRead: that adds DescribeParameters, GetParameters and GetParameterHistory.
  reader.addToRolePolicy(
    new PolicyStatement({ actions: ['ssm:GetParameter'], resources: [parameter.parameterArn] }),
  );
  return parameter;
}
