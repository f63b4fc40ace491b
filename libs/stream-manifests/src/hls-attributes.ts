import { InvalidRequestError } from '@reel/error-taxonomy';

/**
 * One attribute of an RFC 8216 attribute list. The kind decides the quoting (§4.2): URIs, names,
 * group ids, CODECS and CHANNELS are quoted-strings; YES/NO and TYPE are enumerated-strings;
 * BANDWIDTH is a decimal-integer, FRAME-RATE a decimal-floating-point, RESOLUTION a
 * decimal-resolution — those three are never quoted.
 */
export type HlsAttribute =
  | { name: string; quoted: string }
  | { name: string; enumerated: string }
  | { name: string; integer: number }
  | { name: string; decimal: number; fractionDigits: number }
  | { name: string; resolution: { width: number; height: number } };

/** Writes `NAME=value,NAME="value"` with each value quoted (or not) as its kind requires. */
export function formatAttributeList(attributes: readonly HlsAttribute[]): string {
  return attributes.map((attribute) => `${attribute.name}=${formatValue(attribute)}`).join(',');
}

function formatValue(attribute: HlsAttribute): string {
  if ('quoted' in attribute) {
    // A quoted-string cannot hold a double quote, CR or LF, and RFC 8216 has no escape for them.
    if (/["\r\n]/.test(attribute.quoted)) {
      throw new InvalidRequestError(
        `HLS attribute ${attribute.name} cannot hold a double quote or a line break`,
        { details: { attribute: attribute.name, value: attribute.quoted } },
      );
    }
    return `"${attribute.quoted}"`;
  }
  if ('enumerated' in attribute) {
    if (!/^[^",\s]+$/.test(attribute.enumerated)) {
      throw new InvalidRequestError(`HLS attribute ${attribute.name} is not an enumerated-string`, {
        details: { attribute: attribute.name, value: attribute.enumerated },
      });
    }
    return attribute.enumerated;
  }
  if ('integer' in attribute) {
    return String(requireWholeNumber(attribute.name, attribute.integer));
  }
  if ('decimal' in attribute) {
    requirePositive(attribute.name, attribute.decimal);
    return attribute.decimal.toFixed(attribute.fractionDigits);
  }
  const { width, height } = attribute.resolution;
  return `${requireWholeNumber(attribute.name, width)}x${requireWholeNumber(attribute.name, height)}`;
}

function requireWholeNumber(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new InvalidRequestError(`HLS attribute ${name} must be a positive whole number`, {
      details: { attribute: name, value },
    });
  }
  return value;
}

function requirePositive(name: string, value: number): void {
  if (!Number.isFinite(value) || value <= 0) {
    throw new InvalidRequestError(`HLS attribute ${name} must be a positive number`, {
      details: { attribute: name, value },
    });
  }
}

/**
 * Reads an attribute list into raw values (quoted-strings without their quotes). Returns
 * undefined for text that is not an attribute list, so the caller can name the line in its error.
 */
export function parseAttributeList(text: string): Map<string, string> | undefined {
  const attributes = new Map<string, string>();
  const pattern = /([A-Z0-9-]+)=("[^"\r\n]*"|[^",\s]*)(,|$)/gy;
  let position = 0;
  while (position < text.length) {
    pattern.lastIndex = position;
    const match = pattern.exec(text);
    if (match === null) return undefined;
    const [, name = '', value = ''] = match;
    attributes.set(name, value.startsWith('"') ? value.slice(1, -1) : value);
    position = pattern.lastIndex;
  }
  return attributes;
}

/** A playlist URI line: one line, not empty, not read as a tag or comment (`#`). */
export function requireUriLine(uri: string, role: string): string {
  if (uri === '' || /[\r\n]/.test(uri) || uri.startsWith('#')) {
    throw new InvalidRequestError(`The ${role} URI must be one line not starting with #`, {
      details: { uri },
    });
  }
  return uri;
}
