import type { Readable } from 'node:stream';

/**
 * Streaming XML for Office parts: saxes (loaded on the first Office file) fed chunk by chunk, so a
 * 500 MB worksheet never becomes a string or a DOM. Handlers see local names (`w:p` → `p`): Office
 * writers use fixed prefixes in practice but the prefix is not what makes the element. saxes does
 * not expand entities declared in a DTD (an undefined entity is an error), so "billion laughs"
 * cannot blow up here.
 */
type SaxesModule = typeof import('saxes');

let saxes: Promise<SaxesModule> | undefined;
function loadSaxes(): Promise<SaxesModule> {
  saxes ??= import('saxes');
  return saxes;
}

export interface XmlTag {
  /** Local name, without prefix. */
  name: string;
  /** Attributes by qualified name (`r:id`); use `attr` to look one up by local name. */
  attributes: Record<string, string>;
  isSelfClosing: boolean;
}

export interface XmlHandler {
  /** `tag` is reused for the next element: read it, do not keep it. */
  open?(tag: XmlTag): void;
  close?(name: string): void;
  text?(text: string): void;
}

export function localName(qualified: string): string {
  const colon = qualified.indexOf(':');
  return colon === -1 ? qualified : qualified.slice(colon + 1);
}

/** An attribute by local name (`id` finds `r:id`), first match. */
export function attr(tag: XmlTag, local: string): string | undefined {
  const direct = tag.attributes[local];
  if (direct !== undefined) return direct;
  for (const key in tag.attributes) if (localName(key) === local) return tag.attributes[key];
  return undefined;
}

/**
 * The relationship id of an element (`r:id`): by a prefixed `id`, since elements such as
 * `<p:sldId id="256" r:id="rId2"/>` also carry a plain `id` that is something else.
 */
export function relationshipId(tag: XmlTag): string | undefined {
  for (const key in tag.attributes) if (key.endsWith(':id')) return tag.attributes[key];
  return undefined;
}

/** Thrown for malformed XML; the message names the part, never its content. */
export class XmlError extends Error {
  constructor(part: string) {
    super(`malformed XML in ${part}`);
    this.name = 'XmlError';
  }
}

/**
 * Parses `source` with `handler`, yielding after every chunk whatever `drain()` returns: the
 * handler queues finished items (a sheet part of N rows) and the generator hands them on before
 * reading more, so the stream is paused while the consumer works (memory stays at one part).
 */
export async function* parseXml<T>(source: Readable | string, part: string, handler: XmlHandler, drain: () => T[], signal?: AbortSignal): AsyncGenerator<T> {
  const { SaxesParser } = await loadSaxes();
  const parser = new SaxesParser({ xmlns: false, position: false });
  let failed = false;
  parser.on('error', () => {
    failed = true;
    throw new XmlError(part);
  });
  // Few distinct element names occur, millions of times: strip each prefix once.
  const locals = new Map<string, string>();
  const local = (qualified: string): string => {
    let name = locals.get(qualified);
    if (name === undefined) locals.set(qualified, (name = localName(qualified)));
    return name;
  };
  if (handler.open) {
    const open = handler.open.bind(handler);
    // One tag object reused for every element (handlers read it, never keep it): less garbage.
    const tag: XmlTag = { name: '', attributes: {}, isSelfClosing: false };
    parser.on('opentag', (t) => {
      tag.name = local(t.name);
      tag.attributes = t.attributes as Record<string, string>;
      tag.isSelfClosing = t.isSelfClosing;
      open(tag);
    });
  }
  if (handler.close) {
    const close = handler.close.bind(handler);
    parser.on('closetag', (t) => close(local(t.name)));
  }
  if (handler.text) {
    const text = handler.text.bind(handler);
    parser.on('text', text);
    parser.on('cdata', text);
  }
  const write = (chunk: string): void => {
    try {
      parser.write(chunk);
    } catch (e) {
      // saxes reports through the handler above; anything else thrown by a handler is ours.
      throw failed || !(e instanceof Error) ? new XmlError(part) : e;
    }
  };
  if (typeof source === 'string') {
    write(source);
  } else {
    source.setEncoding('utf8');
    for await (const chunk of source) {
      if (signal?.aborted) {
        source.destroy();
        return;
      }
      write(chunk as string);
      const ready = drain();
      if (ready.length) yield* ready;
    }
  }
  try {
    parser.close();
  } catch {
    throw new XmlError(part);
  }
  yield* drain();
}

/** Collects a small XML part's handler results without yielding (rels, workbook, manifest). */
export async function parseXmlFully(source: Readable | string, part: string, handler: XmlHandler, signal?: AbortSignal): Promise<void> {
  for await (const _ of parseXml<never>(source, part, handler, () => [], signal)) {
    // nothing is queued
  }
}

/** `_x000D_`-style escapes OOXML uses for characters XML cannot carry. */
export function decodeOoxmlEscapes(s: string): string {
  return s.includes('_x') ? s.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))) : s;
}
