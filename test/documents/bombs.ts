/** Hostile documents made in the test run: nothing of the kind is committed. */
import { Zlib, zipSync } from 'fflate';

/** A .docx whose document.xml inflates to `mb` megabytes; `lie` rewrites the declared sizes to 1 KB. */
export function docxBomb(mb: number, lie = false): Uint8Array {
  const zip = zipSync({ '[Content_Types].xml': new TextEncoder().encode('<Types/>'), 'word/document.xml': new Uint8Array(mb << 20) }, { level: 9 });
  if (lie) {
    const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
    for (let i = 0; i + 4 <= zip.length; i++) {
      const sig = view.getUint32(i, true);
      if (sig === 0x04034b50) view.setUint32(i + 22, 1024, true);
      if (sig === 0x02014b50) view.setUint32(i + 24, 1024, true);
    }
  }
  return zip;
}

/** A one-page PDF whose content stream is a FlateDecode bomb inflating to `mb` megabytes of text operators. */
export function pdfBomb(mb: number): Uint8Array {
  const parts: Uint8Array[] = [];
  const z = new Zlib({ level: 6 });
  z.ondata = (chunk) => parts.push(chunk);
  const block = new TextEncoder().encode('BT /F1 12 Tf 72 712 Td (IEP) Tj ET\n'.repeat(30_000)); // ~1 MB
  for (let i = 0; i < mb; i++) z.push(block, i === mb - 1);
  const stream = concat(parts);
  const enc = new TextEncoder();
  const objs = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    null,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  const out: Uint8Array[] = [enc.encode('%PDF-1.4\n')];
  const offsets: number[] = [];
  let at = out[0]!.length;
  objs.forEach((o, i) => {
    offsets.push(at);
    const chunk = o === null
      ? concat([enc.encode(`${i + 1} 0 obj\n<< /Length ${stream.length} /Filter /FlateDecode >>\nstream\n`), stream, enc.encode('\nendstream\nendobj\n')])
      : enc.encode(`${i + 1} 0 obj\n${o}\nendobj\n`);
    out.push(chunk);
    at += chunk.length;
  });
  const xref = `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${at}\n%%EOF\n`;
  out.push(enc.encode(xref));
  return concat(out);
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) (out.set(p, at), (at += p.length));
  return out;
}
