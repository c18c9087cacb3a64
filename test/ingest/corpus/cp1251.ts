/** Test helper: encodes text as Windows-1251 (TextEncoder only writes UTF-8). */
export function encodeCp1251(text: string): Uint8Array {
  const dec = new TextDecoder('windows-1251');
  const table = new Map<string, number>();
  for (let b = 0x80; b <= 0xff; b++) table.set(dec.decode(Uint8Array.of(b)), b);
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    const code = ch.charCodeAt(0);
    const b = code < 0x80 ? code : table.get(ch);
    if (b === undefined) throw new Error(`not in Windows-1251: ${ch}`);
    out[i] = b;
  }
  return out;
}
