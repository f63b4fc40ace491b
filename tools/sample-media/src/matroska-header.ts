// A minimal Matroska writer, just enough to state any frame size or track count in the header. Real
// encoders refuse to make a 100000×100000 file or one with more than 1000 streams, so those
// fixtures are written by hand.

function ebmlElement(id: number[], payload: Buffer): Buffer {
  // Sizes are always written as 8-byte vints: valid EBML and simple.
  const size = Buffer.alloc(8);
  size.writeBigUInt64BE(BigInt(payload.length));
  size[0] = 0x01;
  return Buffer.concat([Buffer.from(id), size, payload]);
}

function ebmlUint(value: number): Buffer {
  const bytes: number[] = [];
  for (let rest = value; bytes.length === 0 || rest > 0; rest = Math.floor(rest / 256))
    bytes.unshift(rest % 256);
  return Buffer.from(bytes);
}

function mjpegTrack(trackNumber: number, width: number, height: number): Buffer {
  const videoSettings = ebmlElement(
    [0xe0],
    Buffer.concat([ebmlElement([0xb0], ebmlUint(width)), ebmlElement([0xba], ebmlUint(height))]),
  );
  return ebmlElement(
    [0xae],
    Buffer.concat([
      ebmlElement([0xd7], ebmlUint(trackNumber)),
      ebmlElement([0x73, 0xc5], ebmlUint(trackNumber)),
      ebmlElement([0x83], ebmlUint(1)),
      ebmlElement([0x86], Buffer.from('V_MJPEG')),
      videoSettings,
    ]),
  );
}

/**
 * A one-frame MJPEG-in-Matroska file whose header claims `trackCount` video tracks (default 1) of
 * `width × height` each and a 1 s duration.
 */
export function buildMatroskaClaimingSize({
  width,
  height,
  trackCount = 1,
}: {
  width: number;
  height: number;
  trackCount?: number;
}): Buffer {
  const header = ebmlElement(
    [0x1a, 0x45, 0xdf, 0xa3],
    Buffer.concat([
      ebmlElement([0x42, 0x86], ebmlUint(1)),
      ebmlElement([0x42, 0xf7], ebmlUint(1)),
      ebmlElement([0x42, 0xf2], ebmlUint(4)),
      ebmlElement([0x42, 0xf3], ebmlUint(8)),
      ebmlElement([0x42, 0x82], Buffer.from('matroska')),
      ebmlElement([0x42, 0x87], ebmlUint(4)),
      ebmlElement([0x42, 0x85], ebmlUint(2)),
    ]),
  );
  const durationMs = Buffer.alloc(8);
  durationMs.writeDoubleBE(1000);
  const info = ebmlElement(
    [0x15, 0x49, 0xa9, 0x66],
    Buffer.concat([
      ebmlElement([0x2a, 0xd7, 0xb1], ebmlUint(1_000_000)),
      ebmlElement([0x44, 0x89], durationMs),
    ]),
  );
  const tracks = ebmlElement(
    [0x16, 0x54, 0xae, 0x6b],
    Buffer.concat(
      Array.from({ length: trackCount }, (_, index) => mjpegTrack(index + 1, width, height)),
    ),
  );
  const simpleBlock = Buffer.from([0x81, 0x00, 0x00, 0x80, 0xff, 0xd8, 0xff, 0xd9]);
  const cluster = ebmlElement(
    [0x1f, 0x43, 0xb6, 0x75],
    Buffer.concat([ebmlElement([0xe7], ebmlUint(0)), ebmlElement([0xa3], simpleBlock)]),
  );
  return Buffer.concat([
    header,
    ebmlElement([0x18, 0x53, 0x80, 0x67], Buffer.concat([info, tracks, cluster])),
  ]);
}
