/** An element of a parsed XML document: enough to check FCPXML's structure. */
export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
}

const TOKEN =
  /<\?[^?]*\?>|<!DOCTYPE[^>]*>|<!--[\s\S]*?-->|<(\/?)([A-Za-z_][\w.-]*)((?:\s+[\w:.-]+="[^"<]*")*)\s*(\/?)>/g;
const ATTRIBUTE = /([\w:.-]+)="([^"<]*)"/g;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/**
 * A strict little XML reader for documents without text content (FCPXML's structure): every tag
 * must close in order, attributes must be quoted, nothing but whitespace may sit between tags,
 * and there is exactly one root. Throws on anything else, so a malformed export fails the test.
 */
export function parseXml(text: string): XmlElement {
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let position = 0;
  for (const match of text.matchAll(TOKEN)) {
    const between = text.slice(position, match.index);
    if (between.trim() !== '')
      throw new Error(`Unexpected text at ${position}: ${between.slice(0, 40)}`);
    position = match.index + match[0].length;
    const [, closing, name, attributeText, selfClosing] = match;
    if (name === undefined) continue;
    if (closing === '/') {
      const open = stack.pop();
      if (open?.name !== name) throw new Error(`</${name}> closes <${open?.name ?? 'nothing'}>`);
      continue;
    }
    const element: XmlElement = {
      name,
      attributes: readAttributes(attributeText ?? ''),
      children: [],
    };
    const parent = stack.at(-1);
    if (parent) parent.children.push(element);
    else if (root) throw new Error(`A second root element <${name}>`);
    else root = element;
    if (selfClosing !== '/') stack.push(element);
  }
  if (text.slice(position).trim() !== '') throw new Error('Unexpected text after the last tag');
  if (stack.length > 0) throw new Error(`<${stack.at(-1)?.name}> is never closed`);
  if (!root) throw new Error('No root element');
  return root;
}

/** Every descendant element with this name, in document order. */
export function findAll(element: XmlElement, name: string): XmlElement[] {
  return element.children.flatMap((child) => [
    ...(child.name === name ? [child] : []),
    ...findAll(child, name),
  ]);
}

function readAttributes(text: string): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const [, key, value] of text.matchAll(ATTRIBUTE)) {
    if (key === undefined || value === undefined) continue;
    if (key in attributes) throw new Error(`Attribute ${key} appears twice`);
    attributes[key] = value.replace(/&(\w+);/g, (entity, entityName: string) => {
      const decoded = ENTITIES[entityName];
      if (decoded === undefined) throw new Error(`Unknown entity ${entity}`);
      return decoded;
    });
  }
  return attributes;
}
